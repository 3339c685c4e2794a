/**
 * npm run review -- [--out DIR] [--base DIR] [--format markdown|json] [--stack S]
 *
 * Renders every app as a reviewer thinks of it; with --base (another synth output, e.g. main's)
 * only what changed: the text for a pull-request comment. Exit 0, 2 on a manifest error, 64 on a
 * usage error.
 */
import type { Manifest } from "../manifest/schema";
import { ManifestError, loadManifests } from "./manifests";
import { diffManifests, renderDiff } from "./review/diff";
import { renderReport } from "./review/report";
import { printable, printableJson, redactUrl } from "./printable";
import { type CommandSpec, commandLineOrExit, failUsage } from "./usage";

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
    [2, "manifest error (none synthesized, unreadable, or no stack matches --stack); nothing was printed to stdout"],
  ],
};

export function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): number {
  const parsed = commandLineOrExit("review", REVIEW_COMMAND, argv, io);
  if (typeof parsed === "number") return parsed;
  const values = parsed as { out?: string; base?: string; format?: string; stack?: string };
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "json") {
    return failUsage(io, "review", REVIEW_COMMAND, `--format takes markdown or json, got ${printable(JSON.stringify(format.slice(0, 40)))}`);
  }
  try {
    const current = loadManifests({ outDir: values.out, stack: values.stack });
    if (values.base !== undefined) {
      const base = loadBase(values.base, values.stack);
      const changes = diffManifests(base, current);
      io.stdout.write(format === "json" ? printableJson({ changed: changes.length > 0, apps: changes }) + "\n" : renderDiff(changes));
    } else {
      io.stdout.write(format === "json" ? printableJson({ stacks: current.map(withoutUrlCredentials) }) + "\n" : renderReport(current));
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

/** The JSON report carries the manifests as they are, except credentials in a tenant URL. */
function withoutUrlCredentials(m: Manifest): Manifest {
  return { ...m, apps: m.apps.map((app) => ({ ...app, tenantUrl: redactUrl(app.tenantUrl) })) };
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
