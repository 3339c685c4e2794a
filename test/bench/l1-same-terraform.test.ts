/**
 * bench/synth-l1.ts must keep writing the same Terraform as the ScimProvisionedApp program
 * (bench/synth-l3.ts): the benchmark compares their cost, which means nothing if they drift apart.
 * Same blocks of every type, and the same by-name merge expressions once addresses are normalized.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSchemaSpec } from "../../bench/schema-spec";

const root = join(__dirname, "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

function synthBench(script: string, args: string[]): any {
  const out = mkdtempSync(join(tmpdir(), "bench-eq-"));
  execFileSync(tsx, [join(root, "bench", script), "2", out, ...args], { cwd: root, env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: "pipe", timeout: 120_000 });
  return JSON.parse(readFileSync(join(out, "stacks", "bench", "cdk.tf.json"), "utf8"));
}

/** How many blocks of each kind and type a configuration has. */
function shape(tf: any): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of ["resource", "data"]) for (const [type, blocks] of Object.entries(tf[kind] ?? {})) counts[`${kind}.${type}`] = Object.keys(blocks as object).length;
  for (const kind of ["locals", "variable", "check", "output"]) counts[kind] = Object.keys(tf[kind] ?? {}).length;
  return counts;
}

const normalized = (tf: any, part: string) =>
  Object.entries(tf.locals ?? {})
    .filter(([k]) => k.includes(part))
    .map(([, v]) => (typeof v === "string" ? v.replace(/(local|data\.msgraph_resource)\.[\w-]+/g, "$1.X") : v))
    .map((v) => JSON.stringify(v).replace(/bench\/app\d+: /g, "bench/APP: "));

test("the hand-written L1 program writes the same Terraform as ScimProvisionedApp", () => {
  const spec = join(mkdtempSync(join(tmpdir(), "bench-spec-")), "schema.json");
  writeSchemaSpec(spec);
  const l1 = synthBench("synth-l1.ts", [spec]);
  const l3 = synthBench("synth-l3.ts", []);
  expect(shape(l1)).toEqual(shape(l3));
  for (const part of ["schema-rules", "schema-problems", "schema-warnings"]) {
    expect(normalized(l1, part)).toHaveLength(2);
    expect(normalized(l1, part)).toEqual(normalized(l3, part.replace("-", "_")));
  }
}, 120_000);
