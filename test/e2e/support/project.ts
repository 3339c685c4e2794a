/**
 * A cdktf project in a temp folder whose cdktf.json runs a fixture app of this repository, and
 * the commands the end-to-end test runs in it: cdktf (deploy, destroy), the app itself (a synth
 * into another output folder, as CI's base and head synths are), terraform in a synthesized
 * stack, and the project's npm scripts. Every command is an asynchronous child process: the
 * sandbox answers from the test's own process, so nothing here may block its event loop.
 *
 * The app is run with the project folder as its working directory, so every synth of it (by
 * cdktf or directly) writes the same local backend path, `<project>/terraform.<stack>.tfstate`:
 * a plan in another output folder reads the state the deploy wrote.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cdktf, cdktfProject, ROOT, runCommand, type CommandRun } from "../../../cli/local-tenant";

/** What a command printed and how it ended. */
export type Run = CommandRun;

export { runCommand };

const TSX = pathToFileURL(require.resolve("tsx")).href;

export class CdktfProject {
  readonly dir: string;
  /** Where `cdktf deploy` synthesizes (cdktf.json's output). */
  readonly outdir: string;

  constructor(private readonly app: string) {
    this.dir = cdktfProject(mkdtempSync(join(tmpdir(), "e2e-project-")), app);
    this.outdir = join(this.dir, "cdktf.out");
  }

  /** The cdktf CLI in the project, e.g. `["deploy", "stack", "--auto-approve"]`. */
  cdktf(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
    return cdktf(args, { cwd: this.dir, env });
  }

  /** The app run directly into `outdir` (what `npm run synth` does for main.ts); throws with its output when it fails. */
  async synth(outdir: string, env: NodeJS.ProcessEnv): Promise<void> {
    const r = await runCommand(process.execPath, ["--import", TSX, this.app], { cwd: this.dir, env: { ...env, CDKTF_OUTDIR: outdir } });
    if (r.code !== 0) throw new Error(`synth of ${this.app} into ${outdir} failed (exit ${r.code}): ${r.stderr || r.stdout}`);
  }
}

/** The working directory terraform runs in for a synthesized stack. */
export function stackDir(outdir: string, stack: string): string {
  return join(outdir, "stacks", stack);
}

/** `npm run -s <script> -- <args>` in the repository, as a user types it. */
export function npmRun(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return runCommand("npm", ["run", "-s", script, "--", ...args], { cwd: ROOT, env });
}
