import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

function run(script: string, outdir: string) {
  return spawnSync(join(root, "node_modules", ".bin", "tsx"), [script], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run synth", () => {
  test("writes cdk.tf.json and provisioning.json for the example tenant", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    const result = run("main.ts", outdir);
    expect(result.status).toBe(0);
    const tf = JSON.parse(readFileSync(join(outdir, "stacks/example-tenant/cdk.tf.json"), "utf8"));
    expect(Object.keys(tf.resource.azuread_application_from_template)).toHaveLength(4);
    expect(existsSync(join(outdir, "stacks/example-tenant/provisioning.json"))).toBe(true);
  });

  test("removes the directories of stacks the app no longer declares, as cdktf synth does", () => {
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
});
