/**
 * Runs a cdktf app the way `npm run synth` and `cdktf synth` do: guardrail failures (and duplicate
 * ids) become their one-line messages on stderr and exit code 1, without a stack trace; success
 * ends with a short summary of what was written and what a deploy needs.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { MANIFEST_FILE } from "../manifest/schema";
import { App, oneLineError } from "./cdktf-app";

export function runSynth(declare: (app: App) => void): void {
  let app: App;
  try {
    app = new App();
    declare(app);
    app.synth();
  } catch (err) {
    const line = oneLineError(err);
    if (line !== undefined) {
      process.stderr.write(line + "\n");
      process.exit(1);
    }
    throw err;
  }
  const stacks = declaredStacks(app.outdir);
  removeOrphanedStacks(app.outdir, stacks);
  // `cdktf synth`/`deploy` print the warnings themselves; they run the app with
  // CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS set (cdktf-cli synth-stack), so each is printed once.
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined) for (const w of warnings(app.outdir)) process.stderr.write(`Warning: ${w}\n`);
  process.stdout.write(summary(app.outdir, stacks));
}

/**
 * The warning annotations of every stack (risky but allowed combinations, see risks.ts), read back
 * from cdktf's manifest.json, one line each with control characters shown as escapes.
 */
export function warnings(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { annotations?: Array<{ level: string; message: string }> }>;
  };
  return Object.values(manifest.stacks).flatMap((s) =>
    (s.annotations ?? [])
      .filter((a) => a.level === "@cdktf/warn")
      .map((a) => a.message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)),
  );
}

interface DeclaredStack {
  readonly name: string;
  readonly dir: string;
}

function declaredStacks(outdir: string): DeclaredStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { name: string; workingDirectory: string }>;
  };
  return Object.values(manifest.stacks).map((s) => ({ name: s.name, dir: join(outdir, s.workingDirectory) }));
}

/**
 * Deletes stack directories that the app no longer declares, as `cdktf synth` does after it runs
 * the app. Without this, a stack removed from code would linger in cdktf.out and `npm run review`,
 * `verify` and `drift` (which read every stack directory) would still report it.
 */
function removeOrphanedStacks(outdir: string, stacks: readonly DeclaredStack[]): void {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return;
  const declared = new Set(stacks.map((s) => s.dir));
  for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
    const dir = join(stacksDir, entry.name);
    if (entry.isDirectory() && !declared.has(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What was written, read back from the files themselves (cdktf's manifest.json and each stack's
 * provisioning.json): stacks, their apps, the output directory and the TF_VAR_ variables a deploy
 * of all stacks needs.
 */
export function summary(outdir: string, stacks: readonly DeclaredStack[]): string {
  const rel = relative(process.cwd(), outdir);
  const where = rel === "" ? "." : rel.startsWith("..") ? outdir : rel;
  const lines = [`Synthesized ${stacks.length} stack${stacks.length === 1 ? "" : "s"} into ${where}/stacks:`];
  // Variable -> the apps that read it (one TerraformVariable may be passed to several apps of a stack).
  const variables = new Map<string, string[]>();
  for (const stack of stacks) {
    const file = join(stack.dir, MANIFEST_FILE);
    if (!existsSync(file)) {
      lines.push(`  ${stack.name}: not an EntraTenantStack (no ${MANIFEST_FILE})`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { apps: Array<{ id: string; tokenEnv: string | null }> };
    const ids = manifest.apps.map((a) => a.id);
    lines.push(`  ${stack.name}: ${ids.length} app${ids.length === 1 ? "" : "s"}${ids.length ? ` (${ids.join(", ")})` : ""}`);
    for (const a of manifest.apps) if (a.tokenEnv) variables.set(a.tokenEnv, [...(variables.get(a.tokenEnv) ?? []), `${stack.name}/${a.id}`]);
  }
  if (variables.size === 0) {
    lines.push("A deploy needs no TF_VAR_ token variables (every app takes its token from a reference).");
  } else {
    // One per line, each with the apps that read it: a list to copy into CI's secrets.
    lines.push("A deploy needs these token variables:");
    const width = Math.max(...[...variables.keys()].map((v) => v.length));
    for (const [variable, apps] of variables) lines.push(`  ${variable.padEnd(width)}  ${apps.join(", ")}`);
  }
  return lines.join("\n") + "\n";
}
