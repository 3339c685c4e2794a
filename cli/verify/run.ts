/**
 * verify as a function: loads the manifests, probes every selected app with bounded concurrency,
 * and returns the result object that `--json` prints, with the exit code. Every app gets a
 * result: an exception inside one app's checks becomes that app's failed `internal` check, and
 * the whole result passes through shownReport (redacted, printable, short) before it is returned.
 */
import { checkApp, type CheckResult } from "./checks";
import { createAgent } from "./http";
import { Secrets, shownReport, shownUrl } from "./shown";
import { selectTargets, SelectionError } from "./targets";
import { loadTrustedOrigins, trustVerdict } from "./trust";

export { SelectionError };

export interface VerifyOptions {
  /** @default "cdktf.out" */
  readonly outDir?: string;
  readonly stack?: string;
  readonly app?: string;
  /** @default 8 */
  readonly concurrency?: number;
  /** @default 10000 */
  readonly timeoutMs?: number;
  readonly caFile?: string;
  /**
   * The base branch's synth output: a token is only sent to an origin this output already sends
   * the same variable to; other apps are skipped (trust.ts). For pull requests.
   * @default - every app is probed
   */
  readonly trustBase?: string;
  /** How host names are resolved (tests). @default - the system's, dns.lookup */
  readonly lookup?: import("node:net").LookupFunction;
  /** Where tokens are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Called as each app finishes (progress); the app result is already sanitized. */
  readonly onAppDone?: (done: number, total: number, app: AppResult) => void;
}

export interface AppResult {
  readonly stack: string;
  readonly app: string;
  /** As printed: credentials (`user:pass@`) replaced by `***`. */
  readonly tenantUrl: string;
  readonly ok: boolean;
  /** Not probed: --trust-base withheld its token (the reason is the one check's message). */
  readonly skipped?: true;
  readonly checks: CheckResult[];
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly apps: AppResult[];
}

/**
 * The check row of an app whose checks threw: verify's own failure, reported as the app's. Only
 * the error's kind is shown; its text may quote a server's answer.
 */
export function internalFailure(err: unknown, ms: number): CheckResult {
  const kind = err instanceof Error && /^[A-Za-z]{1,40}$/.test(err.name) ? err.name : "error";
  return { name: "internal", ok: false, ms, message: `verify could not finish this app (${kind}); the other apps are unaffected; report this with the app's answers from a SCIM client` };
}

export async function runVerify(options: VerifyOptions = {}): Promise<VerifyResult> {
  const targets = selectTargets(options);
  const trusted = options.trustBase === undefined ? undefined : loadTrustedOrigins(options.trustBase);
  const secrets = new Secrets();
  for (const { app } of targets) secrets.addUrlCredentials(app.tenantUrl);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const http = { timeoutMs: options.timeoutMs ?? 10_000, caFile: options.caFile, connections: concurrency, lookup: options.lookup };
  const agent = createAgent(http);
  const env = options.env ?? process.env;
  const results: AppResult[] = new Array(targets.length);
  let next = 0;
  let done = 0;
  try {
    // A small worker pool: at most `concurrency` apps in flight.
    await Promise.all(
      Array.from({ length: Math.min(concurrency, targets.length) }, async () => {
        while (next < targets.length) {
          const index = next++;
          const { stack, app } = targets[index];
          const started = Date.now();
          const verdict = trusted === undefined ? undefined : trustVerdict(app, trusted);
          if (verdict !== undefined && !verdict.trusted) {
            // Nothing is read from the environment and nothing is sent for this app.
            const checks = [{ name: "trust", ok: true, ms: 0, message: verdict.reason }];
            results[index] = shownReport({ stack, app: app.id, tenantUrl: shownUrl(app.tenantUrl), ok: true, skipped: true as const, checks }, secrets);
            options.onAppDone?.(++done, targets.length, results[index]);
            continue;
          }
          let checks: CheckResult[];
          try {
            checks = await checkApp(app, env, agent, http, secrets);
          } catch (err) {
            checks = [internalFailure(err, Date.now() - started)];
          }
          results[index] = shownReport({ stack, app: app.id, tenantUrl: shownUrl(app.tenantUrl), ok: checks.every((c) => c.ok), checks }, secrets);
          options.onAppDone?.(++done, targets.length, results[index]);
        }
      }),
    );
  } finally {
    await agent.close();
  }
  // Again over the whole report: a token read by a later app is redacted from earlier apps too.
  return shownReport({ ok: results.every((r) => r.ok), apps: results }, secrets);
}
