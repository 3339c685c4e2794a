/**
 * Benchmark program: N apps declared through ScimProvisionedApp (mappings, filters, assignments),
 * synthesized to a temp dir. Prints one JSON line: { apps, ms, maxRssMb }.
 * Usage: tsx bench/synth-l3.ts <N> <outdir>
 */
import { App, Connectors, EntraTenantStack, ScimProvisionedApp } from "../constructs";
import { BENCH_MAPPINGS } from "./workload";

const n = Number(process.argv[2]);
const outdir = process.argv[3];
const started = performance.now();

const app = new App({ outdir });
const stack = new EntraTenantStack(app, "bench", { tenantId: "contoso.onmicrosoft.com" });
for (let i = 0; i < n; i++) {
  new ScimProvisionedApp(stack, `app${i}`, {
    connector: Connectors.genericScim({ galleryName: `Bench App ${i}`, objects: ["users", "groups"] }),
    tenantUrl: `https://scim${i}.example.com/scim/v2`,
    notifications: { email: "idm-team@contoso.com" },
    accidentalDeletions: { threshold: 100 },
    assignments: [
      { group: `Bench Group ${i}`, role: "User" },
      { user: `user${i}@contoso.com`, role: "User" },
    ],
    ...BENCH_MAPPINGS,
  });
}
app.synth();
process.stdout.write(
  JSON.stringify({ apps: n, ms: Math.round(performance.now() - started), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + "\n",
);
