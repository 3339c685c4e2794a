/**
 * `verify --deep` as a function: for each selected app, the test sequence of plan.ts against the
 * app's real endpoint, then cleanup, always. Apps run one after another (the run writes to each
 * app; one at a time keeps the load on an app's API to one request in flight).
 */
import type { AppManifest } from "../../../manifest/schema";
import { createAgent, type HttpOptions, ProbeError } from "../http";
import { internalFailure } from "../run";
import { Secrets, shownReport, shownUrl } from "../shown";
import { selectTargets } from "../targets";
import { readToken, tenantUrlProblem } from "../token";
import { Ledger, cleanup } from "./cleanup";
import type { DeepContext } from "./context";
import { Fail } from "./context";
import { PatchForm, usesCompliantPatch } from "./patch-form";
import { type DeepCheck, DEEP_TESTS, type DeepTest } from "./plan";
import { knownTargets } from "./discover";
import { buildProbe, declaredMappings, PROBE_PREFIX, probeTag } from "./probe-objects";

export interface DeepOptions {
  /** @default "cdktf.out" */
  readonly outDir?: string;
  readonly stack?: string;
  readonly app?: string;
  /** Per-request deadline. @default 10000 */
  readonly timeoutMs?: number;
  readonly caFile?: string;
  /** Run every test whose objects exist even after a failure. @default false (stop at the first failure) */
  readonly keepGoing?: boolean;
  /** Where tokens are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Aborting stops the sequence after the current request; cleanup still runs. */
  readonly signal?: AbortSignal;
  /** The tests to run, in order. @default DEEP_TESTS */
  readonly tests?: readonly DeepTest[];
  /** Called as each app finishes (progress). */
  readonly onAppDone?: (done: number, total: number, app: DeepAppResult) => void;
}

export interface DeepAppResult {
  readonly stack: string;
  readonly app: string;
  readonly tenantUrl: string;
  readonly ok: boolean;
  readonly checks: DeepCheck[];
}

/** verify's result shape, marked as a deep run. */
export interface DeepResult {
  readonly ok: boolean;
  readonly deep: true;
  readonly apps: DeepAppResult[];
}

export async function runDeep(options: DeepOptions = {}): Promise<DeepResult> {
  const targets = selectTargets(options);
  const secrets = new Secrets();
  for (const { app } of targets) secrets.addUrlCredentials(app.tenantUrl);
  const http: HttpOptions = { timeoutMs: options.timeoutMs ?? 10_000, caFile: options.caFile, connections: 1 };
  const agent = createAgent(http);
  const apps: DeepAppResult[] = [];
  try {
    for (const { stack, app } of targets) {
      const started = Date.now();
      let checks: DeepCheck[];
      try {
        checks = options.signal?.aborted
          ? [{ name: "interrupted", ok: false, ms: 0, message: "not run: the run was interrupted before this app" }]
          : await deepApp(app, options, agent, http, secrets);
      } catch (err) {
        // deepApp's own finally has run cleanup; the app still gets its row.
        checks = [internalFailure(err, Date.now() - started)];
      }
      apps.push(shownReport({ stack, app: app.id, tenantUrl: shownUrl(app.tenantUrl), ok: checks.every((c) => c.ok), checks }, secrets));
      options.onAppDone?.(apps.length, targets.length, apps[apps.length - 1]);
    }
  } finally {
    await agent.close();
  }
  return shownReport({ ok: apps.every((a) => a.ok), deep: true as const, apps }, secrets);
}

/**
 * A SCIM attribute path as Entra's mappings write it (`userName`, `emails[type eq "work"].value`,
 * `urn:...:User:employeeNumber`). The matching attribute goes into filters, and cleanup searches
 * with it: a manifest (pull-request input) must not turn that search into "every user".
 */
const ATTRIBUTE_PATH = /^(urn:[A-Za-z0-9._:-]+:)?[A-Za-z][A-Za-z0-9_$-]*(\[[A-Za-z][A-Za-z0-9_]* eq "[^"\\]*"\])?(\.(\$ref|[A-Za-z][A-Za-z0-9_$]*))?$/;

/** Why the app cannot be tested at all (no request is sent), or its token. */
function preflight(app: AppManifest, env: NodeJS.ProcessEnv, secrets: Secrets): { token: string } | { problem: DeepCheck } {
  for (const [field, declared] of [["users", app.users], ["groups", app.groups]] as const) {
    if (!declared) continue;
    const mapping = declaredMappings(field, declared);
    // Targets become property names of the probe objects: only attribute paths, never `__proto__`.
    const bad = [[`${field}.matchingAttribute`, mapping.matchingAttribute], ...mapping.mappings.map((m, i) => [`${field}.mappings.${i}.target`, m.target])].find(([, v]) => !ATTRIBUTE_PATH.test(v));
    if (bad) {
      return {
        problem: { name: "manifest", ok: false, ms: 0, message: `${bad[0]} ${JSON.stringify(bad[1].slice(0, 64))} is not a SCIM attribute path; run 'npm run synth' to regenerate the manifest` },
      };
    }
  }
  // The token source itself (TF_VAR_<tokenVariable>) was checked for every app by selectTargets.
  const access = readToken(app, env, secrets, "--deep");
  if ("problem" in access) return access;
  const refused = tenantUrlProblem(app);
  return refused ? { problem: refused } : access;
}

async function deepApp(app: AppManifest, options: DeepOptions, agent: ReturnType<typeof createAgent>, http: HttpOptions, secrets: Secrets): Promise<DeepCheck[]> {
  const access = preflight(app, options.env ?? process.env, secrets);
  if ("problem" in access) return [access.problem];
  const tag = probeTag();
  const name = `${PROBE_PREFIX}${tag}`;
  const known = await knownTargets(agent, app.tenantUrl, access.token, http);
  const ctx: DeepContext = {
    app,
    token: access.token,
    agent,
    http,
    secrets,
    form: new PatchForm(usesCompliantPatch(app.tenantUrl)),
    ledger: new Ledger(),
    tag,
    known,
    userProbe: buildProbe("users", declaredMappings("users", app.users), app.mappingMode, name, known),
    ...(app.groups && app.objects.includes("groups") ? { groupProbe: buildProbe("groups", declaredMappings("groups", app.groups), app.mappingMode, `${name}-group`, known) } : {}),
  };
  const checks: DeepCheck[] = [];
  let stopped: string | undefined;
  try {
    for (const test of options.tests ?? DEEP_TESTS) {
      const skip = (message: string) => checks.push({ name: test.name, ok: true, warning: true, skipped: true, ms: 0, message });
      const notApplicable = test.skip?.(ctx);
      if (notApplicable !== undefined) {
        skip(`skipped: ${notApplicable}`);
        continue;
      }
      if (stopped !== undefined) {
        skip(`not run: ${stopped}`);
        continue;
      }
      const missing = test.needs.find((n) => (n === "member" ? !ctx.member : ctx[n] === undefined));
      if (missing !== undefined) {
        skip(`skipped: needs the probe ${missing === "member" ? "group membership" : missing}, which an earlier test did not make`);
        continue;
      }
      const result = await runTest(test, ctx);
      checks.push(result);
      if (options.signal?.aborted) stopped = "the run was interrupted";
      else if (!result.ok && !options.keepGoing) stopped = `${test.name} failed (--keep-going runs the rest)`;
    }
    // An interrupted run is not a pass, whatever the tests that ran said.
    if (options.signal?.aborted) checks.push({ name: "interrupted", ok: false, ms: 0, message: "the run was interrupted; the tests marked 'not run' did not run" });
  } finally {
    // Always: after the last test, a failure, a timeout, an exception or an interrupt.
    const done = await cleanup(ctx);
    if (done) checks.push(done);
  }
  return checks;
}

async function runTest(test: DeepTest, ctx: DeepContext): Promise<DeepCheck> {
  const started = Date.now();
  try {
    const pass = await test.run(ctx);
    return { name: test.name, ok: true, ...(pass.warning ? { warning: true } : {}), ...(pass.status !== undefined ? { status: pass.status } : {}), ms: Date.now() - started, message: pass.message };
  } catch (err) {
    if (err instanceof Fail || err instanceof ProbeError) {
      return { name: test.name, ok: false, ...(err.status !== undefined ? { status: err.status } : {}), ms: Date.now() - started, message: err.message };
    }
    // Whatever the app answers, the app gets a result and cleanup runs; the error's own text may
    // quote the answer, so only its kind is shown.
    return { name: test.name, ok: false, ms: Date.now() - started, message: `the app's answer could not be read (${(err as Error)?.name ?? "error"}); check the endpoint with a SCIM client` };
  }
}
