/**
 * `npm run sandbox` with no command: the example tenant deployed into a local Entra ID with the
 * real providers, so a newcomer sees the main job run without a tenant.
 *
 * 1. builds (or finds) the azuread and msgraph providers (npm run providers);
 * 2. synthesizes the app (npm run synth) and reads the example tenant's manifest;
 * 3. starts the sandbox (a fresh tenant with the stack's directory id) with a local SCIM app behind
 *    each app's tenant URL, and adds the users and groups the stack assigns, as an admin would;
 * 4. runs `cdktf deploy example-tenant` with the sandbox's environment and a token per app, in a
 *    folder of the sandbox's own (its terraform state is the local tenant's, never the project's);
 * 5. runs one provisioning cycle and prints, per app, what Entra holds and what the SCIM app has.
 * The sandbox keeps running afterwards (npm run sandbox -- stop).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { cdktf, cdktfProject, graphClient, newToken, parseExports, ROOT, seedDirectory, StepError, tokenEnv } from "./local-tenant";
import { loadManifests } from "./manifests";
import { printable } from "./printable";
import { install, installationEnv } from "./providers/install";
import { main as sandbox } from "../sandbox/cli";
import { DEFAULT_STATE_DIR, SCIM_APPS_FILE } from "../sandbox/runtime";

const STACK = "example-tenant";

/** Runs the sandbox CLI in-process, capturing what it prints. */
async function sandboxCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await sandbox(args, { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } } as never);
  return { code, out, err };
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
  // The deploy runs in a folder of the sandbox's own, so that its terraform state is the local
  // tenant's and never the project's terraform.example-tenant.tfstate (which may hold a real
  // tenant's deploy). The tenant was just emptied, so a state left by an earlier run goes too.
  const deployDir = cdktfProject(join(stateDir, "deploy"));
  for (const f of readdirSync(deployDir)) if (f.startsWith(`terraform.${STACK}.tfstate`)) rmSync(join(deployDir, f));
  const { code } = await cdktf(["deploy", STACK, "--auto-approve", "--skip-provider-lock"], { cwd: deployDir, env: { ...process.env, ...sandboxEnv, ...providersEnv, ...tokenEnv(manifest, tokens) }, inherit: true });
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
  const shown = relative(process.cwd(), deployDir) || ".";
  say(printable(`This deploy's terraform state is in ${shown}/ (the project's own state was not touched): cdktf diff against the sandbox runs there, and npm run drift -- --out ${shown}/cdktf.out checks it (its refresh-only plan needs the TF_VAR_ token variables set, to any value).`, 500));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`sandbox: ${printable(((err as Error).message ?? String(err)).split("\n")[0], 400)}\n`);
    process.exitCode = 1;
  },
);
