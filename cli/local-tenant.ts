/**
 * A local tenant to deploy into: what the main job (`npm run sandbox`), the end-to-end tests and the
 * Graph-cost bench share. A Graph client for a running sandbox, the directory an admin would have
 * made before a deploy (the users and groups a manifest assigns), a token per app, and cdktf run
 * against it with the real providers.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Agent, request } from "undici";
import type { Manifest } from "../manifest/schema";
import { printable } from "./printable";
import { shellQuote } from "./providers";

export const ROOT = resolve(__dirname, "..");

/** A failed step, in one line. */
export class StepError extends Error {}

/** `export K='v'` lines into an object. */
export function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Za-z_][A-Za-z0-9_]*)='((?:[^']|'\\'')*)'$/gm)) env[m[1]] = m[2].replace(/'\\''/g, "'");
  return env;
}

/** A token that every seeded connector's shape accepts (SmartFile's is ProductKey:ProductPassword). */
export function newToken(): string {
  return `${randomBytes(12).toString("hex")}:${randomBytes(18).toString("hex")}`;
}

export interface Graph {
  (method: string, path: string, body?: unknown): Promise<any>;
}

export async function graphClient(env: Record<string, string>, caFile: string = env.SSL_CERT_FILE): Promise<Graph> {
  const ca = readFileSync(caFile, "utf8");
  const dispatcher = new Agent({ connect: { ca } });
  const base = `https://${env.ARM_METADATA_HOSTNAME}`;
  const form = new URLSearchParams({ client_id: env.ARM_CLIENT_ID, client_secret: env.ARM_CLIENT_SECRET, grant_type: "client_credentials", scope: "https://graph.microsoft.com/.default" });
  const tokenResponse = await request(`${base}/${env.ARM_TENANT_ID}/oauth2/v2.0/token`, { method: "POST", body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, dispatcher });
  const token = ((await tokenResponse.body.json()) as { access_token: string }).access_token;
  return async (method, path, body) => {
    const r = await request(`${base}/v1.0${path}`, { method: method as never, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body), dispatcher });
    const text = await r.body.text();
    if (r.statusCode >= 400) throw new StepError(`Graph ${method} ${path}: ${r.statusCode} ${printable(text, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The assignments seedDirectory reads: a manifest's (a Manifest is one), or any list of apps' principals. */
export interface Directory {
  readonly apps: ReadonlyArray<{ readonly assignments: ReadonlyArray<{ readonly principalType: "user" | "group"; readonly principal: string }> }>;
}

/** The users and groups the example tenant assigns, plus colleagues in its groups, as an admin made them. */
export async function seedDirectory(graph: Graph, manifest: Directory): Promise<void> {
  const users = new Map<string, string>();
  const addUser = async (upn: string, extra: Record<string, unknown> = {}) => {
    if (users.has(upn)) return users.get(upn)!;
    const [local] = upn.split("@");
    const [given, surname = "User"] = local.split(/[._]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1));
    const created = await graph("POST", "/users", {
      accountEnabled: true, displayName: `${given} ${surname}`, givenName: given, surname, mailNickname: local.replace(/[^A-Za-z0-9]/g, ""), userPrincipalName: upn, mail: upn,
      passwordProfile: { password: `${randomBytes(12).toString("base64url")}aA1!`, forceChangePasswordNextSignIn: true }, ...extra,
    });
    users.set(upn, created.id);
    return created.id as string;
  };
  for (const app of manifest.apps) {
    for (const a of app.assignments) {
      if (a.principalType === "user") await addUser(a.principal, { department: "Sales", employeeType: "Employee" });
      else {
        const name = a.principal;
        const existing = await graph("GET", `/groups?$filter=${encodeURIComponent(`displayName eq '${name.replace(/'/g, "''")}'`)}`);
        if (existing.value.length > 0) continue;
        const group = await graph("POST", "/groups", { displayName: name, mailEnabled: false, mailNickname: name.replace(/[^A-Za-z0-9]/g, "").toLowerCase() || "group", securityEnabled: true });
        const slug = name.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
        for (const [i, employeeType] of [[1, "Employee"], [2, "Contractor"]] as const) {
          const id = await addUser(`${slug}.member${i}@contoso.com`, { department: "Operations", employeeType });
          await graph("POST", `/groups/${group.id}/members/$ref`, { "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
        }
      }
    }
  }
}

/**
 * A folder to run cdktf in, apart from the project root: its cdktf.json runs `appFile` (main.ts by
 * default) with tsx, and cdktf's default local state (`terraform.<stack>.tfstate`, beside the
 * process's working directory) lands in this folder. A deploy into a sandbox must never read or
 * write the state of the user's own deploys.
 */
export function cdktfProject(dir: string, appFile = join(ROOT, "main.ts")): string {
  mkdirSync(dir, { recursive: true });
  // cdktf runs the app command through a shell.
  const app = [process.execPath, "--import", pathToFileURL(require.resolve("tsx")).href, appFile].map(shellQuote).join(" ");
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app, output: "cdktf.out", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} }, null, 2) + "\n");
  return dir;
}

/** What a command printed and how it ended. */
export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end (asynchronously: an in-process sandbox must keep answering), capturing
 * its output, or showing it as it runs with `inherit`.
 */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; inherit?: boolean }): Promise<CommandRun> {
  return new Promise((resolvePromise, reject) => {
    const output = options.inherit ? "inherit" : "pipe";
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", output, output] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
  });
}

/** The cdktf CLI in `cwd` (default: the repository), whose cdktf.json names the app. */
export function cdktf(args: readonly string[], options: { cwd?: string; env: NodeJS.ProcessEnv; inherit?: boolean }): Promise<CommandRun> {
  return runCommand(process.execPath, [require.resolve("cdktf-cli/bundle/bin/cdktf"), ...args], { cwd: options.cwd ?? ROOT, env: { ...options.env, CHECKPOINT_DISABLE: "1" }, inherit: options.inherit });
}

/** The TF_VAR_* token variables a manifest's apps read, from one token per app id. */
export function tokenEnv(manifest: Manifest, tokens: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries(manifest.apps.filter((a) => a.tokenEnv && tokens.has(a.id)).map((a) => [a.tokenEnv as string, tokens.get(a.id) as string]));
}
