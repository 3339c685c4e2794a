/**
 * verify as a function: loads the manifests, probes every selected app with bounded concurrency,
 * and returns the result object that `--json` prints, with the exit code.
 */
import type { Manifest } from "../../manifest/schema";
import { loadManifests } from "../manifests";
import { checkApp, type CheckResult } from "./checks";
import { createAgent } from "./http";

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
  /** Where tokens are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Called as each app finishes (progress). */
  readonly onAppDone?: (done: number, total: number, app: AppResult) => void;
}

export interface AppResult {
  readonly stack: string;
  readonly app: string;
  readonly tenantUrl: string;
  readonly ok: boolean;
  readonly checks: CheckResult[];
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly apps: AppResult[];
}

/** Thrown for a selection that matches nothing: a usage error (exit 2). */
export class SelectionError extends Error {}

export async function runVerify(options: VerifyOptions = {}): Promise<VerifyResult> {
  const manifests: Manifest[] = loadManifests({ outDir: options.outDir, stack: options.stack });
  const targets = manifests.flatMap((m) => m.apps.filter((a) => options.app === undefined || a.id === options.app).map((app) => ({ stack: m.stack, app })));
  if (targets.length === 0) {
    throw new SelectionError(`no app "${options.app}" in ${manifests.map((m) => m.stack).join(", ")}; apps: ${manifests.flatMap((m) => m.apps.map((a) => a.id)).join(", ")}`);
  }
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const http = { timeoutMs: options.timeoutMs ?? 10_000, caFile: options.caFile, connections: concurrency };
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
          const checks = await checkApp(app, env, agent, http);
          results[index] = { stack, app: app.id, tenantUrl: app.tenantUrl, ok: checks.every((c) => c.ok), checks };
          options.onAppDone?.(++done, targets.length, results[index]);
        }
      }),
    );
  } finally {
    await agent.close();
  }
  return { ok: results.every((r) => r.ok), apps: results };
}
