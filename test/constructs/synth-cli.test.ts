import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

function run(script: string, outdir: string, args: string[] = []) {
  // The child is a plain program, not a jest worker (the App leaves uncaught errors to jest there).
  const { JEST_WORKER_ID: _worker, ...env } = process.env;
  return spawnSync(join(root, "node_modules", ".bin", "tsx"), [script, ...args], {
    cwd: root,
    env: { ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** The example tenant's lines of the synth summary. */
const EXAMPLE_APPS = "  example-tenant: 4 apps (ipass, iprova, airstack, smartfile)";
const EXAMPLE_VARIABLES = [
  "  TF_VAR_ipass_secret_token      example-tenant/ipass",
  "  TF_VAR_iprova_secret_token     example-tenant/iprova",
  "  TF_VAR_airstack_secret_token   example-tenant/airstack",
  "  TF_VAR_smartfile_secret_token  example-tenant/smartfile",
];

describe("npm run synth", () => {
  test("writes cdk.tf.json and provisioning.json for the example tenant", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("test/fixtures/example-tenant-app.ts", outdir);
    expect(result.status).toBe(0);
    // It ends with a summary: stacks, apps per stack, where it wrote, the variables a deploy needs, one per line.
    expect(result.stdout).toBe([`Synthesized 1 stack into ${outdir}/stacks:`, EXAMPLE_APPS, "A deploy needs these token variables:", ...EXAMPLE_VARIABLES, ""].join("\n"));
    const tf = JSON.parse(readFileSync(join(outdir, "stacks/example-tenant/cdk.tf.json"), "utf8"));
    expect(Object.keys(tf.resource.azuread_application_from_template)).toHaveLength(4);
    expect(existsSync(join(outdir, "stacks/example-tenant/provisioning.json"))).toBe(true);
  });

  // Holds for main.ts whatever stacks a user adds to it (test/constructs/user-stacks.test.ts
  // runs this with one added).
  test("main.ts: the example tenant beside any other stack, its variables unchanged, every stack written", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("main.ts", outdir);
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^Synthesized \d+ stacks? into /);
    expect(lines[0].endsWith(` into ${outdir}/stacks:`)).toBe(true);
    expect(lines).toContain(EXAMPLE_APPS);
    expect(lines).toContain("A deploy needs these token variables:");
    const variables = lines.slice(lines.indexOf("A deploy needs these token variables:") + 1).filter(Boolean);
    for (const line of EXAMPLE_VARIABLES) expect(variables.map((v) => v.replace(/ +/g, " "))).toContain(line.replace(/ +/g, " "));
    const stacks = lines.slice(1).filter((l) => /^ {2}\S+: \d+ apps?/.test(l)).map((l) => l.trim().split(":")[0]);
    for (const stack of stacks) {
      expect(existsSync(join(outdir, "stacks", stack, "cdk.tf.json"))).toBe(true);
      expect(existsSync(join(outdir, "stacks", stack, "provisioning.json"))).toBe(true);
    }
  });

  test("two tenants: the summary lists both stacks, their apps and every variable a deploy of all needs", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("test/fixtures/two-tenants-app.ts", outdir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        `Synthesized 2 stacks into ${outdir}/stacks:`,
        // In the order of cdktf's manifest.json.
        "  contoso-prod: 2 apps (ipass, airstack)",
        "  contoso-test: 1 app (ipass)",
        "A deploy needs these token variables:",
        "  TF_VAR_contoso_prod_ipass_secret_token  contoso-prod/ipass",
        "  TF_VAR_airstack_secret_token            contoso-prod/airstack",
        "  TF_VAR_contoso_test_ipass_secret_token  contoso-test/ipass",
        "",
      ].join("\n"),
    );
  });

  test("main.ts: removes the directories of stacks the app no longer declares, as cdktf synth does", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    mkdirSync(join(outdir, "stacks/retired-tenant"), { recursive: true });
    writeFileSync(join(outdir, "stacks/retired-tenant/provisioning.json"), "{}");
    const result = run("main.ts", outdir);
    expect(result.status).toBe(0);
    expect(existsSync(join(outdir, "stacks/retired-tenant"))).toBe(false);
    expect(existsSync(join(outdir, "stacks/example-tenant/cdk.tf.json"))).toBe(true);
  });

  test("guardrail failures: one line each on stderr, exit 1, no stack trace", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("test/fixtures/bad-app.ts", outdir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").filter((l) => !l.startsWith("npm warn"))).toEqual([
      'prod/smartfile: connector.siteName: "not a site" is not a DNS label; expected 1-63 letters, digits or hyphens, e.g. "demo1test"',
      'prod/smartfile: notifications.email: "nobody" is not an email address; expected one address such as "idm-team@contoso.com"',
      "",
    ]);
    expect(existsSync(join(outdir, "stacks/prod/cdk.tf.json"))).toBe(false);
  });

  test.each([
    ["bad-email", 'prod/airstack: notifications.email: "idm-team" is not an email address; expected one address such as "idm-team@contoso.com"'],
    ["duplicate-app", 'prod/airstack: id: "airstack" is already used by another construct in this stack; expected a unique app id'],
    ["duplicate-stack", 'prod: id: "prod" is already used by another construct in this app; expected a unique stack id'],
    ["duplicate-other-construct", 'prod/shared: id: "shared" is already used by another construct in prod; expected a unique id'],
  ])("the README's own app shape (new App() ... app.synth()): %s is one line on stderr and exit 1", (mistake, line) => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("test/fixtures/readme-style-bad-app.ts", outdir, [mistake]);
    expect({ status: result.status, stderr: result.stderr.split("\n").filter((l) => !l.startsWith("npm warn")) }).toEqual({ status: 1, stderr: [line, ""] });
    expect(result.stdout).toBe("");
  });

  test("risky combinations: each warning once on stderr, exit 0, the files written; none printed when cdktf's CLI runs the app (it prints them)", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("test/fixtures/risky-app.ts", outdir);
    expect(result.status).toBe(0);
    expect(result.stderr.split("\n").filter((l) => !l.startsWith("npm warn"))).toEqual([
      'Warning: prod/airstack: scope: "allUsersAndGroups" with accidentalDeletions { enabled: false } and no scoping filter: every user and group of the tenant is in scope, and nothing stops a cycle that deletes or disables them in bulk in Airstack; a scoping filter (userScope) or accidental-deletion prevention (the default, threshold 500) is safer',
      'Warning: prod/airstack: userMappings[0] (userName).matching: the matching attribute "userName" is computed from [givenName], [surname], which two users can share; Entra then updates the wrong account in the app or stops at the duplicate; a unique attribute such as [userPrincipalName], [mail], [objectId] or [employeeId] is safer (learn.microsoft.com/entra/identity/app-provisioning/customize-application-attributes#matching-users-in-the-source-and-target--systems)',
      "",
    ]);
    expect(existsSync(join(outdir, "stacks/prod/cdk.tf.json"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outdir, "stacks/prod/provisioning.json"), "utf8"));
    expect(manifest.apps[0].warnings).toHaveLength(2);

    const { JEST_WORKER_ID: _worker, ...env } = process.env;
    const underCli = spawnSync(join(root, "node_modules", ".bin", "tsx"), ["test/fixtures/risky-app.ts"], {
      cwd: root,
      env: { ...env, CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "synth-")), CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true", CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(underCli.status).toBe(0);
    expect(underCli.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("npm warn"))).toEqual([]);
  });

  test.each([
    ["bad-email", 'prod/airstack: notifications.email: "idm-team" is not an email address; expected one address such as "idm-team@contoso.com"'],
    ["duplicate-app", 'prod/airstack: id: "airstack" is already used by another construct in this stack; expected a unique app id'],
    ["duplicate-stack", 'prod: id: "prod" is already used by another construct in this app; expected a unique stack id'],
    ["bad-tenant", 'test: tenantId: "not a tenant" is neither a GUID nor a domain; expected the tenant id or its initial domain'],
  ])("cdktf's own App (import { App } from \"cdktf\"): %s is one line on stderr and exit 1, no dump of the error", (mistake, line) => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("test/fixtures/cdktf-app-bad-app.ts", outdir, [mistake]);
    expect({ status: result.status, stderr: result.stderr.split("\n").filter((l) => !l.startsWith("npm warn")) }).toEqual({ status: 1, stderr: [line, ""] });
    expect(result.stdout).toBe("");
  });

  test("cdktf's own App: a bug still shows its stack trace, and exits 1", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("test/fixtures/cdktf-app-bad-app.ts", outdir, ["bug"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^TypeError: not a user error\n\s+at /m);
  });

  test("a bug (not a user error) still shows its stack trace, and exits 1", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("test/fixtures/readme-style-bad-app.ts", outdir, ["bug"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^TypeError: not a user error\n\s+at /m);
  });
});
