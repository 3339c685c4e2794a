/**
 * `npm run sandbox` with no command: the example tenant deployed into a local Entra ID with the
 * real providers, so a newcomer sees the main job run without a tenant.
 *
 * 1. builds (or finds) the azuread and msgraph providers (npm run providers);
 * 2. synthesizes the app (npm run synth) and reads the example tenant's manifest;
 * 3. starts the sandbox (a fresh tenant with the stack's directory id) with a local SCIM app behind
 *    each app's tenant URL, and adds the users and groups the stack assigns, as an admin would;
 * 4. runs `cdktf deploy example-tenant` with the sandbox's environment and a token per app;
 * 5. runs one provisioning cycle and prints, per app, what Entra holds and what the SCIM app has.
 * The sandbox keeps running afterwards (npm run sandbox -- stop).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Agent, request } from "undici";
import { loadManifests } from "./manifests";
import { printable } from "./printable";
import { install, installationEnv } from "./providers/install";
import { main as sandbox } from "../sandbox/cli";
import { DEFAULT_STATE_DIR, SCIM_APPS_FILE } from "../sandbox/runtime";

const STACK = "example-tenant";
const ROOT = resolve(__dirname, "..");

class StepError extends Error {}

/** Runs the sandbox CLI in-process, capturing what it prints. */
async function sandboxCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await sandbox(args, { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } } as never);
  return { code, out, err };
}

/** `export K='v'` lines into an object. */
function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Za-z_][A-Za-z0-9_]*)='((?:[^']|'\\'')*)'$/gm)) env[m[1]] = m[2].replace(/'\\''/g, "'");
  return env;
}

/** A token that every seeded connector's shape accepts (SmartFile's is ProductKey:ProductPassword). */
function newToken(): string {
  return `${randomBytes(12).toString("hex")}:${randomBytes(18).toString("hex")}`;
}

interface Graph {
  (method: string, path: string, body?: unknown): Promise<any>;
}

async function graphClient(env: Record<string, string>, caFile: string): Promise<Graph> {
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

/** The users and groups the example tenant assigns, plus colleagues in its groups, as an admin made them. */
async function seedDirectory(graph: Graph, manifest: ReturnType<typeof loadManifests>[number]): Promise<void> {
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

function deploy(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [require.resolve("cdktf-cli/bundle/bin/cdktf"), "deploy", STACK, "--auto-approve", "--skip-provider-lock"], { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("close", (code) => resolvePromise(code ?? 1));
  });
}

async function main(): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say("sandbox: 1/5 the real providers");
  let providersEnv: Record<string, string>;
  try {
    providersEnv = installationEnv(await install({ onBuild: (what) => say(`  building ${what} with Go (the first build takes several minutes)...`) }));
  } catch (err) {
    process.stderr.write(`sandbox: the example tenant is deployed with the real providers, and they are not available: ${printable((err as Error).message.split("\n")[0], 300)}\n`);
    return 1;
  }
  say("sandbox: 2/5 synth");
  const synth = spawnSync(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, "main.ts"], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1" }, encoding: "utf8" });
  if (synth.status !== 0) throw new StepError(`synth failed: ${printable((synth.stderr || synth.stdout).trim().split("\n")[0] ?? "", 300)}`);
  const [manifest] = loadManifests({ outDir: join(ROOT, "cdktf.out"), stack: STACK });

  say("sandbox: 3/5 a fresh local Entra ID with a SCIM app per app");
  const stateDir = process.env.ENTRA_SANDBOX_DIR ? resolve(process.env.ENTRA_SANDBOX_DIR) : DEFAULT_STATE_DIR;
  await sandboxCli(["stop", "--state-dir", stateDir]);
  const tokens = new Map(manifest.apps.map((a) => [a.id, newToken()] as const));
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(stateDir, SCIM_APPS_FILE), JSON.stringify(manifest.apps.map((a) => ({ name: a.id, tenantUrl: a.tenantUrl, token: tokens.get(a.id) }))), { mode: 0o600 });
  const started = await sandboxCli(["start", "--state-dir", stateDir, "--tenant-id", manifest.tenantId]);
  if (started.code !== 0) throw new StepError(started.err.trim() || "the sandbox did not start");
  await sandboxCli(["reset", "--state-dir", stateDir]);
  const sandboxEnv = parseExports((await sandboxCli(["env", "--state-dir", stateDir])).out);
  const graph = await graphClient(sandboxEnv, sandboxEnv.SSL_CERT_FILE);
  await seedDirectory(graph, manifest);

  say(`sandbox: 4/5 cdktf deploy ${STACK} (the azuread provider waits about 20 s per consistency check)`);
  const tokenEnv = Object.fromEntries(manifest.apps.filter((a) => a.tokenEnv).map((a) => [a.tokenEnv as string, tokens.get(a.id) as string]));
  const code = await deploy({ ...process.env, ...sandboxEnv, ...providersEnv, ...tokenEnv, CHECKPOINT_DISABLE: "1" });
  if (code !== 0) throw new StepError(`cdktf deploy ${STACK} failed (exit ${code}); the provider's error is above`);

  say("sandbox: 5/5 a provisioning cycle");
  const cycle = await sandboxCli(["cycle", "--state-dir", stateDir]);
  if (cycle.code !== 0) throw new StepError(cycle.err.trim());
  const held = JSON.parse((await sandboxCli(["scim-apps", "--state-dir", stateDir])).out) as { apps: Array<{ name: string; users: any[]; groups: any[] }> };
  say("");
  for (const app of manifest.apps) {
    const sps = await graph("GET", `/servicePrincipals?$filter=${encodeURIComponent(`displayName eq '${app.displayName.replace(/'/g, "''")}'`)}`);
    const sp = sps.value[0];
    const jobs = sp ? await graph("GET", `/servicePrincipals/${sp.id}/synchronization/jobs`) : { value: [] };
    const job = jobs.value[0];
    const contents = held.apps.find((a) => a.name === app.id);
    say(printable(`${app.id} (${app.displayName}): ${sp ? "in Entra" : "NOT in Entra"}; job ${job ? `${job.schedule?.state}, last cycle ${job.status?.lastExecution?.state ?? "none"}` : "none"}`, 300));
    say(printable(`  SCIM app ${app.tenantUrl}: ${contents?.users.length ?? 0} users (${(contents?.users ?? []).map((u) => u.userName).join(", ")}), ${contents?.groups.length ?? 0} groups`, 600));
  }
  say("");
  say(`The sandbox keeps running: eval "$(npm run -s sandbox -- env)" for drift and import, npm run sandbox -- stop to end it.`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`sandbox: ${printable(((err as Error).message ?? String(err)).split("\n")[0], 400)}\n`);
    process.exitCode = 1;
  },
);
