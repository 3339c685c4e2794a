/**
 * npm run review -- [--out DIR] [--base DIR] [--format markdown|json] [--stack S]
 *
 * Renders every app as a reviewer thinks of it; with --base (another synth output, e.g. main's)
 * only what changed: the text for a pull-request comment. Exit 0, or 2 on usage/manifest errors.
 */
import { parseArgs } from "node:util";
import { ManifestError, loadManifests } from "./manifests";
import { diffManifests, renderDiff } from "./review/diff";
import { renderReport } from "./review/report";

const USAGE = "usage: npm run review -- [--out DIR] [--base DIR] [--format markdown|json] [--stack S]";

export function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: "string" }, base: { type: "string" }, format: { type: "string" }, stack: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr.write(`review: ${(err as Error).message.split("\n")[0]}\n${USAGE}\n`);
    return 2;
  }
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "json") {
    io.stderr.write(`review: --format takes markdown or json, got "${format}"\n${USAGE}\n`);
    return 2;
  }
  try {
    const current = loadManifests({ outDir: values.out, stack: values.stack });
    if (values.base !== undefined) {
      // A stack new in this change has no manifest in the base: compare against nothing.
      const base = loadBase(values.base, values.stack);
      const changes = diffManifests(base, current);
      io.stdout.write(format === "json" ? JSON.stringify({ changed: changes.length > 0, apps: changes }) + "\n" : renderDiff(changes));
    } else {
      io.stdout.write(format === "json" ? JSON.stringify({ stacks: current }) + "\n" : renderReport(current));
    }
    return 0;
  } catch (err) {
    if (err instanceof ManifestError) {
      io.stderr.write(`review: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

function loadBase(outDir: string, stack: string | undefined) {
  try {
    return loadManifests({ outDir, stack });
  } catch (err) {
    if (err instanceof ManifestError && stack !== undefined && err.message.startsWith(`stack '${stack}'`)) return [];
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
