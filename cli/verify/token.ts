/**
 * Where verify gets an app's token, shared by the plain checks and --deep. The manifest is input
 * from a pull request that CI then verifies with its secrets, so it may only name the app's own
 * Terraform token variable: `tokenEnv` must be `TF_VAR_` followed by the manifest's `tokenVariable`,
 * and no two apps may name the same variable. Anything else is a manifest error (exit 2, nothing
 * probed): pointed at ARM_CLIENT_SECRET or HOME, that value would travel as the bearer token.
 */
import type { AppManifest } from "../../manifest/schema";
import { ManifestError } from "../manifests";
import type { CheckResult } from "./checks";
import { capped, printable, type Secrets } from "./shown";
import { tokenFormatOf, tokenShapeProblem } from "./token-shape";

/** A Terraform variable name (letters, digits, `_`, `-`; not starting with a digit). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,255}$/;

export interface Target {
  readonly stack: string;
  readonly app: AppManifest;
}

/** `"value"` as printed in a one-line error: printable and short. */
const quoted = (value: string) => JSON.stringify(capped(printable(value), 80));

/** `<stack>/<app>: <field>: <problem>` as a ManifestError. */
function manifestError(target: Target, field: string, problem: string): ManifestError {
  return new ManifestError(`${capped(printable(target.stack), 80)}/${capped(printable(target.app.id), 80)}: ${field}: ${problem}; run 'npm run synth' to regenerate the manifest`);
}

/** Throws a ManifestError for the first app whose token source is not its own TF_VAR_ variable. */
export function checkTokenSources(targets: readonly Target[]): void {
  const owners = new Map<string, Target>();
  for (const target of targets) {
    const { tokenVariable, tokenEnv } = target.app;
    if (tokenVariable === null) {
      // A Terraform reference (e.g. Key Vault): nothing to read; the app fails its token check.
      if (tokenEnv !== null) throw manifestError(target, "tokenEnv", `${quoted(tokenEnv)} is set, but tokenVariable is null; expected null (the token is a Terraform reference)`);
      continue;
    }
    if (!VARIABLE_NAME.test(tokenVariable)) {
      throw manifestError(target, "tokenVariable", `${quoted(tokenVariable)} is not a Terraform variable name; expected letters, digits, "_" and "-"`);
    }
    const expected = `TF_VAR_${tokenVariable}`;
    if (tokenEnv !== expected) {
      throw manifestError(target, "tokenEnv", `${tokenEnv === null ? "null" : quoted(tokenEnv)} is not TF_VAR_ followed by the app's tokenVariable; expected ${quoted(expected)}`);
    }
    const owner = owners.get(tokenVariable);
    if (owner !== undefined) {
      throw manifestError(target, "tokenVariable", `${quoted(tokenVariable)} is also the token variable of ${capped(printable(owner.stack), 80)}/${capped(printable(owner.app.id), 80)}; expected one token variable per app`);
    }
    owners.set(tokenVariable, target);
  }
}

/**
 * The app's token from the environment (added to the run's secrets at once), or the failed
 * `token` check that ends the app without a request. Call after checkTokenSources.
 */
export function readToken(app: AppManifest, env: NodeJS.ProcessEnv, secrets: Secrets, mode: "verify" | "--deep" = "verify"): { token: string } | { problem: CheckResult } {
  const problem = (message: string) => ({ problem: { name: "token", ok: false, ms: 0, message } });
  if (app.tokenEnv === null || app.tokenVariable === null) {
    return problem(`the token is a Terraform reference (e.g. Key Vault), not a variable; ${mode} needs it in an environment variable`);
  }
  const token = env[app.tokenEnv];
  if (token === undefined || token === "") return problem(`${app.tokenEnv} is not set; export it as CI does for terraform`);
  secrets.add(token);
  const format = tokenFormatOf(app.connector.key);
  const shape = format ? tokenShapeProblem(token, format) : undefined;
  if (shape !== undefined) return problem(`${app.tokenEnv} ${shape}; nothing was sent to the app`);
  return { token };
}

/**
 * Why verify will not send the token to the app's tenant URL at all, or undefined. Entra only
 * provisions over https and sends the token only as a bearer header; credentials in the URL
 * (`user:pass@`) would travel as well, so such a URL gets no request.
 */
export function tenantUrlProblem(app: AppManifest): CheckResult | undefined {
  const problem = (message: string): CheckResult => ({ name: "connection", ok: false, ms: 0, message });
  let url: URL;
  try {
    url = new URL(app.tenantUrl);
  } catch {
    return problem("the tenant URL is not a URL; run 'npm run synth' to regenerate the manifest");
  }
  if (url.protocol !== "https:") return problem("the tenant URL is not https; Entra only provisions over https, so use an https:// tenant URL");
  if (url.username !== "" || url.password !== "") {
    return problem("the tenant URL carries credentials (user:pass@); Entra sends only the bearer token, so remove them from the tenant URL");
  }
  return undefined;
}
