/**
 * npm run drift -- [--out DIR] [--stack S] [--plan-json FILE] [--json]
 *
 * For each synthesized stack: terraform init, a refresh-only plan (-detailed-exitcode), show -json,
 * and a report in provisioning terms. Exit 0 no drift, 2 drift, 1 error (an error in one stack
 * does not hide the others' reports, but the run cannot claim "no drift": exit 1).
 * --plan-json reads an existing `terraform show -json` output instead (one stack; no terraform).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Manifest } from "../manifest/schema";
import { PlanError, parsePlan } from "./drift/plan";
import { driftReport, renderDrift, type DriftItem } from "./drift/report";
import { synthesizedStacks } from "./drift/stacks";
import { TerraformError, refreshOnlyPlan } from "./drift/terraform";
import { ManifestError, loadManifests } from "./manifests";

const USAGE = "usage: npm run drift -- [--out DIR] [--stack S] [--plan-json FILE] [--json]";

interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Errors the CLI reports as one line; anything else is a bug and keeps its stack trace. */
function expected(err: unknown): err is Error {
  return err instanceof ManifestError || err instanceof PlanError || err instanceof TerraformError;
}

function readPlanFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new PlanError(`${file}: cannot read plan JSON: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): number {
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
  const outDir = values.out ?? "cdktf.out";
  const planJson = values["plan-json"];

  // What to check: one manifest and a given plan, or every synthesized stack and terraform.
  let work: Array<{ manifest: Manifest; plan: () => string; source: string }>;
  try {
    if (planJson !== undefined) {
      const manifests = loadManifests({ outDir, stack: values.stack });
      if (manifests.length !== 1) {
        throw new PlanError(`--plan-json reads one stack's plan; pass --stack (stacks: ${manifests.map((m) => m.stack).join(", ")})`);
      }
      work = [{ manifest: manifests[0], plan: () => readPlanFile(planJson), source: planJson }];
    } else {
      work = synthesizedStacks(outDir, values.stack).map((s) => ({ manifest: s.manifest, plan: () => refreshOnlyPlan(s.dir), source: `${s.stack} plan` }));
    }
  } catch (err) {
    if (!expected(err)) throw err;
    io.stderr.write(`drift: ${err.message}\n`);
    return 1;
  }

  const all: DriftItem[] = [];
  let failed = false;
  for (const { manifest, plan, source } of work) {
    try {
      const items = driftReport(manifest, parsePlan(plan(), source));
      all.push(...items);
      if (!values.json) io.stdout.write(renderDrift(manifest.stack, items));
    } catch (err) {
      if (!expected(err)) throw err;
      io.stderr.write(`drift: ${err.message}\n`);
      failed = true;
    }
  }
  if (values.json) io.stdout.write(JSON.stringify({ drift: all.length > 0, complete: !failed, items: all }) + "\n");
  return failed ? 1 : all.length > 0 ? 2 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
