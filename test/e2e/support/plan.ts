/**
 * What a plan would change, read as terraform decides it, and a failed command's own words.
 *
 * "No changes" is judged by the plan's resource changes, not by `-detailed-exitcode`: terraform
 * reads a `check` block's data source (every app's health check) during apply, so a plan after a
 * deploy says "0 to add, 0 to change, 0 to destroy" and still exits 2 there (README, "What the
 * real providers showed against the sandbox"). A change whose every action is no-op or read
 * changes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terraformCommand } from "../../../cli/drift/terraform";
import { runCommand, type Run } from "./project";

export interface PlannedChange {
  readonly address: string;
  readonly actions: readonly string[];
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * The first error diagnostic a command printed (terraform's, so the provider's own message), with
 * the lines that follow it; without one, the end of the output. ANSI codes and cdktf's stack
 * prefixes are taken off so the message reads as terraform wrote it.
 */
export function providerError(run: Run): string {
  const lines = `${run.stdout}\n${run.stderr}`
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "")
    .split("\n")
    // cdktf's `<stack>  ` prefix, terraform's diagnostic frame, and cdktf's progress lines in between.
    .map((l) => l.replace(/\r/g, "").replace(/^[^│╷╵]*[│╷╵] ?/, "").trimEnd())
    .filter((l) => l.trim() !== "" && !/^\s*\d+ Stacks? deploying/.test(l));
  const at = lines.findIndex((l) => /\bError:/.test(l));
  if (at < 0) return lines.slice(-30).join("\n");
  return [lines[at].slice(lines[at].indexOf("Error:")), ...lines.slice(at + 1, at + 20)].join("\n");
}

/** Throws with the command's exit code and the provider's own error unless it succeeded. */
export function succeeded(run: Run, what: string): Run {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${providerError(run)}`);
  return run;
}

/**
 * `terraform init` (offline: the providers' filesystem mirror), then `terraform plan -out` and
 * `terraform show -json` in a synthesized stack: the resource changes that do something, and
 * every line terraform printed. The plan file holds the tokens in clear and is removed.
 */
export async function plannedChanges(dir: string, env: NodeJS.ProcessEnv): Promise<{ changes: PlannedChange[]; output: string }> {
  const terraform = terraformCommand(env);
  const tf = { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  const init = succeeded(await runCommand(terraform, ["init", "-input=false", "-no-color"], { cwd: dir, env: tf }), `terraform init in ${dir}`);
  const scratch = mkdtempSync(join(tmpdir(), "e2e-plan-"));
  const planFile = join(scratch, "plan.tfplan");
  try {
    const plan = succeeded(await runCommand(terraform, ["plan", "-input=false", "-no-color", `-out=${planFile}`], { cwd: dir, env: tf }), `terraform plan in ${dir}`);
    const show = succeeded(await runCommand(terraform, ["show", "-json", planFile], { cwd: dir, env: tf }), "terraform show -json");
    const json = JSON.parse(show.stdout) as { resource_changes?: Array<{ address: string; change: { actions: string[]; before?: unknown; after?: unknown } }> };
    const changes = (json.resource_changes ?? [])
      .filter((c) => !c.change.actions.every((a) => a === "no-op" || a === "read"))
      .map((c) => ({ address: c.address, actions: c.change.actions, before: c.change.before, after: c.change.after }));
    return { changes, output: [init.stdout, init.stderr, plan.stdout, plan.stderr].join("\n") };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
