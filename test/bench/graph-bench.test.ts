/**
 * The Graph-cost bench (bench/graph-*.ts): its arithmetic on a tiny fake of the sandbox's counts,
 * and its two programs declaring the same apps (the same Entra objects, the same names looked up),
 * so that the requests it counts compare like with like. No deploy, no timing.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { markdown, resourceChanges, type Measurement } from "../../bench/graph-bench";
import { graphL1 } from "../../bench/graph-l1";
import { graphL3 } from "../../bench/graph-l3";
import { byTemplate, fixedAndPerApp, splitCounts } from "../../bench/graph-stats";
import { directoryOf, GRAPH_BENCH_STACK, graphBenchApps, scimHosts } from "../../bench/graph-workload";

describe("the bench's counting", () => {
  const fake = (apps: number) => ({
    total: 0,
    requests: {
      "POST /{tenant}/oauth2/v2.0/token": 2,
      "GET /metadata/endpoints": 1,
      "GET /v1.0/servicePrincipals/{id}": 3 * apps + 1,
      "GET /beta/groups": apps,
      "CONNECT (refused)": 1,
    },
  });

  test("Graph requests (/v1.0, /beta) are counted apart from sign-in, and a refused tunnel apart from both", () => {
    const split = splitCounts(fake(10));
    expect(split.graph).toEqual({ "GET /v1.0/servicePrincipals/{id}": 31, "GET /beta/groups": 10 });
    expect(split.signIn).toEqual({ "POST /{tenant}/oauth2/v2.0/token": 2, "GET /metadata/endpoints": 1 });
    expect(split).toMatchObject({ graphTotal: 41, signInTotal: 3, refused: 1 });
  });

  test("a count over several app counts splits into a fixed part and a part per app", () => {
    expect(fixedAndPerApp([1, 10, 100].map((apps) => ({ apps, count: 3 * apps + 1 })))).toEqual({ fixed: 1, perApp: 3 });
    // The smallest run (one app, one connector) does not bend the line through the two largest.
    expect(fixedAndPerApp([{ apps: 1, count: 9 }, { apps: 10, count: 31 }, { apps: 100, count: 301 }])).toEqual({ fixed: 1, perApp: 3 });
    // One app count: the split is unknown.
    expect(fixedAndPerApp([{ apps: 10, count: 31 }])).toEqual({ fixed: undefined, perApp: 3.1 });
    const rows = byTemplate([1, 10].map((apps) => ({ apps, counts: splitCounts(fake(apps)).graph })));
    expect(rows.map((r) => [r.key, r.counts, r.perApp, r.fixed])).toEqual([
      ["GET /v1.0/servicePrincipals/{id}", { 1: 4, 10: 31 }, 3, 1],
      ["GET /beta/groups", { 1: 1, 10: 10 }, 1, 0],
    ]);
  });

  test("the tables give totals per app and each template's parts", () => {
    const phase = (apps: number) => ({ ms: 1000, counts: fake(apps), split: splitCounts(fake(apps)) });
    const m = (apps: number): Measurement => ({ program: "construct", apps, synthMs: 1, deploy: phase(apps), plan: { ...phase(apps), noChanges: true } });
    const text = markdown([m(1), m(10)]);
    expect(text).toContain("| ScimProvisionedApp | 10 | 41 | 4.1 | 3 | 1.0 | 41 | 4.1 | 3 | 1.0 | yes |");
    expect(text).toContain("ScimProvisionedApp, no-change plan: Graph = 1 + 4 x apps; sign-in = 3 + 0 x apps");
    expect(text).toContain("| `GET /v1.0/servicePrincipals/{id}` | 4 | 31 | 3 | 1 |");
  });

  test("a plan with nothing to change may still read data sources (a check block's at apply)", () => {
    const plan = {
      resource_changes: [
        { address: "azuread_synchronization_job.a", change: { actions: ["no-op"] } },
        { address: "data.msgraph_resource.health", change: { actions: ["read"] } },
      ],
    };
    expect(resourceChanges(plan)).toEqual([]);
    plan.resource_changes.push({ address: "msgraph_update_resource.schema", change: { actions: ["update"] } });
    expect(resourceChanges(plan)).toEqual(["msgraph_update_resource.schema (update)"]);
  });
});

describe("the bench's workload", () => {
  test("the connectors in rotation, a local SCIM app per tenant URL host, each app's group and user seeded", () => {
    const apps = graphBenchApps(10);
    expect(apps.map((a) => a.kind)).toEqual(["ipass", "iprova", "airstack", "smartfile", "generic", "ipass", "iprova", "airstack", "smartfile", "generic"]);
    expect(new Set(apps.map((a) => a.displayName)).size).toBe(10);
    const hosts = scimHosts(apps);
    // iPass (its default URL), iProva and Airstack share a host each; every SmartFile site and generic app has its own.
    expect(hosts).toHaveLength(3 + 2 + 2);
    expect(hosts.flatMap((h) => h.apps).sort()).toEqual(apps.map((a) => a.id).sort());
    expect(directoryOf(apps).apps[3].assignments).toEqual([
      { principalType: "group", principal: "Bench Group 3" },
      { principalType: "user", principal: "bench.user3@contoso.com" },
    ]);
  });
});

describe("the bench's two programs declare the same apps", () => {
  const synthesize = (program: (n: number, outdir: string) => void) => {
    const out = mkdtempSync(join(tmpdir(), "bench-graph-"));
    program(5, out);
    return JSON.parse(readFileSync(join(out, "stacks", GRAPH_BENCH_STACK, "cdk.tf.json"), "utf8"));
  };
  const l3 = synthesize(graphL3);
  const l1 = synthesize(graphL1);
  const count = (blocks: object | undefined) => Object.keys(blocks ?? {}).length;
  const values = (blocks: object | undefined, field: string) => Object.values<any>(blocks ?? {}).map((b) => b[field]);

  test("the same resources of every type, and the same data sources but the lookups", () => {
    const types = (tf: any) => Object.fromEntries(Object.entries<object>(tf.resource).map(([t, b]) => [t, count(b)]));
    expect(types(l1)).toEqual(types(l3));
    const reads = (tf: any) => Object.fromEntries(Object.entries<object>(tf.data).filter(([t]) => !/^azuread_(user|group)s?$/.test(t)).map(([t, b]) => [t, count(b)]));
    expect(reads(l1)).toEqual(reads(l3));
    expect(Object.keys(l3.check).length).toBe(Object.keys(l1.check).length);
    expect(Object.keys(l3.variable).sort()).toEqual(Object.keys(l1.variable).sort());
  });

  test("the same display names, tenant URLs, templates, and the same users and groups looked up", () => {
    const sorted = (xs: unknown[]) => [...xs].map((x) => JSON.stringify(x)).sort();
    expect(sorted(values(l1.resource.azuread_application_from_template, "display_name"))).toEqual(sorted(values(l3.resource.azuread_application_from_template, "display_name")));
    expect(sorted(values(l1.data.azuread_application_template, "display_name"))).toEqual(sorted(values(l3.data.azuread_application_template, "display_name")));
    const baseAddresses = (tf: any) => Object.values<any>(tf.resource.azuread_synchronization_secret).map((s) => s.credential.find((c: any) => c.key === "BaseAddress").value);
    expect(sorted(baseAddresses(l1))).toEqual(sorted(baseAddresses(l3)));
    // The hand-written stack looks names up the way the azuread docs show, one data source per assignment.
    expect(sorted(values(l1.data.azuread_user, "user_principal_name"))).toEqual(sorted(values(l3.data.azuread_users, "user_principal_names").map((n) => n[0])));
    expect(sorted(values(l1.data.azuread_group, "display_name"))).toEqual(sorted(values(l3.data.azuread_groups, "display_names").map((n) => n[0])));
    expect(count(l3.data.azuread_groups)).toBe(5);
  });
});
