/**
 * Runs terraform for the drift check: init, a refresh-only plan with -detailed-exitcode, and
 * show -json. Errors are one line that says what is missing (terraform, network, credentials).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secrets } from "../redaction";

export class TerraformError extends Error {}

/** The binary cdktf runs too: TERRAFORM_BINARY_NAME (e.g. OpenTofu from npm run providers), else terraform. */
export function terraformCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.TERRAFORM_BINARY_NAME || "terraform";
}

function run(args: string[], cwd: string) {
  return spawnSync(terraformCommand(), args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
    maxBuffer: 256 * 1024 * 1024,
  });
}

/**
 * Terraform redacts sensitive values in its diagnostics, but a variable declared without
 * `sensitive` (or a provider quoting a request) could still echo a token: every TF_VAR_ and ARM_
 * secret value in the environment is cut out of anything drift prints from terraform, in every
 * form (cli/redaction.ts).
 */
export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return Secrets.fromEnvironment(env).redact(text);
}

/** The first error terraform printed (its title and first sentence), without ANSI codes or box drawing; secrets redacted. */
function firstError(stderr: string, stdout: string): string {
  return redact(firstErrorRaw(stderr, stdout));
}

function firstErrorRaw(stderr: string, stdout: string): string {
  // Diagnostics go to stderr; stdout's progress lines must not be read as an explanation.
  const lines = (/Error:/.test(stderr) ? stderr : stderr + "\n" + stdout).split("\n").map((l) => l.replace(/\u001b\[[0-9;]*m/g, "").replace(/^[│╷╵\s]+/, "").trim());
  const at = lines.findIndex((l) => l.startsWith("Error:"));
  if (at < 0) return lines.find((l) => l.length > 0) ?? "no output";
  // The diagnostic's paragraphs until the next diagnostic: a source location ("on x.tf.json line 1,
  // in ...:") and its code snippet come first when present; the explanation follows.
  const paragraphs: string[][] = [[]];
  for (const l of lines.slice(at + 1)) {
    if (/^(Error|Warning):/.test(l)) break;
    if (l === "") paragraphs.push([]);
    else paragraphs[paragraphs.length - 1].push(l);
  }
  const isSource = (p: string[]) => /^on .* line \d+/.test(p[0]) || /^(\d+:|├)/.test(p[0]);
  const explanation = paragraphs.find((p) => p.length > 0 && !isSource(p)) ?? [];
  const sentence = explanation.join(" ").split(/(?<=[.:])\s/)[0];
  return `${lines[at]}${sentence ? ` (${sentence.replace(/[.:]$/, "")})` : ""}`;
}

const NETWORK = /provider packages|install provider|registry|dial tcp|no such host|timeout|timed out|connection refused|could not connect/i;
const CREDENTIALS = /authoriz|authenticat|credential|oidc|token|azure cli|subscription|client[_ ]id|forbidden|\b40[13]\b/i;

/** What to fix, from the error init printed: the provider registry (network), the backend's credentials, or the network. */
export function initHint(error: string): string {
  const backend = "drift needs ARM_* / OIDC credentials like deploy (ARM_USE_OIDC=true, ARM_CLIENT_ID, ARM_TENANT_ID) with Storage Blob Data Contributor on the azurerm backend's container";
  if (/provider/i.test(error) && NETWORK.test(error)) {
    return "drift needs network access to the provider registry (registry.terraform.io) or a provider mirror, as deploy does";
  }
  if (CREDENTIALS.test(error)) return backend;
  if (NETWORK.test(error)) return "drift needs network access to the provider registry and to the backend's storage account, as deploy does";
  return `drift needs network access to the provider registry, and ${backend.replace(/^drift needs /, "")}`;
}

/** The plan JSON of a refresh-only plan in `dir` (a synthesized stack directory). */
export function refreshOnlyPlan(dir: string): string {
  const version = run(["version"], dir);
  if (version.error) {
    throw new TerraformError(`${terraformCommand()} is not on PATH; install Terraform >= 1.5 or run npm run providers (drift runs terraform init and a refresh-only plan)`);
  }
  const init = run(["init", "-input=false", "-no-color"], dir);
  if (init.status !== 0) {
    const error = firstError(init.stderr, init.stdout);
    throw new TerraformError(`terraform init failed in ${dir}: ${error}; ${initHint(error)}`);
  }
  const scratch = mkdtempSync(join(tmpdir(), "drift-"));
  const planFile = join(scratch, "refresh.tfplan");
  try {
    const plan = run(["plan", "-refresh-only", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color", `-out=${planFile}`], dir);
    if (plan.status !== 0 && plan.status !== 2) {
      throw new TerraformError(
        `terraform plan -refresh-only failed in ${dir}: ${firstError(plan.stderr, plan.stdout)}; check the ARM_* / OIDC credentials and the TF_VAR_ token variables`,
      );
    }
    const show = run(["show", "-json", planFile], dir);
    if (show.status !== 0) throw new TerraformError(`terraform show -json failed in ${dir}: ${firstError(show.stderr, show.stdout)}`);
    return show.stdout;
  } finally {
    // The plan file holds token values in clear.
    rmSync(scratch, { recursive: true, force: true });
  }
}
