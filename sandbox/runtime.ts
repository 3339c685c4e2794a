/**
 * What a running background sandbox leaves in its state folder: `runtime.json` (pid and ports,
 * written by the daemon once it listens, removed when it stops) and `sandbox.log`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";

export const RUNTIME_FILE = "runtime.json";
export const LOG_FILE = "sandbox.log";

/** `.sandbox/` at the repository root (git-ignored). */
export const DEFAULT_STATE_DIR = resolve(__dirname, "..", ".sandbox");
/** Fixed default ports of the background sandbox, so its env lines stay the same across restarts. */
export const DEFAULT_PORT = 47443;
export const DEFAULT_PROXY_PORT = 47444;

export interface Runtime {
  readonly pid: number;
  readonly port: number;
  readonly proxyPort: number;
  readonly url: string;
  readonly startedAt: string;
}

export function readRuntime(stateDir: string): Runtime | undefined {
  const file = join(stateDir, RUNTIME_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Runtime;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The local SCIM apps the daemon runs: `[{ name, tenantUrl, token }]`, written 0600 by whoever starts it. */
export const SCIM_APPS_FILE = "scim-apps.json";

export const ScimAppSpecs = z.array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), tenantUrl: z.string().url().startsWith("https://"), token: z.string().min(1).max(4096) }));
