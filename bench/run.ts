/**
 * npm run bench -- [--synth 10,100,1000] [--verify 100,1000] [--repeats 3]
 * npm run bench -- graph [--apps 1,10,100] [--programs construct,l1,example] [--out bench/results/graph.json]
 * npm run bench -- graph --render bench/results/graph.json
 *
 * `graph`: the cost on Graph of a deploy and a no-change plan with the real providers, counted by
 * the local sandbox (bench/graph-bench.ts). Without it:
 *
 * (a) synth of N apps through ScimProvisionedApp against the hand-written L1 program, in the same
 *     run, alternating which goes first; median wall time (construct + synth, in the child) and
 *     peak RSS of each, and the ratio.
 * (b) verify over N apps served by a real SCIM server (scimmy, a child process on loopback)
 *     against a plain undici loop sending the same requests; apps per second and the ratio.
 * Prints the targets and whether they hold. Results go to stdout (and bench/out/last-run.json).
 * Exit 0 when every measured target holds, 1 when one fails (or the benchmark itself fails).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchGraph, PROGRAMS, renderGraph, type Program } from "./graph-bench";
import { writeSchemaSpec } from "./schema-spec";
import { exitCodeOf, targetLines, targetsOf } from "./targets";
import { benchVerify } from "./verify-bench";

const root = join(__dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

interface Sample {
  ms: number;
  maxRssMb: number;
}

function child(script: string, args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    execFile(tsx, [join(__dirname, script), ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CHECKPOINT_DISABLE: "1" } }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${script} ${args[0]} failed: ${stderr.split("\n").slice(-5).join(" ")}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop() as string));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function benchSynth(sizes: number[], repeats: number) {
  const work = mkdtempSync(join(tmpdir(), "bench-synth-"));
  const bodyFile = join(work, "schema.json");
  writeSchemaSpec(bodyFile);
  const rows = [];
  for (const n of sizes) {
    const l3: Sample[] = [];
    const l1: Sample[] = [];
    for (let r = 0; r < repeats; r++) {
      const runL3 = async () => l3.push(await child("synth-l3.ts", [String(n), join(work, `l3-${n}-${r}`)]));
      const runL1 = async () => l1.push(await child("synth-l1.ts", [String(n), join(work, `l1-${n}-${r}`), bodyFile]));
      // Alternate the order so neither side always runs on a warm disk cache.
      if (r % 2 === 0) {
        await runL3();
        await runL1();
      } else {
        await runL1();
        await runL3();
      }
      rmSync(join(work, `l3-${n}-${r}`), { recursive: true, force: true });
      rmSync(join(work, `l1-${n}-${r}`), { recursive: true, force: true });
    }
    const row = {
      apps: n,
      l3Ms: median(l3.map((s) => s.ms)),
      l1Ms: median(l1.map((s) => s.ms)),
      l3RssMb: median(l3.map((s) => s.maxRssMb)),
      l1RssMb: median(l1.map((s) => s.maxRssMb)),
    };
    rows.push({ ...row, ratio: Math.round((row.l3Ms / row.l1Ms) * 100) / 100 });
    process.stderr.write(`synth ${n}: ScimProvisionedApp ${row.l3Ms} ms / ${row.l3RssMb} MB, L1 ${row.l1Ms} ms / ${row.l1RssMb} MB\n`);
  }
  rmSync(work, { recursive: true, force: true });
  return rows;
}

async function mainBench() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      synth: { type: "string" },
      verify: { type: "string" },
      repeats: { type: "string" },
      apps: { type: "string" },
      programs: { type: "string" },
      out: { type: "string" },
      render: { type: "string" },
    },
  });
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== "graph")) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}; expected "graph" or none`);
  if (positionals[0] === "graph") {
    if (values.render !== undefined) return renderGraph(values.render);
    const programs = (values.programs ?? "construct,l1,example").split(",").filter(Boolean);
    const unknown = programs.find((p) => !(p in PROGRAMS));
    if (unknown !== undefined) throw new Error(`--programs: unknown program ${JSON.stringify(unknown)}; expected ${Object.keys(PROGRAMS).join(", ")}`);
    const apps = (values.apps ?? "1,10,100").split(",").filter(Boolean).map(Number);
    if (apps.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--apps: expected whole numbers from 1");
    return benchGraph({ apps, programs: programs as Program[], out: values.out ?? join(__dirname, "results", "graph.json") });
  }
  const synthSizes = (values.synth ?? "10,100,1000").split(",").filter(Boolean).map(Number);
  const verifySizes = (values.verify ?? "100,1000").split(",").filter(Boolean).map(Number);
  const repeats = Number(values.repeats ?? 3);

  const synth = await benchSynth(synthSizes, repeats);
  const verify = [];
  for (const n of verifySizes) verify.push(await benchVerify(n, repeats));

  const targets = targetsOf(synth, verify);

  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) };
  const lines = [
    `machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}; median of ${repeats}`,
    "",
    "| synth: apps | ScimProvisionedApp ms | L1 ms | ratio | ScimProvisionedApp peak RSS MB | L1 peak RSS MB |",
    "|---|---|---|---|---|---|",
    ...synth.map((r) => `| ${r.apps} | ${r.l3Ms} | ${r.l1Ms} | ${r.ratio} | ${r.l3RssMb} | ${r.l1RssMb} |`),
    "",
    "| verify: apps | verify apps/s | plain undici apps/s | time ratio |",
    "|---|---|---|---|",
    ...verify.map((r) => `| ${r.apps} | ${r.verifyAppsPerSec} | ${r.plainAppsPerSec} | ${r.ratio} |`),
    "",
    ...targetLines(targets),
  ];
  process.stdout.write(lines.join("\n") + "\n");
  mkdirSync(join(__dirname, "out"), { recursive: true });
  writeFileSync(join(__dirname, "out", "last-run.json"), JSON.stringify({ machine, repeats, synth, verify, targets }, null, 2));
  const failing = targets.filter((t) => !t.holds).length;
  if (failing > 0) process.stderr.write(`bench: ${failing} of ${targets.length} target(s) FAIL\n`);
  return exitCodeOf(targets);
}

mainBench().then((code) => {
  process.exitCode = code;
}, (err) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
