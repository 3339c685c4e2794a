/**
 * `npm run bench -- graph [--apps 1,10,100] [--programs construct,l1,example] [--out bench/results/graph.json]`
 * `npm run bench -- graph --render bench/results/graph.json` (the tables again from recorded results)
 *
 * The cost on Graph of a deploy and of a no-change plan, with the real providers, counted by the
 * local Entra sandbox. For each program (the stack through ScimProvisionedApp, graph-l3.ts; the
 * hand-written L1 stack, graph-l1.ts; and, once, the example tenant, graph-example.ts) and each
 * app count:
 *   1. synth (a child process) into a fresh directory;
 *   2. a fresh sandbox in this process (its tenant id the one the stack pins), a local SCIM app per
 *      tenant URL host, and the assigned users and groups made as an admin would (seedDirectory);
 *   3. `terraform init`, then, with the counts reset, `terraform apply -auto-approve` on the
 *      synthesized JSON (terraform directly, not cdktf deploy: the same apply without cdktf's
 *      synth and UI), timed; the counts;
 *   4. counts reset, `terraform plan -detailed-exitcode` (must say no changes); the counts.
 * Writes the results (JSON, and markdown tables) and prints the tables.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { graphClient, newToken, runCommand, seedDirectory, type Directory } from "../cli/local-tenant";
import { loadManifests } from "../cli/manifests";
import { installed, installationEnv, type Installation } from "../cli/providers/install";
import { startSandbox, type Sandbox } from "../sandbox";
import { EXAMPLE_APPS, EXAMPLE_STACK } from "./graph-example";
import { directoryOf, GRAPH_BENCH_STACK, GRAPH_BENCH_TENANT_ID, graphBenchApps, scimHosts } from "./graph-workload";
import { byTemplate, fixedAndPerApp, fixedCell, round2, splitCounts, type SandboxCounts, type SplitCounts } from "./graph-stats";

const ROOT = join(__dirname, "..");
const tsx = join(ROOT, "node_modules", ".bin", "tsx");

export const PROGRAMS = { construct: "graph-l3.ts", l1: "graph-l1.ts", example: "graph-example.ts" } as const;
export type Program = keyof typeof PROGRAMS;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

async function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  const started = performance.now();
  const r = await runCommand(command, args, options);
  return { ...r, ms: Math.round(performance.now() - started) };
}

/** The end of what a command printed: its errors (stderr) when it printed any, else its output. */
const tail = (r: Run, lines = 25) =>
  (r.stderr.trim() || r.stdout.trim())
    .split("\n")
    .slice(-lines)
    .map((l) => (l.length > 300 ? `${l.slice(0, 300)}...` : l))
    .join("\n");

export interface Phase {
  readonly ms: number;
  readonly counts: SandboxCounts;
  readonly split: SplitCounts;
}

export interface Measurement {
  readonly program: Program;
  readonly apps: number;
  readonly synthMs: number;
  readonly deploy: Phase;
  readonly plan: Phase & { readonly noChanges: boolean };
}

interface Workload {
  readonly tenantId: string;
  readonly apps: ReadonlyArray<{ id: string; tenantUrl: string; tokenVariable: string }>;
  readonly directory: Directory;
}

function benchWorkload(n: number): Workload {
  const apps = graphBenchApps(n);
  return { tenantId: GRAPH_BENCH_TENANT_ID, apps: apps.map((a) => ({ id: a.id, tenantUrl: a.tenantUrl, tokenVariable: `${a.id}_secret_token` })), directory: directoryOf(apps) };
}

function exampleWorkload(outDir: string): Workload {
  const [manifest] = loadManifests({ outDir, stack: EXAMPLE_STACK });
  return {
    tenantId: manifest.tenantId,
    apps: manifest.apps.map((a) => ({ id: a.id, tenantUrl: a.tenantUrl, tokenVariable: a.tokenVariable as string })),
    directory: manifest,
  };
}

function phase(ms: number, counts: SandboxCounts): Phase {
  return { ms, counts, split: splitCounts(counts) };
}

/** One program at one app count, from synth to the no-change plan, in a fresh sandbox. */
export async function measure(program: Program, n: number, installation: Installation, log: (line: string) => void): Promise<Measurement> {
  const work = mkdtempSync(join(tmpdir(), `bench-graph-${program}-${n}-`));
  const providersEnv = installationEnv(installation);
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, ...providersEnv, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  let sandbox: Sandbox | undefined;
  try {
    // 1. synth, in `work` (the stack's local backend path is the working directory's).
    const synth = await run(tsx, [join(__dirname, PROGRAMS[program]), String(n), join(work, "out")], { cwd: work, env: baseEnv });
    if (synth.code !== 0) throw new Error(`${program} synth of ${n} apps failed:\n${tail(synth)}`);
    const stackName = program === "example" ? EXAMPLE_STACK : GRAPH_BENCH_STACK;
    const stackDir = join(work, "out", "stacks", stackName);
    const stackJson = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    stackJson.terraform.backend = { local: { path: join(work, "terraform.tfstate") } };
    writeFileSync(join(stackDir, "cdk.tf.json"), JSON.stringify(stackJson));
    log(`  ${program} ${n}: synth ${synth.ms} ms`);

    // 2. the sandbox, its SCIM apps, the directory. The example tenant says what it holds in its
    // manifest; the bench's programs declare graph-workload.ts's apps.
    const workload = program === "example" ? exampleWorkload(join(work, "out")) : benchWorkload(n);
    const hosts = scimHosts(workload.apps).map((h) => ({ ...h, token: newToken() }));
    const tokenOf = new Map(hosts.flatMap((h) => h.apps.map((id) => [id, h.token] as const)));
    sandbox = await startSandbox({ stateDir: join(work, "sandbox"), tenantId: workload.tenantId, scimApps: hosts.map(({ name, tenantUrl, token }) => ({ name, tenantUrl, token })) });
    const sandboxEnv = sandbox.env();
    const graph = await graphClient(sandboxEnv, sandbox.caCertFile);
    await seedDirectory(graph, workload.directory);
    const tokens: Record<string, string> = {};
    for (const app of workload.apps) {
      if (!stackJson.variable?.[app.tokenVariable]) throw new Error(`${program}: the stack has no variable ${app.tokenVariable}`);
      tokens[`TF_VAR_${app.tokenVariable}`] = tokenOf.get(app.id) as string;
    }
    const env = { ...baseEnv, ...sandboxEnv, ...tokens };
    const terraform = installation.terraform.command;

    // 3. init, then the deploy.
    const init = await run(terraform, ["init", "-input=false", "-no-color"], { cwd: stackDir, env });
    if (init.code !== 0) throw new Error(`terraform init failed:\n${tail(init)}`);
    sandbox.resetStats();
    const apply = await run(terraform, ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: stackDir, env });
    const deploy = phase(apply.ms, sandbox.stats());
    if (apply.code !== 0) throw new Error(`${program} deploy of ${n} apps failed (exit ${apply.code}):\n${tail(apply)}`);
    log(`  ${program} ${n}: deploy ${apply.ms} ms, ${deploy.split.graphTotal} Graph + ${deploy.split.signInTotal} sign-in requests`);

    // 4. a plan with nothing to change.
    sandbox.resetStats();
    const planRun = await run(terraform, ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false", "-out=plan.bin"], { cwd: stackDir, env });
    const planCounts = sandbox.stats();
    if (planRun.code === 1) throw new Error(`${program} plan of ${n} apps failed:\n${tail(planRun)}`);
    // Exit 2 even with nothing to change: the health check's data source is always re-read at apply
    // (README, "What the real providers showed"). So "no changes" is judged by the resource changes.
    const shown = await run(terraform, ["show", "-json", "-no-color", "plan.bin"], { cwd: stackDir, env });
    if (shown.code !== 0) throw new Error(`terraform show of the plan failed:\n${tail(shown)}`);
    const changed = resourceChanges(JSON.parse(shown.stdout));
    const plan = { ...phase(planRun.ms, planCounts), noChanges: changed.length === 0 };
    if (!plan.noChanges) log(`  ${program} ${n}: WARNING the plan after the deploy changes ${changed.join(", ")}:\n${tail(planRun, 40)}`);
    log(`  ${program} ${n}: plan ${planRun.ms} ms, ${plan.split.graphTotal} Graph + ${plan.split.signInTotal} sign-in requests`);
    return { program, apps: n, synthMs: synth.ms, deploy, plan };
  } finally {
    await sandbox?.close();
    if (!process.env.BENCH_GRAPH_KEEP) rmSync(work, { recursive: true, force: true });
    else log(`  kept ${work}`);
  }
}

/** The addresses a plan would change (anything but a no-op, and a data source's read). */
export function resourceChanges(plan: { resource_changes?: Array<{ address: string; change: { actions: string[] } }> }): string[] {
  return (plan.resource_changes ?? []).filter((c) => !c.change.actions.every((a) => a === "no-op" || a === "read")).map((c) => `${c.address} (${c.change.actions.join("+")})`);
}

const LABEL: Record<Program, string> = { construct: "ScimProvisionedApp", l1: "hand-written L1", example: "example tenant" };

/** The recorded results as markdown: totals per app, then per path template with its fixed and per-app parts. */
export function markdown(measurements: readonly Measurement[]): string {
  const lines: string[] = [];
  lines.push("| program | apps | deploy: Graph | per app | sign-in | deploy wall s | plan: Graph | per app | sign-in | plan wall s | plan empty |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const m of measurements) {
    lines.push(
      `| ${LABEL[m.program]} | ${m.apps} | ${m.deploy.split.graphTotal} | ${round2(m.deploy.split.graphTotal / m.apps)} | ${m.deploy.split.signInTotal} | ${(m.deploy.ms / 1000).toFixed(1)} | ${m.plan.split.graphTotal} | ${round2(m.plan.split.graphTotal / m.apps)} | ${m.plan.split.signInTotal} | ${(m.plan.ms / 1000).toFixed(1)} | ${m.plan.noChanges ? "yes" : "NO"} |`,
    );
  }
  for (const program of Object.keys(PROGRAMS) as Program[]) {
    const mine = measurements.filter((m) => m.program === program).sort((a, b) => a.apps - b.apps);
    if (mine.length === 0) continue;
    const ns = mine.map((m) => m.apps);
    for (const which of ["deploy", "plan"] as const) {
      const graphFit = fixedAndPerApp(mine.map((m) => ({ apps: m.apps, count: m[which].split.graphTotal })));
      const signInFit = fixedAndPerApp(mine.map((m) => ({ apps: m.apps, count: m[which].split.signInTotal })));
      lines.push("");
      const title = `${LABEL[program]}, ${which === "deploy" ? "deploy" : "no-change plan"}`;
      lines.push(
        graphFit.fixed === undefined
          ? `${title}: ${mine[0][which].split.graphTotal} Graph and ${mine[0][which].split.signInTotal} sign-in requests for ${mine[0].apps} apps (one app count: the fixed part is not measured)`
          : `${title}: Graph = ${fixedCell(round2(graphFit.fixed))} + ${round2(graphFit.perApp)} x apps; sign-in = ${fixedCell(signInFit.fixed === undefined ? undefined : round2(signInFit.fixed))} + ${round2(signInFit.perApp)} x apps`,
      );
      lines.push("");
      lines.push(`| request | ${ns.map((n) => `${n} app${n === 1 ? "" : "s"}`).join(" | ")} | per app | fixed |`);
      lines.push(`|---|${ns.map(() => "---").join("|")}|---|---|`);
      const rows = byTemplate(mine.map((m) => ({ apps: m.apps, counts: { ...m[which].split.graph, ...m[which].split.signIn } })));
      for (const r of rows) lines.push(`| \`${r.key}\` | ${ns.map((n) => r.counts[n]).join(" | ")} | ${r.perApp} | ${fixedCell(r.fixed)} |`);
    }
  }
  return lines.join("\n");
}

/** The tables of recorded results, written beside them (`<name>.md`) and printed. */
export function renderGraph(file: string): number {
  const recorded = JSON.parse(readFileSync(file, "utf8")) as { measurements: Measurement[] };
  const table = markdown(recorded.measurements);
  writeFileSync(file.replace(/\.json$/, "") + ".md", table + "\n");
  process.stdout.write(`${table}\n`);
  return 0;
}

export async function benchGraph(options: { apps: number[]; programs: Program[]; out: string }): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const installation = installed();
  if ("missing" in installation) {
    log(`bench graph: the real providers are needed: ${installation.missing}`);
    return 1;
  }
  const msgraph = installation.providers.find((p) => p.source.name === "msgraph");
  const providers = installation.providers.map((p) => ({
    name: p.source.name,
    version: p.build.version,
    source: p.build.source,
    sha256: p.build.sha256,
    standIn: p.build.standIn,
  }));
  if (msgraph?.build.standIn) log(`bench graph: msgraph is a stand-in built from ${msgraph.build.standIn.builtFrom}${msgraph.build.standIn.lacks.length ? ` (lacks ${msgraph.build.standIn.lacks.join(", ")})` : ""}`);
  const measurements: Measurement[] = [];
  for (const n of options.apps) {
    for (const program of options.programs.filter((p) => p !== "example")) {
      log(`bench graph: ${LABEL[program]}, ${n} app(s)`);
      measurements.push(await measure(program, n, installation, log));
    }
  }
  // The example tenant has its own four apps, whatever --apps says.
  if (options.programs.includes("example")) {
    log(`bench graph: ${LABEL.example} (${EXAMPLE_APPS} apps)`);
    measurements.push(await measure("example", EXAMPLE_APPS, installation, log));
  }
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}`, loadAverage: loadavg().map((x) => round2(x)) };
  const git = (args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout?.trim() ?? "";
  const result = {
    date: new Date().toISOString(),
    // What was measured: the commit, and whether constructs/ or bench/ differed from it.
    commit: git(["rev-parse", "HEAD"]),
    changedFromCommit: git(["status", "--porcelain", "--", "constructs", "bench"]).split("\n").filter(Boolean),
    machine,
    terraform: { command: installation.terraform.command, flavour: installation.terraform.flavour, version: installation.terraform.version },
    providers,
    method: "terraform init, then apply -auto-approve (default parallelism 10) and plan -detailed-exitcode directly on the synthesized cdk.tf.json; counts from the in-process sandbox's stats, reset before each phase",
    measurements,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify(result, null, 2) + "\n");
  const table = markdown(measurements);
  writeFileSync(options.out.replace(/\.json$/, "") + ".md", table + "\n");
  process.stdout.write(`${table}\n`);
  const notEmpty = measurements.filter((m) => !m.plan.noChanges);
  if (notEmpty.length > 0) {
    log(`bench graph: ${notEmpty.length} plan(s) after a deploy were not empty`);
    return 1;
  }
  return 0;
}
