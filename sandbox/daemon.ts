/**
 * The sandbox as a background process (what `npm run sandbox -- start` spawns): starts the
 * server, writes `<stateDir>/runtime.json` (pid, ports) once it listens, and on SIGTERM/SIGINT
 * closes and removes it. Log lines go to stdout (the CLI points it at `<stateDir>/sandbox.log`).
 *
 *   tsx sandbox/daemon.ts --state-dir DIR --port N --proxy-port N [--tenant-id ID]
 *
 * When `<stateDir>/scim-apps.json` exists ([{ name, tenantUrl, token }], owner-readable only),
 * the daemon also runs those local SCIM apps behind their tenant URLs.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSandbox } from "./index";
import { RUNTIME_FILE, SCIM_APPS_FILE, ScimAppSpecs, type Runtime } from "./runtime";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "state-dir": { type: "string" }, port: { type: "string" }, "proxy-port": { type: "string" }, "tenant-id": { type: "string" } } });
  const stateDir = values["state-dir"];
  if (!stateDir) throw new Error("--state-dir is required");
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const appsFile = join(stateDir, SCIM_APPS_FILE);
  const scimApps = existsSync(appsFile) ? ScimAppSpecs.parse(JSON.parse(readFileSync(appsFile, "utf8"))) : undefined;
  const sandbox = await startSandbox({ stateDir, port: Number(values.port ?? 0), proxyPort: Number(values["proxy-port"] ?? 0), log, scimApps, tenantId: values["tenant-id"] });
  const runtimeFile = join(stateDir, RUNTIME_FILE);
  const runtime: Runtime = { pid: process.pid, port: sandbox.port, proxyPort: sandbox.proxyPort, url: sandbox.url, startedAt: new Date().toISOString() };
  writeFileSync(`${runtimeFile}.tmp`, JSON.stringify(runtime));
  renameSync(`${runtimeFile}.tmp`, runtimeFile);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log("stopping");
    sandbox
      .close()
      .catch((err: unknown) => log(`close: ${(err as Error).message}`))
      .finally(() => {
        rmSync(runtimeFile, { force: true });
        process.exit(0);
      });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: ${(err as Error).message}\n`);
  process.exit(1);
});
