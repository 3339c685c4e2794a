/**
 * Runs the Terraform expressions a synthesized stack emits with a real terraform, without any
 * provider: the schema locals are copied into a provider-free configuration whose live-schema data
 * source is replaced by a variable, applied (locals and outputs only), and the outputs read back.
 * This is how the tests prove what the by-name merge does, in Terraform's own semantics.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTerraform as terraform } from "./terraform";

export { describeWithTerraform, hasTerraform } from "./terraform";

export interface SchemaEvaluation {
  /** The merged synchronizationRules (the body of the schema PUT). */
  readonly rules: any[];
  /** The precondition's messages (empty: the plan may proceed). */
  readonly problems: string[];
  /** The merged directories (the body's `directories`), when the app declares attribute definitions. */
  readonly directories?: any[];
  /** The plan-time warnings (the schema's check block), when a declaration can raise one. */
  readonly warnings?: string[];
}

/**
 * Evaluates app `appId`'s schema locals from a synthesized stack (cdk.tf.json as an object) over
 * `live` (a synchronizationRules list as Graph returns it).
 */
export class SchemaEvaluator {
  private readonly dir = mkdtempSync(join(tmpdir(), "tf-eval-"));
  private initialized = false;

  /**
   * @param template the template's synchronizationRules, read when the app removes something.
   * @default - the live rules (as on a first deploy, when the job still has its template's schema)
   */
  public evaluate(stackJson: any, appId: string, live: unknown, template: unknown = live, directories: unknown = []): SchemaEvaluation {
    const locals: Record<string, unknown> = {};
    let rulesName: string | undefined;
    let problemsName: string | undefined;
    let directoriesName: string | undefined;
    let warningsName: string | undefined;
    for (const [name, value] of Object.entries(stackJson.locals ?? {})) {
      if (!name.startsWith(`${appId}_schema_`)) continue;
      locals[name] =
        typeof value === "string"
          ? value
              .replace(/data\.msgraph_resource\.[\w-]*template-schema[\w-]*\.output\.rules/g, "var.template")
              .replace(/data\.msgraph_resource\.[\w-]+\.output\.rules/g, "var.live")
              .replace(/data\.msgraph_resource\.[\w-]+\.output\.directories/g, "var.directories")
          : value;
      if (name.startsWith(`${appId}_schema_rules_`)) rulesName = name;
      if (name.startsWith(`${appId}_schema_problems_`)) problemsName = name;
      if (name.startsWith(`${appId}_schema_directories_`)) directoriesName = name;
      if (name.startsWith(`${appId}_schema_warnings_`)) warningsName = name;
    }
    if (!rulesName || !problemsName) throw new Error(`no schema locals for app ${appId}`);
    const config = {
      variable: { live: { type: "any" }, template: { type: "any" }, directories: { type: "any" } },
      locals,
      output: {
        rules: { value: `\${local.${rulesName}}` },
        problems: { value: `\${local.${problemsName}}` },
        ...(directoriesName ? { directories: { value: `\${local.${directoriesName}}` } } : {}),
        ...(warningsName ? { warnings: { value: `\${local.${warningsName}}` } } : {}),
      },
    };
    writeFileSync(join(this.dir, "main.tf.json"), JSON.stringify(config));
    // A .tfvars.json value is data, never a template: the live schema reaches terraform verbatim.
    writeFileSync(join(this.dir, "terraform.tfvars.json"), JSON.stringify({ live, template, directories }));
    if (!this.initialized) {
      terraform(this.dir, ["init", "-input=false"]);
      this.initialized = true;
    }
    terraform(this.dir, ["apply", "-auto-approve", "-input=false"]);
    const out = JSON.parse(terraform(this.dir, ["output", "-json"]));
    return {
      rules: out.rules.value,
      problems: out.problems.value ?? [],
      ...(out.directories ? { directories: out.directories.value } : {}),
      ...(out.warnings ? { warnings: out.warnings.value ?? [] } : {}),
    };
  }
}
