/**
 * npm run review -- [--out DIR] [--base DIR] [--format markdown|json] [--stack S]
 *
 * Renders every app as a reviewer thinks of it; with --base (another synth output, e.g. main's)
 * only what changed: the text for a pull-request comment. Exit 0, or 2 on usage/manifest errors.
 */
import type { Manifest } from "../manifest/schema";
import { ManifestError, loadManifests } from "./manifests";
import { diffManifests, renderDiff } from "./review/diff";
import { renderReport } from "./review/report";
import { printable, printableJson } from "./printable";
import { Secrets } from "./redaction";
import { type CommandSpec, commandLineOrExit, usageError } from "./usage";

export const REVIEW_COMMAND: CommandSpec = {
  command: "npm run review --",
  summary:
    "Renders every synthesized app as a reviewer thinks of it; with --base (another synth output,\n" +
    "e.g. main's) only what changed: the text of a pull-request comment.",
  options: [
    { name: "out", arg: "DIR", description: "synth output to report on", default: "cdktf.out" },
    { name: "base", arg: "DIR", description: "synth output to compare against (show only changes)", default: "no comparison" },
    { name: "format", arg: "markdown|json", description: "output format", default: "markdown" },
    { name: "stack", arg: "S", description: "only this stack", default: "every stack" },
  ],
  exitCodes: [
    [0, "the report was printed"],
    [2, "usage or manifest error; nothing was printed to stdout"],
  ],
};

/**
 * @param env where secrets to keep out of the report are read (TF_VAR_ values, ARM_/AZURE_
 * secrets; cli/redaction.ts). @default process.env
 */
export function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }, env: NodeJS.ProcessEnv = process.env): number {
  const parsed = commandLineOrExit("review", REVIEW_COMMAND, argv, io);
  if (typeof parsed === "number") return parsed;
  const values = parsed as { out?: string; base?: string; format?: string; stack?: string };
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "json") {
    io.stderr.write(usageError("review", REVIEW_COMMAND, `--format takes markdown or json, got ${printable(JSON.stringify(format.slice(0, 40)))}`));
    return 2;
  }
  try {
    // A manifest holds no secret by design, but a value can copy one (a token pasted into a display
    // name): every string is redacted before it is rendered or escaped (cli/redaction.ts).
    const loaded = loadManifests({ outDir: values.out, stack: values.stack });
    const loadedBase = values.base !== undefined ? loadBase(values.base, values.stack) : undefined;
    const secrets = Secrets.fromEnvironment(env);
    for (const app of [...loaded, ...(loadedBase ?? [])].flatMap((m) => m.apps)) secrets.addUrlCredentials(app.tenantUrl);
    const current = secrets.redactDeep(loaded);
    if (loadedBase !== undefined) {
      const base = secrets.redactDeep(loadedBase);
      const changes = diffManifests(base, current);
      io.stdout.write(format === "json" ? printableJson({ changed: changes.length > 0, apps: changes }) + "\n" : renderDiff(changes));
    } else {
      // redactDeep also took URL credentials (`user:pass@`) out of every string, tenant URLs included.
      io.stdout.write(format === "json" ? printableJson({ stacks: current }) + "\n" : renderReport(current));
    }
    return 0;
  } catch (err) {
    if (err instanceof ManifestError) {
      io.stderr.write(`review: ${printable(err.message)}\n`);
      return 2;
    }
    throw err;
  }
}

/**
 * The base synth output. A stack or a whole output with no manifest yet (the base branch predates
 * it, or its synth failed and CI left an empty stacks dir) is compared against nothing, so every
 * app shows as added; a base directory that does not exist at all is a usage error (a typo).
 */
function loadBase(outDir: string, stack: string | undefined): Manifest[] {
  return loadManifests({ outDir, stack, noneIsEmpty: true });
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
