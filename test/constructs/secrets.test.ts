import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../../constructs";
import { ExampleTenantStack } from "../../stacks/example-tenant";

const SENTINELS = {
  TF_VAR_ipass_secret_token: "SENTINEL-ipass-3b1f9e",
  TF_VAR_iprova_secret_token: "SENTINEL-iprova-8c2d4a",
  TF_VAR_airstack_secret_token: "SENTINEL-airstack-5e7f01",
  TF_VAR_smartfile_secret_token: "SENTINELKEY:SENTINELPASS-9a0b",
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function expectNoSentinel(text: string, where: string) {
  for (const sentinel of Object.values(SENTINELS)) {
    if (text.includes(sentinel)) throw new Error(`${where} contains a token value`);
  }
}

describe("secrets never reach synthesized files", () => {
  test("in-process synth of the example tenant with tokens in the environment", () => {
    const saved = { ...process.env };
    Object.assign(process.env, SENTINELS);
    try {
      const outdir = mkdtempSync(join(tmpdir(), "synth-"));
      const app = new App({ outdir });
      new ExampleTenantStack(app);
      app.synth();
      const files = filesUnder(outdir);
      expect(files.map((f) => f.slice(outdir.length + 1)).sort()).toEqual([
        "manifest.json",
        "stacks/example-tenant/cdk.tf.json",
        "stacks/example-tenant/provisioning.json",
      ]);
      for (const file of files) expectNoSentinel(readFileSync(file, "utf8"), file);
      // The secret goes through variables only.
      const tf = JSON.parse(readFileSync(join(outdir, "stacks/example-tenant/cdk.tf.json"), "utf8"));
      const tokens = Object.values(tf.resource.azuread_synchronization_secret).map(
        (s: any) => s.credential.find((c: any) => c.key === "SecretToken").value,
      );
      expect(tokens.sort()).toEqual([
        "${var.airstack_secret_token}",
        "${var.ipass_secret_token}",
        "${var.iprova_secret_token}",
        "${var.smartfile_secret_token}",
      ]);
    } finally {
      process.env = saved;
    }
  });

  test("main.ts through `cdktf synth` with tokens in the environment: nothing in cdktf.out or its output", () => {
    const outdir = mkdtempSync(join(tmpdir(), "cdktf-out-"));
    const result = spawnSync("npx", ["cdktf", "synth", "--output", outdir], {
      cwd: join(__dirname, "..", ".."),
      env: { ...process.env, ...SENTINELS, CHECKPOINT_DISABLE: "1", CI: "1" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.status).toBe(0);
    expectNoSentinel(result.stdout + result.stderr, "cdktf synth output");
    const files = filesUnder(outdir);
    expect(files.some((f) => f.endsWith("stacks/example-tenant/cdk.tf.json"))).toBe(true);
    for (const file of files) expectNoSentinel(readFileSync(file, "utf8"), file);
  }, 150_000);
});
