/**
 * Token variables are unique per app across the whole cdktf app (issue 13 item 1): two tenants
 * declaring `ipass` never read the same TF_VAR_, look-alike ids fail synth, and a TerraformVariable
 * passed as secretToken is recorded in the manifest for verify.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { Connectors, EntraTenantStack, ScimProvisionedApp, TerraformVariable } from "../../constructs";
import { errorOf, synth } from "../helpers";
import { runTerraform, testWithTerraform } from "../support/terraform";

const ipass = () => Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] });

function twoTenants(outdir?: string) {
  const app = outdir ? new App({ outdir }) : Testing.app();
  const test = new EntraTenantStack(app, "contoso-test", { tenantId: "contoso-test.onmicrosoft.com" });
  const prod = new EntraTenantStack(app, "contoso-prod", { tenantId: "contoso.onmicrosoft.com" });
  const a = new ScimProvisionedApp(test, "ipass", { connector: ipass() });
  const b = new ScimProvisionedApp(prod, "ipass", { connector: ipass() });
  const c = new ScimProvisionedApp(prod, "iprova", { connector: Connectors.iprova() });
  return { app, test, prod, a, b, c };
}

/** The variable a stack's secret reads its token from, and the variables the stack declares. */
function tokenOf(stack: EntraTenantStack): { reads: string[]; declares: string[] } {
  const json = synth(stack);
  const secrets = Object.values(json.resource.azuread_synchronization_secret) as any[];
  return {
    reads: secrets.map((s) => s.credential.find((c: any) => c.key === "SecretToken").value),
    declares: Object.keys(json.variable ?? {}),
  };
}

describe("token variables across stacks", () => {
  test("one app per stack keeps <id>_secret_token", () => {
    const app = Testing.app();
    const stack = new EntraTenantStack(app, "prod", { tenantId: "contoso.onmicrosoft.com" });
    const ipassApp = new ScimProvisionedApp(stack, "ipass", { connector: ipass() });
    expect(ipassApp.tokenVariableName).toBe("ipass_secret_token");
    expect(tokenOf(stack)).toEqual({ reads: ["${var.ipass_secret_token}"], declares: ["ipass_secret_token"] });
  });

  test("two tenants declaring ipass get <stack>_ipass_secret_token each; other apps keep their names", () => {
    const { test, prod, a, b, c } = twoTenants();
    expect([a.tokenVariableName, b.tokenVariableName, c.tokenVariableName]).toEqual([
      "contoso_test_ipass_secret_token",
      "contoso_prod_ipass_secret_token",
      "iprova_secret_token",
    ]);
    expect(tokenOf(test)).toEqual({ reads: ["${var.contoso_test_ipass_secret_token}"], declares: ["contoso_test_ipass_secret_token"] });
    expect(tokenOf(prod)).toEqual({
      reads: ["${var.contoso_prod_ipass_secret_token}", "${var.iprova_secret_token}"],
      declares: ["contoso_prod_ipass_secret_token", "iprova_secret_token"],
    });
    const variable = synth(test).variable.contoso_test_ipass_secret_token;
    expect(variable.validation[0]).toEqual({
      condition: "${length(trimspace(var.contoso_test_ipass_secret_token)) > 0}",
      error_message: "contoso_test_ipass_secret_token is empty; set TF_VAR_contoso_test_ipass_secret_token to the iPass SmartConnect secret token.",
    });
    expect(variable.description).toContain("Set TF_VAR_contoso_test_ipass_secret_token.");
  });

  test("the manifests of both tenants name their own variable (what verify reads)", () => {
    const outdir = mkdtempSync(join(tmpdir(), "two-tenants-"));
    twoTenants(outdir).app.synth();
    const manifest = (stack: string) => JSON.parse(readFileSync(join(outdir, "stacks", stack, "provisioning.json"), "utf8"));
    expect(manifest("contoso-test").apps.map((a: any) => [a.id, a.tokenVariable, a.tokenEnv])).toEqual([
      ["ipass", "contoso_test_ipass_secret_token", "TF_VAR_contoso_test_ipass_secret_token"],
    ]);
    expect(manifest("contoso-prod").apps.map((a: any) => [a.id, a.tokenVariable, a.tokenEnv])).toEqual([
      ["ipass", "contoso_prod_ipass_secret_token", "TF_VAR_contoso_prod_ipass_secret_token"],
      ["iprova", "iprova_secret_token", "TF_VAR_iprova_secret_token"],
    ]);
  });

  test("ids that share a variable in one stack fail with one line naming both and the fix", () => {
    const stack = new EntraTenantStack(Testing.app(), "prod", { tenantId: "contoso.onmicrosoft.com" });
    new ScimProvisionedApp(stack, "air-stack", { connector: Connectors.airstack() });
    expect(errorOf(() => new ScimProvisionedApp(stack, "air_stack", { connector: Connectors.airstack(), displayName: "Airstack 2" }))).toBe(
      'prod/air_stack: secretToken: the token variable air_stack_secret_token (TF_VAR_air_stack_secret_token) would also be read by prod/air-stack, so one app would get the other\'s token; expected one variable per app: rename one of the apps, or pass one of them secretToken: new TerraformVariable(stack, "<unique_name>", { type: "string", sensitive: true })',
    );
  });

  test("a stack-qualified name that another stack already uses fails too", () => {
    const app = Testing.app();
    const a = new EntraTenantStack(app, "a", { tenantId: "contoso.onmicrosoft.com" });
    const b = new EntraTenantStack(app, "b", { tenantId: "fabrikam.onmicrosoft.com" });
    new ScimProvisionedApp(b, "a_x", { connector: Connectors.airstack() });
    new ScimProvisionedApp(a, "x", { connector: Connectors.airstack() });
    // b/x would be renamed, together with a/x, to a_x_secret_token for a/x: b/a_x already reads it.
    expect(errorOf(() => new ScimProvisionedApp(b, "x", { connector: Connectors.airstack(), displayName: "Airstack 2" }))).toMatch(
      /^b\/x: secretToken: the token variable a_x_secret_token \(TF_VAR_a_x_secret_token\) would also be read by b\/a_x, /,
    );
  });

  describe("tokenVariableNames: names that do not change when a stack is added", () => {
    const declare = (app: ReturnType<typeof Testing.app>, stack: string, naming?: "auto" | "byApp" | "byStack") => {
      const s = new EntraTenantStack(app, stack, { tenantId: `${stack}.onmicrosoft.com`, tokenVariableNames: naming });
      return ["ipass", "iprova"].map((id) => new ScimProvisionedApp(s, id, { connector: id === "ipass" ? ipass() : Connectors.iprova() }));
    };
    const names = (apps: ScimProvisionedApp[]) => apps.map((a) => a.tokenVariableName);

    test.each([["before"], ["after"]])('a "byApp" stack keeps <id>_secret_token with an "auto" stack of the same ids declared %s it', (order) => {
      const app = Testing.app();
      const user = order === "before" ? declare(app, "contoso-prod") : undefined;
      const example = declare(app, "example-tenant", "byApp");
      const later = order === "after" ? declare(app, "contoso-prod") : user!;
      expect(names(example)).toEqual(["ipass_secret_token", "iprova_secret_token"]);
      expect(names(later)).toEqual(["contoso_prod_ipass_secret_token", "contoso_prod_iprova_secret_token"]);
      // What the stacks synthesize, not only the names the constructs report.
      expect(tokenOf(example[0].node.scope as EntraTenantStack).reads).toEqual(["${var.ipass_secret_token}", "${var.iprova_secret_token}"]);
    });

    test('"byStack" always qualifies, even alone', () => {
      expect(names(declare(Testing.app(), "prod", "byStack"))).toEqual(["prod_ipass_secret_token", "prod_iprova_secret_token"]);
    });

    test('two "byApp" stacks declaring the same id fail with one line naming both', () => {
      const app = Testing.app();
      new ScimProvisionedApp(new EntraTenantStack(app, "a", { tenantId: "a.onmicrosoft.com", tokenVariableNames: "byApp" }), "ipass", { connector: ipass() });
      const b = new EntraTenantStack(app, "b", { tenantId: "b.onmicrosoft.com", tokenVariableNames: "byApp" });
      expect(errorOf(() => new ScimProvisionedApp(b, "ipass", { connector: ipass() }))).toMatch(
        /^b\/ipass: secretToken: the token variable ipass_secret_token \(TF_VAR_ipass_secret_token\) would also be read by a\/ipass, /,
      );
    });

    test("a bad value is one line", () => {
      expect(errorOf(() => new EntraTenantStack(Testing.app(), "prod", { tenantId: "contoso.onmicrosoft.com", tokenVariableNames: "perApp" as never }))).toMatch(
        /^prod: tokenVariableNames: /,
      );
    });
  });

  test("a TerraformVariable given as secretToken is recorded in the manifest; one with a default's name collides", () => {
    const outdir = mkdtempSync(join(tmpdir(), "given-var-"));
    const app = new App({ outdir });
    const stack = new EntraTenantStack(app, "prod", { tenantId: "contoso.onmicrosoft.com" });
    const token = new TerraformVariable(stack, "iprova_token_from_vault", { type: "string", sensitive: true });
    const iprova = new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova(), secretToken: token });
    expect(iprova.tokenVariableName).toBe("iprova_token_from_vault");
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "stacks", "prod", "provisioning.json"), "utf8"));
    expect(manifest.apps[0]).toMatchObject({ tokenVariable: "iprova_token_from_vault", tokenEnv: "TF_VAR_iprova_token_from_vault" });

    const other = new EntraTenantStack(Testing.app(), "prod", { tenantId: "contoso.onmicrosoft.com" });
    new ScimProvisionedApp(other, "airstack", { connector: Connectors.airstack() });
    const clash = new TerraformVariable(other, "airstack_secret_token", { type: "string", sensitive: true });
    expect(errorOf(() => new ScimProvisionedApp(other, "iprova", { connector: Connectors.iprova(), secretToken: clash }))).toMatch(
      /^prod\/iprova: secretToken: the token variable airstack_secret_token \(TF_VAR_airstack_secret_token\) would also be read by prod\/airstack, /,
    );
  });

  testWithTerraform(
    "deployed together with one environment (cdktf deploy '*'), each tenant's secret gets its own token",
    () => {
      // Providers cannot be downloaded here, so each stack's token path is applied provider-free:
      // its declared variables exactly as synthesized (validations included) and the SecretToken
      // value of each secret as an output; both stacks run with the same environment, as
      // `cdktf deploy '*'` runs them.
      const { test, prod } = twoTenants();
      const env = {
        ...process.env,
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        TF_VAR_contoso_test_ipass_secret_token: "token-for-test-ipass",
        TF_VAR_contoso_prod_ipass_secret_token: "token-for-prod-ipass",
        TF_VAR_iprova_secret_token: "token-for-prod-iprova",
      };
      const deployed = (stack: EntraTenantStack, environment: NodeJS.ProcessEnv = env) => {
        const json = synth(stack);
        const dir = mkdtempSync(join(tmpdir(), `deploy-${stack.node.id}-`));
        const outputs = Object.fromEntries(
          Object.entries(json.resource.azuread_synchronization_secret).map(([name, secret]: [string, any]) => [
            name,
            { value: secret.credential.find((c: any) => c.key === "SecretToken").value, sensitive: true },
          ]),
        );
        writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ variable: json.variable, output: outputs }));
        runTerraform(dir, ["init", "-input=false"], environment);
        runTerraform(dir, ["apply", "-auto-approve", "-input=false"], environment);
        const out = runTerraform(dir, ["output", "-json"]);
        return Object.values(JSON.parse(out) as Record<string, { value: string }>).map((o) => o.value);
      };
      expect(deployed(test)).toEqual(["token-for-test-ipass"]);
      expect(deployed(prod)).toEqual(["token-for-prod-ipass", "token-for-prod-iprova"]);
      // CI still setting the pre-rename name: the deploy stops on the missing variable, it never
      // falls back to another tenant's token.
      const { TF_VAR_contoso_test_ipass_secret_token: _renamed, ...stale } = env;
      expect(() => deployed(test, { ...stale, TF_VAR_ipass_secret_token: "token-for-prod-ipass" })).toThrow(/No value for required variable|contoso_test_ipass_secret_token/);
    },
    120_000,
  );
});
