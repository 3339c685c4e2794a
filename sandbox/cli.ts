/**
 * npm run sandbox -- start|stop|status|reset|env|stats|fault|cycle [options]
 *
 * Runs the local Entra sandbox in the background (a detached process with runtime.json as its
 * pid file) and talks to it through its admin routes. See README "Local Entra sandbox".
 * Exit codes: 0 done, 1 failed or not running, 64 usage error.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Agent, request } from "undici";
import { adminKey } from "./admin-key";
import { sandboxEnv } from "./env";
import { Store, STATE_FILE, type TenantState } from "./store";
import { alive, DEFAULT_PORT, DEFAULT_PROXY_PORT, DEFAULT_STATE_DIR, LOG_FILE, readRuntime, type Runtime } from "./runtime";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 64;

export const USAGE = `usage: npm run sandbox -- <command> [options]

A local Entra ID (sign-in, Microsoft Graph, a CONNECT proxy for graph.microsoft.com and
login.microsoftonline.com) on 127.0.0.1, for terraform with the real azuread and msgraph
providers and for this project's CLIs.

Commands:
  (none)                the main job: build the providers if needed, start the sandbox with a local
                        SCIM app per app of the example tenant, deploy the example tenant with the
                        real providers, run a provisioning cycle, print what Entra and each app hold
  start [--tenant-id ID]
                        start the sandbox in the background; waits until it answers (a new tenant
                        gets ID as its directory id, e.g. the one a stack pins)
  stop                  stop it
  status [--json]       is it running; its URL, ports and tenant (exit 1 when not running)
  reset                 empty the tenant (keeps its id, credentials and CA)
  env                   print the export lines: eval "$(npm run -s sandbox -- env)"
  stats [--json] [--reset]
                        Graph and sign-in requests counted by method and path template
  fault throttle|server-error|eventual-consistency [--path-template T] [--count N] [--for-ms MS]
        [--retry-after S] [--status 500|502|503|504]
                        switch a fault on (count or for-ms required)
  fault list|clear      show or remove the faults
  cycle                 run one provisioning cycle of every started job
  scim-apps             what each local SCIM app holds (users, groups), as JSON

Options:
  --state-dir DIR       where the tenant, CA and log are kept (default: .sandbox/ at the repo root)
  --port N              HTTPS port for start (default: ${DEFAULT_PORT})
  --proxy-port N        proxy port for start (default: ${DEFAULT_PROXY_PORT})
  --help, -h            print this help

Exit codes:
  0   done
  1   failed, or the sandbox is not running
  64  usage error
`;

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

class UsageError extends Error {}
class Failure extends Error {}

/** `'...'` with `'` written as `'\''`: safe for any value in a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${flag} must be a port number from 1 to 65535`);
  return n;
}

function readState(stateDir: string): TenantState {
  const file = join(stateDir, STATE_FILE);
  if (!existsSync(file)) throw new Failure(`no sandbox tenant in ${stateDir}; run: npm run sandbox -- start`);
  return JSON.parse(readFileSync(file, "utf8")) as TenantState;
}

/** The running sandbox's runtime, or undefined (a stale runtime.json is ignored). */
function running(stateDir: string): Runtime | undefined {
  const runtime = readRuntime(stateDir);
  return runtime && alive(runtime.pid) ? runtime : undefined;
}

async function admin(stateDir: string, runtime: Runtime, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const state = readState(stateDir);
  const agent = new Agent({ connect: { ca: readFileSync(join(stateDir, "ca.pem"), "utf8") } });
  try {
    const res = await request(`https://127.0.0.1:${runtime.port}${path}`, {
      method: method as "GET",
      dispatcher: agent,
      headers: { authorization: `Bearer ${adminKey(state.signingKey)}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.body.text();
    return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
  } finally {
    await agent.close();
  }
}

function mustRun(stateDir: string): Runtime {
  const runtime = running(stateDir);
  if (!runtime) throw new Failure("the sandbox is not running; start it with: npm run sandbox -- start");
  return runtime;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthy(stateDir: string, runtime: Runtime): Promise<boolean> {
  try {
    return (await admin(stateDir, runtime, "GET", "/_sandbox/health")).status === 200;
  } catch {
    return false;
  }
}

async function start(stateDir: string, ports: { port: number; proxyPort: number }, io: Io, tenantId?: string): Promise<number> {
  const already = running(stateDir);
  if (already) {
    io.stdout.write(`sandbox: already running at ${already.url} (pid ${already.pid})\n`);
    return EXIT_OK;
  }
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  rmSync(join(stateDir, "runtime.json"), { force: true });
  const logFile = join(stateDir, LOG_FILE);
  const out = openSync(logFile, "a", 0o600);
  // `node --import tsx` runs the daemon in this one process (the tsx CLI would fork another), so
  // the child's pid is the daemon's.
  const child = spawn(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, join(__dirname, "daemon.ts"), "--state-dir", stateDir, "--port", String(ports.port), "--proxy-port", String(ports.proxyPort), ...(tenantId ? ["--tenant-id", tenantId] : [])], {
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, HTTPS_PROXY: "", https_proxy: "", NODE_EXTRA_CA_CERTS: "" },
  });
  closeSync(out);
  let exited: number | null | undefined;
  child.on("exit", (code) => {
    exited = code;
  });
  child.unref();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) break;
    const runtime = readRuntime(stateDir);
    if (runtime && runtime.pid === child.pid && (await healthy(stateDir, runtime))) {
      io.stdout.write(`sandbox: running at ${runtime.url} (proxy http://127.0.0.1:${runtime.proxyPort}, pid ${runtime.pid}); eval "$(npm run -s sandbox -- env)" to use it\n`);
      return EXIT_OK;
    }
    await sleep(200);
  }
  if (exited === undefined && child.pid !== undefined) process.kill(child.pid, "SIGTERM");
  const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n") : "";
  throw new Failure(`the sandbox did not start${exited !== undefined ? ` (exit ${exited})` : " within 60 s"}; last lines of ${logFile}:\n${tail}`);
}

async function stop(stateDir: string, io: Io): Promise<number> {
  const runtime = running(stateDir);
  if (!runtime) {
    rmSync(join(stateDir, "runtime.json"), { force: true });
    io.stdout.write("sandbox: not running\n");
    return EXIT_OK;
  }
  process.kill(runtime.pid, "SIGTERM");
  const deadline = Date.now() + 15_000;
  while (alive(runtime.pid)) {
    if (Date.now() > deadline) throw new Failure(`the sandbox (pid ${runtime.pid}) did not stop within 15 s`);
    await sleep(100);
  }
  io.stdout.write(`sandbox: stopped (pid ${runtime.pid})\n`);
  return EXIT_OK;
}

async function fault(stateDir: string, args: string[], values: Record<string, string | boolean | undefined>, io: Io): Promise<number> {
  const what = args[0];
  if (what === undefined) throw new UsageError("fault needs a kind: throttle, server-error, eventual-consistency, list or clear");
  const runtime = mustRun(stateDir);
  if (what === "list") {
    const r = await admin(stateDir, runtime, "GET", "/_sandbox/faults");
    io.stdout.write(`${JSON.stringify((r.json as { faults: unknown }).faults, null, 2)}\n`);
    return EXIT_OK;
  }
  if (what === "clear") {
    await admin(stateDir, runtime, "DELETE", "/_sandbox/faults");
    io.stdout.write("sandbox: faults cleared\n");
    return EXIT_OK;
  }
  const kinds: Record<string, string> = { throttle: "throttle", "429": "throttle", "server-error": "server-error", "5xx": "server-error", "eventual-consistency": "eventual-consistency", consistency: "eventual-consistency" };
  const kind = kinds[what];
  if (!kind) throw new UsageError(`fault ${JSON.stringify(what.slice(0, 40))}: expected throttle (429), server-error (5xx), eventual-consistency, list or clear`);
  const int = (flag: string) => {
    const v = values[flag];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (typeof v !== "string" || !Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} must be a whole number`);
    return n;
  };
  const spec = {
    kind,
    ...(typeof values["path-template"] === "string" ? { pathTemplate: values["path-template"] } : {}),
    ...(int("count") !== undefined ? { count: int("count") } : {}),
    ...(int("for-ms") !== undefined ? { forMs: int("for-ms") } : {}),
    ...(int("retry-after") !== undefined ? { retryAfterSeconds: int("retry-after") } : {}),
    ...(int("status") !== undefined ? { status: int("status") } : {}),
  };
  if (spec.count === undefined && spec.forMs === undefined) throw new UsageError("fault: --count N or --for-ms MS is required");
  const r = await admin(stateDir, runtime, "POST", "/_sandbox/faults", spec);
  if (r.status !== 204) throw new UsageError((r.json as { error?: { message?: string } })?.error?.message ?? `fault refused (${r.status})`);
  io.stdout.write(`sandbox: fault on: ${JSON.stringify(spec)}\n`);
  return EXIT_OK;
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "state-dir": { type: "string" },
        "tenant-id": { type: "string" },
        port: { type: "string" },
        "proxy-port": { type: "string" },
        json: { type: "boolean" },
        reset: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        "path-template": { type: "string" },
        count: { type: "string" },
        "for-ms": { type: "string" },
        "retry-after": { type: "string" },
        status: { type: "string" },
      },
    });
  } catch (err) {
    io.stderr.write(`sandbox: ${(err as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const [command, ...rest] = positionals;
  const stateDir = resolve(values["state-dir"] ?? process.env.ENTRA_SANDBOX_DIR ?? DEFAULT_STATE_DIR);
  try {
    const ports = { port: port(values.port, "--port", DEFAULT_PORT), proxyPort: port(values["proxy-port"], "--proxy-port", DEFAULT_PROXY_PORT) };
    if (command !== "fault" && rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0].slice(0, 40))}`);
    switch (command) {
      case "start": {
        const tenantId = values["tenant-id"];
        if (tenantId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId)) throw new UsageError("--tenant-id takes a GUID");
        return await start(stateDir, ports, io, tenantId);
      }
      case "scim-apps": {
        const runtime = mustRun(stateDir);
        const r = await admin(stateDir, runtime, "GET", "/_sandbox/scim-apps");
        io.stdout.write(`${JSON.stringify(r.json, null, 2)}\n`);
        return EXIT_OK;
      }
      case "stop":
        return await stop(stateDir, io);
      case "status": {
        const runtime = running(stateDir);
        const ok = runtime ? await healthy(stateDir, runtime) : false;
        if (values.json) io.stdout.write(`${JSON.stringify(runtime && ok ? { running: true, ...runtime, tenantId: readState(stateDir).tenantId } : { running: false })}\n`);
        else io.stdout.write(runtime && ok ? `sandbox: running at ${runtime.url} (proxy http://127.0.0.1:${runtime.proxyPort}, pid ${runtime.pid}), tenant ${readState(stateDir).tenantId}\n` : "sandbox: not running\n");
        return runtime && ok ? EXIT_OK : EXIT_FAILED;
      }
      case "reset": {
        const runtime = running(stateDir);
        if (runtime) await admin(stateDir, runtime, "POST", "/_sandbox/reset");
        else new Store(stateDir, new Date()).reset(new Date());
        io.stdout.write("sandbox: the tenant is empty (same tenant id, credentials and CA)\n");
        return EXIT_OK;
      }
      case "env": {
        const runtime = mustRun(stateDir);
        const state = readState(stateDir);
        const env = sandboxEnv({ port: runtime.port, proxyPort: runtime.proxyPort, tenantId: state.tenantId, clientId: state.operator.appId, clientSecret: state.operator.secret, caCertFile: join(stateDir, "ca.pem") });
        io.stdout.write(Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join(""));
        return EXIT_OK;
      }
      case "stats": {
        const runtime = mustRun(stateDir);
        const r = await admin(stateDir, runtime, "GET", "/_sandbox/stats");
        const stats = r.json as { total: number; requests: Record<string, number> };
        if (values.reset) await admin(stateDir, runtime, "DELETE", "/_sandbox/stats");
        if (values.json) io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        else io.stdout.write(Object.entries(stats.requests).map(([k, n]) => `${String(n).padStart(6)}  ${k}\n`).join("") + `${String(stats.total).padStart(6)}  total\n`);
        return EXIT_OK;
      }
      case "fault":
        return await fault(stateDir, rest, values, io);
      case "cycle": {
        const runtime = mustRun(stateDir);
        const r = await admin(stateDir, runtime, "POST", "/_sandbox/cycle");
        if (r.status !== 200) throw new Failure((r.json as { error?: { message?: string } })?.error?.message ?? `cycle failed (${r.status})`);
        io.stdout.write(`${JSON.stringify(r.json)}\n`);
        return EXIT_OK;
      }
      case undefined:
        // No command: the main job (deploy the example tenant into a fresh sandbox), which lives
        // with the project's CLIs because it synthesizes our stacks; the sandbox imports none of it.
        return await runMainJob(io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command.slice(0, 40))}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`sandbox: ${err.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (err instanceof Failure) {
      io.stderr.write(`sandbox: ${err.message}\n`);
      return EXIT_FAILED;
    }
    throw err;
  }
}

/** Runs cli/sandbox-quickstart.ts as its own process, passing its output and exit code through. */
function runMainJob(io: Io): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, join(__dirname, "..", "cli", "sandbox-quickstart.ts")], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => io.stdout.write(d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => io.stderr.write(d.toString("utf8")));
    child.on("close", (code) => resolvePromise(code ?? EXIT_FAILED));
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sandbox: ${(err as Error).message}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
