/**
 * npm run drift -- [--out DIR] [--stack S] [--plan-json FILE] [--json]
 *
 * For each synthesized stack: terraform init, a refresh-only plan (-detailed-exitcode), show -json,
 * and a report in provisioning terms. Exit 0 no drift, 2 drift, 1 error (an error in one stack
 * does not hide the others' reports, but the run cannot claim "no drift": exit 1), 64 usage error.
 * --plan-json reads an existing `terraform show -json` output instead (one stack; no terraform).
 */
import { readFileSync } from "node:fs";
import type { Manifest } from "../manifest/schema";
import { PlanError, parsePlan } from "./drift/plan";
import { assertPlanOfStack } from "./drift/plan-stack";
import { driftReport, renderDrift, type DriftItem } from "./drift/report";
import { synthesizedStacks } from "./drift/stacks";
import { TerraformError, refreshOnlyPlan } from "./drift/terraform";
import { ManifestError, loadManifests } from "./manifests";
import { printable, printableJson } from "./printable";
import { type CommandSpec, commandLineOrExit } from "./usage";

export const DRIFT_COMMAND: CommandSpec = {
  command: "npm run drift --",
  summary:
    "For each synthesized stack: terraform init, a refresh-only plan and show -json, reported in\n" +
    "provisioning terms. Needs terraform and the deploy's credentials, unless --plan-json is given.",
  options: [
    { name: "out", arg: "DIR", description: "synth output to check", default: "cdktf.out" },
    { name: "stack", arg: "S", description: "only this stack", default: "every stack" },
    { name: "plan-json", arg: "FILE", description: "read this `terraform show -json` plan of one stack instead of running terraform (a plan of another stack is refused)" },
    { name: "json", description: "print one JSON report instead of text" },
  ],
  exitCodes: [
    [0, "no drift"],
    [1, "error: a stack could not be checked (the others are still reported)"],
    [2, "drift found"],
  ],
};

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
  const parsed = commandLineOrExit("drift", DRIFT_COMMAND, argv, io);
  if (typeof parsed === "number") return parsed;
  const values = parsed as { out?: string; stack?: string; "plan-json"?: string; json?: boolean };
  const outDir = values.out ?? "cdktf.out";
  const planJson = values["plan-json"];

  // What to check: one manifest and a given plan, or every synthesized stack and terraform.
  // given: a plan file from the user, which may be another stack's; terraform's own plans are
  // made in the stack's directory from the same synth as its manifest.
  let work: Array<{ manifest: Manifest; plan: () => string; source: string; given: boolean }>;
  try {
    if (planJson !== undefined) {
      const manifests = loadManifests({ outDir, stack: values.stack });
      if (manifests.length !== 1) {
        throw new PlanError(`--plan-json reads one stack's plan; pass --stack (stacks: ${manifests.map((m) => m.stack).join(", ")})`);
      }
      work = [{ manifest: manifests[0], plan: () => readPlanFile(planJson), source: planJson, given: true }];
    } else {
      work = synthesizedStacks(outDir, values.stack).map((s) => ({ manifest: s.manifest, plan: () => refreshOnlyPlan(s.dir), source: `${s.stack} plan`, given: false }));
    }
  } catch (err) {
    if (!expected(err)) throw err;
    io.stderr.write(`drift: ${printable(err.message)}\n`);
    return 1;
  }

  const all: DriftItem[] = [];
  let failed = false;
  for (const { manifest, plan, source, given } of work) {
    try {
      const parsed = parsePlan(plan(), source);
      if (given) assertPlanOfStack(manifest, parsed, source);
      const items = driftReport(manifest, parsed, source);
      all.push(...items);
      if (!values.json) io.stdout.write(renderDrift(manifest.stack, items));
    } catch (err) {
      if (!expected(err)) throw err;
      io.stderr.write(`drift: ${printable(err.message)}\n`);
      failed = true;
    }
  }
  if (values.json) io.stdout.write(printableJson({ drift: all.length > 0, complete: !failed, items: all }) + "\n");
  return failed ? 1 : all.length > 0 ? 2 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
