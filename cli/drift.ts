/**
 * npm run drift -- [--out DIR] [--stack S] [--plan-json FILE]
 *
 * For each synthesized stack: terraform init, a refresh-only plan (-detailed-exitcode), show -json,
 * and a report in provisioning terms. Exit 0 no drift, 2 drift, 1 error.
 * --plan-json reads an existing `terraform show -json` output instead (one stack).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { driftReport, renderDrift, type DriftItem } from "./drift/report";
import { parsePlan, PlanError } from "./drift/plan";
import { refreshOnlyPlan, TerraformError } from "./drift/terraform";
import { ManifestError, loadManifests } from "./manifests";

const USAGE = "usage: npm run drift -- [--out DIR] [--stack S] [--plan-json FILE]";

export function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: "string" }, stack: { type: "string" }, "plan-json": { type: "string" }, json: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr.write(`drift: ${(err as Error).message.split("\n")[0]}\n${USAGE}\n`);
    return 1;
  }
  try {
    const outDir = values.out ?? "cdktf.out";
    const manifests = loadManifests({ outDir, stack: values.stack });
    if (values["plan-json"] !== undefined && manifests.length !== 1) {
      throw new PlanError(`--plan-json reads one stack's plan; pass --stack (stacks: ${manifests.map((m) => m.stack).join(", ")})`);
    }
    const all: DriftItem[] = [];
    for (const manifest of manifests) {
      const text =
        values["plan-json"] !== undefined ? readFileSync(values["plan-json"], "utf8") : refreshOnlyPlan(join(outDir, "stacks", manifest.stack));
      const items = driftReport(manifest, parsePlan(text, values["plan-json"] ?? `${manifest.stack} plan`));
      all.push(...items);
      if (!values.json) io.stdout.write(renderDrift(manifest.stack, items));
    }
    if (values.json) io.stdout.write(JSON.stringify({ drift: all.length > 0, items: all }) + "\n");
    return all.length > 0 ? 2 : 0;
  } catch (err) {
    if (err instanceof ManifestError || err instanceof PlanError || err instanceof TerraformError) {
      io.stderr.write(`drift: ${err.message}\n`);
      return 1;
    }
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      io.stderr.write(`drift: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
