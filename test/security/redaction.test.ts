/**
 * One redaction for every command (issue 21, item 4): verify, drift, review and import cut a
 * secret out of what they print in every form it may come back in (any letter case,
 * percent-encoded, form-encoded, JSON-escaped, JSON with `\/`), with the same code
 * (cli/redaction.ts). The sentinel holds a quote, a backslash, a slash and a space, so each form
 * differs from the others.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as drift } from "../../cli/drift";
import { main as importApp } from "../../cli/import";
import { Secrets } from "../../cli/redaction";
import { main as review } from "../../cli/review";
import { main as verify } from "../../cli/verify";
import { AIRSTACK, clone, manifest, writeOut } from "../review/manifests";
import { synthManifests } from "../support/manifests";
import { throwawayCertificate } from "../support/scim-server";
import { REFLECTED, startHostileServer, type HostileServer } from "../verify/hostile-server";
import { jobFixture } from "../import/support";

const TOKEN = 'SENTINEL"quote\\back/slash Sp-7a1b';

/** Every form of the sentinel a command must never print. */
const FORMS: Record<string, string> = {
  raw: TOKEN,
  upper: TOKEN.toUpperCase(),
  lower: TOKEN.toLowerCase(),
  percent: encodeURIComponent(TOKEN),
  "percent (URI)": encodeURI(TOKEN),
  form: encodeURIComponent(TOKEN).replace(/%20/g, "+"),
  json: JSON.stringify(TOKEN).slice(1, -1),
  "json with \\/": JSON.stringify(TOKEN).slice(1, -1).replace(/\//g, "\\/"),
};

/** Fails when any form of the sentinel (in any case) is in the output. */
function expectNoSentinel(output: string): void {
  for (const [form, value] of Object.entries(FORMS)) expect([form, output.toLowerCase().includes(value.toLowerCase())]).toEqual([form, false]);
  // Nor the distinctive middle of it, however it was quoted.
  expect(output).not.toMatch(/quote.{0,6}back.{0,6}slash/i);
}

const io = () => {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: { write: (s: string) => ((out.stdout += s), true) }, stderr: { write: (s: string) => ((out.stderr += s), true) } } as any };
};

describe("the shared redaction", () => {
  test.each(Object.entries(FORMS))("%s: replaced", (_, form) => {
    const secrets = new Secrets().add(TOKEN);
    expect(secrets.redact(`before ${form} after`)).toBe("before *** after");
  });

  test("the environment's secrets: every TF_VAR_ value and ARM_/AZURE_ secrets; short values and other variables are not", () => {
    const secrets = Secrets.fromEnvironment({ TF_VAR_a: "SENTINEL-a", ARM_CLIENT_SECRET: "SENTINEL-b", AZURE_CLIENT_SECRET: "SENTINEL-c", TF_VAR_flag: "on", HOME: "/home/someone" });
    expect(secrets.redact("SENTINEL-a SENTINEL-b SENTINEL-c on /home/someone")).toBe("*** *** *** on /home/someone");
  });

  test("URL credentials: the password, or a lone user name; user:pass@ in any text", () => {
    const secrets = new Secrets().addUrlCredentials("https://admin:SENTINEL%2Fpass@h.example").addUrlCredentials("https://SENTINEL-tok@h.example");
    expect(secrets.redact("SENTINEL/pass SENTINEL%2Fpass SENTINEL-tok admin https://u:p@x.example")).toBe("*** *** *** admin https://***@x.example");
  });
});

describe("verify: a server reflecting the token", () => {
  let hostile: HostileServer;
  let caFile: string;
  beforeAll(async () => {
    const tls = await throwawayCertificate();
    hostile = await startHostileServer(tls);
    caFile = join(mkdtempSync(join(tmpdir(), "redaction-ca-")), "ca.pem");
    writeFileSync(caFile, tls.cert);
  }, 60_000);
  afterAll(() => hostile.close());

  test.each(Object.keys(REFLECTED))("%s", async (mode) => {
    const outDir = synthManifests([{ id: "app", tenantUrl: hostile.url(mode as any) }]);
    const { out, io: streams } = io();
    process.env.TF_VAR_app_secret_token = TOKEN;
    let code: number;
    try {
      code = await verify(["--out", outDir, "--ca", caFile, "--json"], streams);
    } finally {
      delete process.env.TF_VAR_app_secret_token;
    }
    expect(code).toBe(1);
    expectNoSentinel(out.stdout + out.stderr);
    expect(JSON.parse(out.stdout).apps[0].checks[0].message).toContain('the app says "bad request {\\"auth\\":\\"***\\"}"');
  });
});

describe("drift: a plan whose drifted values copy the token", () => {
  const plans = join(__dirname, "..", "fixtures", "plans");

  test.each(Object.entries(FORMS))("%s", (_, form) => {
    const plan = JSON.parse(readFileSync(join(plans, "drift-tenant-url.json"), "utf8"));
    plan.variables.smartfile_secret_token = { value: TOKEN };
    plan.resource_drift[0].change.after.credential[0].value = `https://evil.example.com/scim/${form}`;
    const file = join(mkdtempSync(join(tmpdir(), "redaction-plan-")), "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const { out, io: streams } = io();
    const code = drift(["--out", join(plans, "manifest"), "--stack", "example-tenant", "--plan-json", file], streams);
    expect(code).toBe(2);
    expectNoSentinel(out.stdout + out.stderr);
    expect(out.stdout).toContain("tenant URL changed outside code: https://demo1test.smartfile.com/ftp/scim → https://evil.example.com/scim/***");
  });
});

describe("review: a manifest value that copies a token of the environment", () => {
  test.each(Object.entries(FORMS))("%s", (_, form) => {
    const before = clone(AIRSTACK);
    const after = clone(AIRSTACK);
    after.displayName = `Airstack ${form}`;
    after.notifications = { email: `${form}@contoso.com`, sendOnFailure: true };
    const env = { TF_VAR_airstack_secret_token: TOKEN };
    for (const args of [["--out", writeOut(manifest([after]))], ["--out", writeOut(manifest([after])), "--format", "json"], ["--out", writeOut(manifest([after])), "--base", writeOut(manifest([before]))]]) {
      const { out, io: streams } = io();
      expect(review(args, streams, env)).toBe(0);
      expectNoSentinel(out.stdout + out.stderr);
      expect(out.stdout).toContain("***");
    }
  });
});

describe("import: Graph data (here a schema file) that copies a token of the environment", () => {
  test.each(Object.entries(FORMS))("%s", async (_, form) => {
    const dir = mkdtempSync(join(tmpdir(), "redaction-import-"));
    // The inexpressible fixture's undeclarable target is named on stderr and in the file's header.
    const job = JSON.stringify(jobFixture("inexpressible")).replace("urn:acme:bad target\\u0007", `urn:acme:${JSON.stringify(form).slice(1, -1)}`);
    const template = JSON.stringify(jobFixture("inexpressible"));
    writeFileSync(join(dir, "job.json"), job);
    writeFileSync(join(dir, "template.json"), template);
    expect(job).toContain("urn:acme:");
    const { out, io: streams } = io();
    const code = await importApp(
      ["--tenant", "contoso.onmicrosoft.com", "--app", "Acme", "--schema", "job.json", "--template", "template.json", "--tenant-url", "https://scim.example.com/scim", "--out", "-"],
      streams,
      { cwd: dir, env: { TF_VAR_acme_secret_token: TOKEN } },
    );
    expect(code).toBe(0);
    expectNoSentinel(out.stdout + out.stderr);
    expect(out.stderr).toContain("urn:acme:***");
  });
});
