/**
 * `npm run sandbox -- ...` as a user runs it: start (a detached background process), status,
 * env (shell-quoted export lines that sign in), stats --json, fault, stop; usage errors exit 64.
 * The background sandbox's log never holds the client secret (sentinel). The test stops what it
 * started.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Agent, request } from "undici";
import { newStateDir, ROOT, runNode } from "./support";

const cli = (args: string[]) => runNode([join(ROOT, "sandbox", "cli.ts"), ...args], { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR });

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The values of `export K='v'` lines, unquoted as a POSIX shell would. */
function exports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.trim().split("\n")) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=('(?:[^']|'\\'')*')$/.exec(line);
    if (!m) throw new Error(`not an export line: ${line}`);
    out[m[1]] = m[2].slice(1, -1).replace(/'\\''/g, "'");
  }
  return out;
}

let stateDir: string;
let ports: string[];

beforeAll(async () => {
  stateDir = await newStateDir();
  ports = ["--port", String(await freePort()), "--proxy-port", String(await freePort())];
});

afterAll(async () => {
  await cli(["stop", "--state-dir", stateDir]);
}, 60_000);

test("no command is the main job; without the real providers it stops in one line, exit 1, before starting anything", async () => {
  const emptyCache = await newStateDir();
  const nodeDir = require("node:path").dirname(process.execPath);
  const r = await runNode([join(ROOT, "sandbox", "cli.ts")], { PATH: nodeDir, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ENTRA_PROVISIONING_CACHE: emptyCache, ENTRA_SANDBOX_DIR: join(emptyCache, "sandbox") });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("sandbox: 1/5 the real providers\n");
  expect(r.stderr).toBe("sandbox: the example tenant is deployed with the real providers, and they are not available: Go is not installed (no `go` on PATH): the providers are built from source with Go >= 1.26 through the Go module proxy\n");
  expect(require("node:fs").existsSync(join(emptyCache, "sandbox"))).toBe(false);
}, 120_000);

test("usage errors exit 64 with the usage; --help exits 0", async () => {
  const unknown = await cli(["frobnicate"]);
  expect(unknown.status).toBe(64);
  expect(unknown.stderr).toMatch(/^sandbox: unknown command "frobnicate"\n\nusage: npm run sandbox -- <command>/);
  expect((await cli(["start", "--port", "99999"])).status).toBe(64);
  expect((await cli(["status", "--bogus"])).status).toBe(64);
  const help = await cli(["--help"]);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain("Exit codes:");
}, 60_000);

test("not running: status exits 1, env exits 1 naming start", async () => {
  const status = await cli(["status", "--state-dir", stateDir]);
  expect(status.status).toBe(1);
  expect(status.stdout).toBe("sandbox: not running\n");
  const env = await cli(["env", "--state-dir", stateDir]);
  expect(env.status).toBe(1);
  expect(env.stderr).toContain("npm run sandbox -- start");
}, 60_000);

test("start, status, env, stats, fault, stop", async () => {
  const start = await cli(["start", "--state-dir", stateDir, ...ports]);
  expect(start).toMatchObject({ status: 0 });
  expect(start.stdout).toMatch(/^sandbox: running at https:\/\/127\.0\.0\.1:\d+/);
  expect((await cli(["start", "--state-dir", stateDir, ...ports])).stdout).toMatch(/already running/);

  const status = await cli(["status", "--json", "--state-dir", stateDir]);
  expect(status.status).toBe(0);
  const info = JSON.parse(status.stdout);
  expect(info).toMatchObject({ running: true, port: Number(ports[1]), proxyPort: Number(ports[3]), tenantId: expect.any(String) });

  const env = await cli(["env", "--state-dir", stateDir]);
  expect(env.status).toBe(0);
  const vars = exports(env.stdout);
  expect(Object.keys(vars)).toEqual(expect.arrayContaining(["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_METADATA_HOSTNAME", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"]));
  expect(vars.ARM_METADATA_HOSTNAME).toBe(`127.0.0.1:${ports[1]}`);
  expect(vars.HTTPS_PROXY).toBe(`http://127.0.0.1:${ports[3]}`);
  expect(vars.NO_PROXY).toContain("127.0.0.1");

  // The env lines sign in; a wrong secret is refused. Neither secret reaches the log.
  const agent = new Agent({ connect: { ca: readFileSync(vars.SSL_CERT_FILE, "utf8") } });
  const signIn = async (secret: string) => {
    const r = await request(`https://${vars.ARM_METADATA_HOSTNAME}/${vars.ARM_TENANT_ID}/oauth2/v2.0/token`, {
      method: "POST",
      dispatcher: agent,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: vars.ARM_CLIENT_ID, client_secret: secret, grant_type: "client_credentials", scope: `https://${vars.ARM_METADATA_HOSTNAME}/.default` }).toString(),
    });
    return { status: r.statusCode, json: (await r.body.json()) as any };
  };
  try {
    const good = await signIn(vars.ARM_CLIENT_SECRET);
    expect(good.status).toBe(200);
    expect((await signIn("SENTINEL-CLI-SECRET-0d9e")).status).toBe(401);

    expect((await cli(["fault", "throttle", "--path-template", "GET /v1.0/users", "--count", "1", "--retry-after", "3", "--state-dir", stateDir])).status).toBe(0);
    const users = await request(`https://${vars.ARM_METADATA_HOSTNAME}/v1.0/users`, { dispatcher: agent, headers: { authorization: `Bearer ${good.json.access_token}` } });
    await users.body.dump();
    expect(users.statusCode).toBe(429);
    expect(users.headers["retry-after"]).toBe("3");
  } finally {
    await agent.close();
  }
  expect((await cli(["fault", "throttle", "--state-dir", stateDir])).status).toBe(64);
  expect((await cli(["fault", "teapot", "--count", "1", "--state-dir", stateDir])).status).toBe(64);

  const stats = await cli(["stats", "--json", "--state-dir", stateDir]);
  expect(stats.status).toBe(0);
  expect(JSON.parse(stats.stdout).requests).toMatchObject({ "POST /{tenant}/oauth2/v2.0/token": 2, "GET /v1.0/users": 1 });

  const log = readFileSync(join(stateDir, "sandbox.log"), "utf8");
  expect(log).toContain("POST /{tenant}/oauth2/v2.0/token 401");
  expect(log).not.toContain(vars.ARM_CLIENT_SECRET);
  expect(log).not.toContain("SENTINEL-CLI-SECRET-0d9e");

  const stop = await cli(["stop", "--state-dir", stateDir]);
  expect(stop).toMatchObject({ status: 0 });
  expect(stop.stdout).toMatch(/^sandbox: stopped \(pid \d+\)/);
  expect((await cli(["status", "--state-dir", stateDir])).status).toBe(1);
}, 180_000);
