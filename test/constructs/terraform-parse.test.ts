/**
 * No `terraform validate` can run here (providers cannot be downloaded), but `terraform init`
 * loads and checks the whole configuration before it asks the registry for providers. So: our
 * synthesized JSON must fail only at the provider download, never with a configuration error.
 * Where no terraform binary is on PATH the tests are skipped and say so in the output.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthExample } from "../support/example";
import { describeWithTerraform } from "../support/terraform";
import { App, Connectors, EntraTenantStack, ScimProvisionedApp } from "../../constructs";


function initErrors(dir: string): string[] {
  const r = spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
    timeout: 60_000,
  });
  return (r.stdout + r.stderr).split("\n").filter((l) => l.startsWith("Error: "));
}

describeWithTerraform("terraform loads the synthesized configuration", () => {
  test("the example tenant: no configuration error, only the (offline) provider download fails", () => {
    const dir = join(synthExample(), "stacks", "example-tenant");
    const errors = initErrors(dir);
    expect(errors.length).toBeGreaterThan(0);
    expect([...new Set(errors)]).toEqual(["Error: Failed to query available provider packages"]);
  });

  test("an app with attribute definitions, matching: false and a plan-time warning check: no configuration error", () => {
    const outdir = mkdtempSync(join(tmpdir(), "tf-schema-"));
    const app = new App({ outdir });
    const stack = new EntraTenantStack(app, "prod", { tenantId: "contoso.onmicrosoft.com" });
    new ScimProvisionedApp(stack, "iprova", {
      connector: Connectors.iprova(),
      targetAttributes: { users: [{ name: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", type: "Integer" }] },
      userMappings: [
        { target: "userName", source: "[displayName]" },
        { target: "externalId", matching: false },
        { target: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", source: "[employeeId]" },
      ],
    });
    app.synth();
    const dir = join(outdir, "stacks", "prod");
    const tf = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
    expect(Object.values(tf.check).filter((c: any) => !c.data)).toHaveLength(1);
    expect([...new Set(initErrors(dir))]).toEqual(["Error: Failed to query available provider packages"]);
  });

  test("control: a configuration error is caught (duplicate data source names in check blocks)", () => {
    const dir = mkdtempSync(join(tmpdir(), "tf-bad-"));
    cpSync(join(synthExample(), "stacks", "example-tenant"), dir, { recursive: true });
    const tf = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
    for (const check of (Object.values(tf.check) as any[]).filter((c) => c.data)) {
      const [name] = Object.keys(check.data.msgraph_resource);
      check.data.msgraph_resource = { job: check.data.msgraph_resource[name] };
      for (const a of check.assert) {
        a.condition = a.condition.replace(`.${name}.`, ".job.");
        a.error_message = a.error_message.replace(`.${name}.`, ".job.");
      }
    }
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(tf));
    expect(initErrors(dir)).toContain('Error: Duplicate data "msgraph_resource" configuration');
  });
});
