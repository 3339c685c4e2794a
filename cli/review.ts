/**
 * npm run review -- [--out DIR] [--base DIR] [--format markdown|json] [--stack S]
 *
 * Renders every app as a reviewer thinks of it; with --base (another synth output, e.g. main's)
 * only what changed: the text for a pull-request comment. Exit 0, or 2 on usage/manifest errors.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MANIFEST_FILE, type Manifest } from "../manifest/schema";
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

/**
 * The base synth output. A stack or a whole output with no manifest yet (the base branch predates
 * it, or its synth failed and CI left an empty stacks dir) is compared against nothing, so every
 * app shows as added; a base directory that does not exist at all is a usage error (a typo).
 */
function loadBase(outDir: string, stack: string | undefined): Manifest[] {
  const stacksDir = join(outDir, "stacks");
  if (existsSync(stacksDir) && statSync(stacksDir).isDirectory()) {
    const present = readdirSync(stacksDir).filter((name) => existsSync(join(stacksDir, name, MANIFEST_FILE)));
    if (stack !== undefined ? !present.includes(stack) : present.length === 0) return [];
  }
  return loadManifests({ outDir, stack });
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
