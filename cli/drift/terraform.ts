/**
 * Runs terraform for the drift check: init, a refresh-only plan with -detailed-exitcode, and
 * show -json. Errors are one line that says what is missing (terraform, network, credentials).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class TerraformError extends Error {}

function run(args: string[], cwd: string) {
  return spawnSync("terraform", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** The first error terraform printed (its title and first sentence), without ANSI codes or box drawing. */
function firstError(stderr: string, stdout: string): string {
  const lines = (stderr + "\n" + stdout).split("\n").map((l) => l.replace(/\u001b\[[0-9;]*m/g, "").replace(/^[│╷╵\s]+/, "").trim());
  const at = lines.findIndex((l) => l.startsWith("Error:"));
  if (at < 0) return lines.find((l) => l.length > 0) ?? "no output";
  const detail: string[] = [];
  for (const l of lines.slice(at + 2)) {
    if (l === "") break;
    detail.push(l);
  }
  const sentence = detail.join(" ").split(/(?<=[.:])\s/)[0];
  return `${lines[at]}${sentence ? ` (${sentence.replace(/[.:]$/, "")})` : ""}`;
}

/** The plan JSON of a refresh-only plan in `dir` (a synthesized stack directory). */
export function refreshOnlyPlan(dir: string): string {
  const version = run(["version"], dir);
  if (version.error) {
    throw new TerraformError("terraform is not on PATH; install Terraform >= 1.5 (drift runs terraform init and a refresh-only plan)");
  }
  const init = run(["init", "-input=false", "-no-color"], dir);
  if (init.status !== 0) {
    throw new TerraformError(
      `terraform init failed in ${dir}: ${firstError(init.stderr, init.stdout)}; drift needs the provider registry (network) and, for the azurerm backend, ARM_* / OIDC credentials like deploy`,
    );
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
