/**
 * `terraform validate` with the real providers that `npm run providers` built: their own schemas,
 * no credentials, no network (validate never configures a provider).
 *
 * Two scopes, chosen by what is installed, and always said in the test's output:
 * - full: azuread and msgraph both built; the stack is validated as synthesized.
 * - azuread: only azuread is built (where the module proxy refuses msgraph). The msgraph
 *   resources, data sources and provider are taken out, and every reference to them becomes a
 *   variable of type `any` (unknown at validate, so any attribute of it type-checks): everything
 *   azuread, every local, check block and precondition is still checked against azuread's schema.
 * Where neither can run, the tests say so and skip.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliConfigText, installedParts, type InstalledProvider } from "../../cli/providers/install";

const parts = installedParts();
const byName = new Map(parts.providers.map((p) => [p.source.name, p] as const));

export type ValidationScope = "full" | "azuread";

/** What validation can run here, or undefined with the reason in `notRunnable`. */
export const validationScope: ValidationScope | undefined = !parts.terraform || !byName.has("azuread") ? undefined : byName.has("msgraph") ? "full" : "azuread";
export const notRunnable = validationScope === undefined ? parts.missing.join("; ") : undefined;
/** Why the scope is azuread only, when it is. */
export const msgraphMissing = validationScope === "azuread" ? parts.missing.join("; ") : undefined;

let configFile: string | undefined;
function cliConfigFile(): string {
  if (configFile) return configFile;
  const used = [byName.get("azuread"), validationScope === "full" ? byName.get("msgraph") : undefined].filter((p): p is InstalledProvider => p !== undefined);
  const dir = mkdtempSync(join(tmpdir(), "tfrc-"));
  configFile = join(dir, "terraform.rc");
  writeFileSync(configFile, cliConfigText(used));
  return configFile;
}

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
  readonly snippet?: { readonly context?: string | null; readonly code?: string };
}

const MSGRAPH_REFERENCE = /\b(?:data\.)?msgraph_[a-z_]+\.[A-Za-z0-9_-]+/g;
const STAND_IN = "var.msgraph_stand_in";

/** The stack without msgraph: its objects removed, references to them made unknown. */
export function withoutMsgraph(stack: any): any {
  const copy = JSON.parse(JSON.stringify(stack));
  // Top-level resources and data sources, and the data sources scoped inside check blocks.
  const holders = [copy.resource, copy.data, ...Object.values<any>(copy.check ?? {}).map((c) => c.data)];
  for (const holder of holders) {
    for (const type of Object.keys(holder ?? {})) if (type.startsWith("msgraph_")) delete holder[type];
  }
  for (const check of Object.values<any>(copy.check ?? {})) if (check.data && Object.keys(check.data).length === 0) delete check.data;
  if (copy.provider) delete copy.provider.msgraph;
  if (copy.terraform?.required_providers) delete copy.terraform.required_providers.msgraph;
  const rewrite = (value: any): any => {
    if (typeof value === "string") return value.replace(MSGRAPH_REFERENCE, STAND_IN);
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === "object") {
      const out: any = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = k === "depends_on" && Array.isArray(v) ? v.filter((d) => typeof d !== "string" || !/^(data\.)?msgraph_/.test(d)) : rewrite(v);
      }
      return out;
    }
    return value;
  };
  const result = rewrite(copy);
  result.variable = { ...(result.variable ?? {}), msgraph_stand_in: { type: "any", description: "stands in for the msgraph objects this validation cannot load" } };
  return result;
}

/**
 * The stack as synth writes it for the installed msgraph: for a stand-in without `environment`
 * (cli/providers/stand-in.ts), the provider block without it, as synth does under
 * ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT=1.
 */
export function forInstalledMsgraph(stack: any): any {
  if (!byName.get("msgraph")?.build.standIn?.lacks.includes("environment") || !stack.provider?.msgraph) return stack;
  const copy = JSON.parse(JSON.stringify(stack));
  for (const block of copy.provider.msgraph) delete block.environment;
  return copy;
}

/** Runs `terraform validate -json` on a synthesized stack; returns every diagnostic it printed. */
export function validate(stack: object): Diagnostic[] {
  if (!validationScope || !parts.terraform) throw new Error(`validation cannot run here: ${notRunnable}`);
  const dir = mkdtempSync(join(tmpdir(), "validate-"));
  try {
    const config = validationScope === "full" ? forInstalledMsgraph(stack) : withoutMsgraph(stack);
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config, null, 2));
    const r = spawnSync(parts.terraform.command, ["validate", "-json", "-no-color"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfigFile(), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
      timeout: 120_000,
    });
    if (!r.stdout) throw new Error(`terraform validate printed nothing (exit ${r.status}): ${r.stderr}`);
    return (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** terraform's own words for each error, as a failing test shows them. */
export function errorsOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.summary}: ${d.detail ?? ""}${d.snippet?.context ? ` (in ${d.snippet.context})` : ""}${d.snippet?.code ? `: ${d.snippet.code.trim()}` : ""}`);
}

/** `describe` that runs where validation can, and otherwise one skipped test naming the reason. */
export function describeWithRealProviders(name: string, fn: () => void): void {
  if (validationScope) {
    if (validationScope === "azuread") process.stderr.write(`NOTE: "${name}" validates the azuread parts only: ${msgraphMissing}\n`);
    const standIn = byName.get("msgraph")?.build.standIn;
    if (validationScope === "full" && standIn) process.stderr.write(`NOTE: "${name}" validates with a msgraph stand-in built from ${standIn.builtFrom}${standIn.lacks.length ? `, without ${standIn.lacks.join(", ")}` : ""}\n`);
    describe(`${name} [${validationScope === "full" ? "azuread + msgraph" : "azuread only"}]`, fn);
    return;
  }
  process.stderr.write(`SKIPPED: "${name}" needs the real providers: ${notRunnable}\n`);
  describe(name, () => {
    test.skip(`SKIPPED (real providers not installed: ${notRunnable}): ${name}`, () => undefined);
  });
}
