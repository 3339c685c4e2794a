/**
 * Tests that need a terraform binary. Where none is on PATH they do not disappear silently: the
 * skipped test's name says why, and a warning is printed with the file's output.
 */
import { spawnSync } from "node:child_process";

export const hasTerraform = spawnSync("terraform", ["version"]).status === 0;

/** The environment every test runs terraform in: no call home, no prompts. */
export const TERRAFORM_ENV = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

/**
 * Runs `terraform <args> -no-color` in `dir` and returns stdout; a non-zero exit throws with
 * terraform's own message. `env` replaces TERRAFORM_ENV (e.g. to set TF_VAR_ values).
 */
export function runTerraform(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = TERRAFORM_ENV): string {
  const r = spawnSync("terraform", [...args, "-no-color"], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`terraform ${args[0]} failed in ${dir}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * Written to stderr directly: jest hides the console output of a test file whose tests are all
 * skipped, and this line must show.
 */
function warn(what: string): void {
  process.stderr.write(`SKIPPED: terraform is not on PATH, so "${what}" did not run. Install terraform >= 1.5 to run it.\n`);
}

/** `describe` when terraform is available; otherwise one skipped test that names the reason. */
export function describeWithTerraform(name: string, fn: () => void): void {
  if (hasTerraform) {
    describe(name, fn);
    return;
  }
  // Warned when declared: jest runs no hooks in a block whose tests are all skipped.
  warn(name);
  describe(name, () => {
    test.skip(`SKIPPED (terraform is not on PATH): ${name}`, () => undefined);
  });
}

/** `test` when terraform is available; otherwise a skipped test whose name names the reason. */
export function testWithTerraform(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  if (hasTerraform) {
    test(name, fn, timeout);
    return;
  }
  test.skip(`SKIPPED (terraform is not on PATH): ${name}`, () => undefined);
  warn(name);
}
