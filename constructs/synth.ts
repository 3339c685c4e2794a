/**
 * Runs a cdktf app the way `npm run synth` and `cdktf synth` do, turning guardrail failures into
 * their one-line messages on stderr and exit code 1, without a stack trace.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { ValidationError } from "./errors";

export function runSynth(declare: (app: App) => void): void {
  let app: App;
  try {
    app = new App();
    declare(app);
    app.synth();
  } catch (err) {
    if (err instanceof ValidationError) {
      process.stderr.write(err.message + "\n");
      process.exit(1);
    }
    throw err;
  }
  removeOrphanedStacks(app.outdir);
}

/**
 * Deletes stack directories that the app no longer declares, as `cdktf synth` does after it runs
 * the app. Without this, a stack removed from code would linger in cdktf.out and `npm run review`,
 * `verify` and `drift` (which read every stack directory) would still report it.
 */
function removeOrphanedStacks(outdir: string): void {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return;
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  const declared = new Set(Object.values(manifest.stacks).map((s) => join(outdir, s.workingDirectory)));
  for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
    const dir = join(stacksDir, entry.name);
    if (entry.isDirectory() && !declared.has(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
