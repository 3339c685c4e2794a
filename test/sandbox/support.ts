/**
 * Test helpers for the local Entra sandbox: a sandbox in a fresh state folder (its certificates
 * copied from one generated per run, which saves seconds per file), a Graph caller that signs in
 * through the sandbox's token endpoint, and small builders for the objects the routes need.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Agent, request } from "undici";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../sandbox";
import { certificates } from "../../sandbox/tls";

export const ROOT = resolve(__dirname, "..", "..");

const CERT_FILES = ["ca.pem", "ca-key.pem", "leaf.pem", "leaf-key.pem"];

/** A state folder holding this run's sandbox certificates (made once per run, copied after). */
export async function newStateDir(): Promise<string> {
  const shared = join(tmpdir(), "sandbox-test-certs");
  if (!existsSync(join(shared, "leaf-key.pem"))) {
    const scratch = mkdtempSync(join(tmpdir(), "sandbox-certs-"));
    await certificates(scratch, new Date());
    try {
      renameSync(scratch, shared);
    } catch {
      rmSync(scratch, { recursive: true, force: true }); // another worker made it first
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "sandbox-state-"));
  mkdirSync(dir, { recursive: true });
  for (const f of CERT_FILES) copyFileSync(join(shared, f), join(dir, f));
  return dir;
}

export async function testSandbox(options: Partial<SandboxOptions> = {}): Promise<{ sandbox: Sandbox; logs: string[]; stateDir: string }> {
  const stateDir = options.stateDir ?? (await newStateDir());
  const logs: string[] = [];
  const sandbox = await startSandbox({ engine: null, log: (l) => logs.push(l), ...options, stateDir });
  return { sandbox, logs, stateDir };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
  text: string;
}

/** One HTTPS call to the sandbox (trusting its CA), never through a proxy. */
export async function call(sandbox: Sandbox, method: string, path: string, options: { body?: unknown; form?: Record<string, string>; token?: string; headers?: Record<string, string>; origin?: string } = {}): Promise<Answer> {
  const agent = new Agent({ connect: { ca: sandbox.caCert } });
  try {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let body: string | undefined;
    if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
    } else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await request(`${options.origin ?? sandbox.url}${path}`, { method: method as "GET", headers, body, dispatcher: agent });
    const text = await res.body.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, json, text };
  } finally {
    await agent.close();
  }
}

/** A Graph token for the sandbox's operator app (scope: the sandbox's own origin, as azuread asks). */
export async function token(sandbox: Sandbox, scope = `${sandbox.url}/.default`): Promise<string> {
  const r = await call(sandbox, "POST", `/${sandbox.tenantId}/oauth2/v2.0/token`, {
    form: { client_id: sandbox.clientId, client_secret: sandbox.clientSecret, grant_type: "client_credentials", scope },
  });
  if (r.status !== 200) throw new Error(`token: ${r.status} ${r.text}`);
  return r.json.access_token as string;
}

/** A caller bound to a sandbox and a token: `graph("GET", "/v1.0/users")`. */
export async function graphCaller(sandbox: Sandbox): Promise<(method: string, path: string, body?: unknown) => Promise<Answer>> {
  const t = await token(sandbox);
  return (method, path, body) => call(sandbox, method, path, { token: t, body });
}

export const TEMPLATES = {
  nonGallery: "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
  iProva: "5b8a2c41-3f6e-4d0a-9c7b-1e2f3a4b5c02",
  iPass: "5b8a2c41-3f6e-4d0a-9c7b-1e2f3a4b5c01",
};

/** Instantiates a template; returns the application and service principal. */
export async function instantiate(graph: Awaited<ReturnType<typeof graphCaller>>, templateId: string, displayName: string): Promise<{ application: any; servicePrincipal: any }> {
  const r = await graph("POST", `/v1.0/applicationTemplates/${templateId}/instantiate`, { displayName });
  if (r.status !== 201) throw new Error(`instantiate: ${r.status} ${r.text}`);
  return r.json;
}

/** Runs a TypeScript entry point with tsx in a child process; resolves with its exit status and output. */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}

