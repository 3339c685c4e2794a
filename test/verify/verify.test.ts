import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runVerify, type VerifyResult } from "../../cli/verify/run";
import { main } from "../../cli/verify";
import { startScimServer, throwawayCertificate, type ScimServer } from "../support/scim-server";
import { synthManifests } from "../support/manifests";

const TOKEN = "SENTINEL-verify-token-5c1d";
const root = join(__dirname, "..", "..");
let server: ScimServer;
let caFile: string;
let untrustedCaFile: string;

beforeAll(async () => {
  server = await startScimServer({ token: TOKEN });
  const dir = mkdtempSync(join(tmpdir(), "ca-"));
  caFile = join(dir, "ca.pem");
  writeFileSync(caFile, server.certPem);
  untrustedCaFile = join(dir, "other.pem");
  writeFileSync(untrustedCaFile, (await throwawayCertificate()).cert);
}, 30_000);

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.fault = "none";
});

const env = (token = TOKEN) => ({ TF_VAR_app_secret_token: token });

async function verifyOne(tenantUrl: string, options: { token?: string | null; timeoutMs?: number; ca?: string | null; app?: Record<string, unknown> } = {}): Promise<VerifyResult> {
  const outDir = synthManifests([{ id: "app", tenantUrl, ...(options.app ?? {}) }]);
  const result = await runVerify({
    outDir,
    caFile: options.ca === null ? undefined : (options.ca ?? caFile),
    timeoutMs: options.timeoutMs ?? 5000,
    env: options.token === null ? {} : env(options.token),
  });
  expect(JSON.stringify(result)).not.toContain(TOKEN);
  return result;
}

const summary = (r: VerifyResult) => r.apps[0].checks.map((c) => [c.name, c.ok, c.warning ?? false, c.status ?? null]);

describe("verify against a real SCIM server (scimmy) over TLS", () => {
  test("a passing app: connection, filters, ServiceProviderConfig, Schemas", async () => {
    const userMappings = [
      { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
      { target: "title", source: "[jobTitle]" },
      { target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", source: "[department]" },
    ];
    const result = await verifyOne(server.baseUrl, { app: { userMappings } });
    expect(result.ok).toBe(true);
    expect(summary(result)).toEqual([
      ["connection", true, false, 200],
      ["users-filter", true, false, 200],
      ["groups-filter", true, false, 200],
      ["service-provider-config", true, false, 200],
      ["schemas", true, false, 200],
    ]);
    const messages = result.apps[0].checks.map((c) => c.message);
    expect(messages[0]).toBe('/Users?filter=userName eq "..." answered an empty ListResponse');
    // Only declared targets are checked: the app's template mappings are not in the manifest.
    expect(messages[4]).toBe("all 3 declared mapping targets exist in /Schemas");
    // Entra's Test Connection: a filter on the matching attribute with a random GUID.
    expect(server.requests.some((r) => /^GET \/scim\/v2\/Users\?filter=userName\+eq\+%22[0-9a-f-]{36}%22$/.test(r))).toBe(true);
    expect(server.requests.some((r) => r.includes("/Groups?filter=displayName+eq+") && r.endsWith("&excludedAttributes=members"))).toBe(true);
  });

  test("wrong token: 401, rejected with what to do", async () => {
    const result = await verifyOne(server.baseUrl, { token: "wrong-token" });
    expect(result.ok).toBe(false);
    expect(result.apps[0].checks).toEqual([
      {
        name: "connection",
        ok: false,
        status: 401,
        ms: expect.any(Number),
        message:
          "token rejected (401); check that TF_VAR_app_secret_token holds the app's current token (regenerate it in the app's admin console) and that its account has admin permissions",
      },
    ]);
  });

  test("wrong path: 404", async () => {
    const result = await verifyOne(server.baseUrl.replace("/scim/v2", "/scim/v1"));
    expect(result.apps[0].checks[0]).toMatchObject({
      ok: false,
      status: 404,
      message: "not found (404): /Users is not served under this tenant URL; check the tenant URL's path",
    });
  });

  test("an HTML page instead of SCIM", async () => {
    server.fault = "html";
    const result = await verifyOne(server.baseUrl);
    expect(result.apps[0].checks[0]).toMatchObject({
      ok: false,
      status: 200,
      message: "not SCIM: answered text/html that is not JSON (a login page or proxy?); check the tenant URL",
    });
  });

  test("500 from the app", async () => {
    server.fault = "500";
    const result = await verifyOne(server.baseUrl);
    expect(result.apps[0].checks[0]).toMatchObject({ ok: false, status: 500, message: "server error (500) from the app; try again later or contact the app's support" });
  });

  test("429 with Retry-After is honoured, then the check passes", async () => {
    server.fault = "429-once";
    const before = server.requests.length;
    const result = await verifyOne(server.baseUrl);
    expect(result.ok).toBe(true);
    expect(result.apps[0].checks[0].ms).toBeGreaterThanOrEqual(900);
    expect(server.requests.slice(before, before + 2).every((r) => r.startsWith("GET /scim/v2/Users?filter="))).toBe(true);
  });

  test("429 whose Retry-After does not fit in the timeout fails with a message", async () => {
    server.fault = "429-long";
    // Retry-After 3600 s against a 20 s deadline: no timing margin to lose on a busy machine.
    const result = await verifyOne(server.baseUrl, { timeoutMs: 20_000 });
    expect(result.apps[0].checks[0]).toMatchObject({
      ok: false,
      status: 429,
      message: "rate limited (429): Retry-After 3600 s does not fit in --timeout-ms 20000; try again later or raise --timeout-ms",
    });
  });

  test("a slow server past the timeout", async () => {
    server.fault = "slow";
    const result = await verifyOne(server.baseUrl, { timeoutMs: 400 });
    expect(result.apps[0].checks[0]).toMatchObject({ ok: false, message: "no answer within 400 ms; check that the app is up and reachable from here" });
    expect(result.apps[0].checks[0].status).toBeUndefined();
  });

  test("a redirect to another port is refused and the other port sees no request", async () => {
    const other = await startScimServer({ token: TOKEN });
    try {
      server.fault = "redirect";
      server.redirectTo = `${other.baseUrl}/Users`;
      const result = await verifyOne(server.baseUrl);
      expect(result.apps[0].checks[0]).toMatchObject({
        ok: false,
        status: 302,
        message: `redirect (302) to ${other.baseUrl}/Users refused: a token must not travel to another URL; use the final URL as the tenant URL`,
      });
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test("a huge body is cut off", async () => {
    server.fault = "huge";
    const result = await verifyOne(server.baseUrl);
    expect(result.apps[0].checks[0]).toMatchObject({
      ok: false,
      message: `response from ${new URL(server.baseUrl).host} is larger than 1024 KiB; a SCIM answer to this query is small, so this is not the SCIM endpoint`,
    });
  });

  test("a certificate the client does not trust", async () => {
    const host = new URL(server.baseUrl).host;
    for (const ca of [null, untrustedCaFile]) {
      const result = await verifyOne(server.baseUrl, { ca });
      expect(result.apps[0].checks[0]).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^TLS: the certificate of ${host.replace(/\./g, "\\.")} is not trusted \\([A-Z_]+\\); if the app uses a private CA, pass --ca FILE$`)) });
    }
  });

  test("a missing token variable fails that app without a request", async () => {
    const before = server.requests.length;
    const result = await verifyOne(server.baseUrl, { token: null });
    expect(result.apps[0].checks).toEqual([{ name: "token", ok: false, ms: 0, message: "TF_VAR_app_secret_token is not set; export it as CI does for terraform" }]);
    expect(server.requests.length).toBe(before);
  });

  test("a mapping target the app's /Schemas lacks fails before deploy", async () => {
    const result = await verifyOne(server.baseUrl, {
      app: { extraTargets: ["badgeNumber"], userMappings: [{ target: "badgeNumber", source: "[employeeId]" }] },
    });
    const schemas = result.apps[0].checks.find((c) => c.name === "schemas");
    expect(schemas).toMatchObject({
      ok: false,
      message: 'the app does not know "badgeNumber"; remove these mappings (remove: true) or add the attributes in the app',
    });
  });

  test("/Schemas and /ServiceProviderConfig not served: warnings, not failures", async () => {
    server.fault = "no-discovery";
    const result = await verifyOne(server.baseUrl);
    expect(result.ok).toBe(true);
    expect(result.apps[0].checks.slice(3).map((c) => [c.name, c.ok, c.warning, c.message])).toEqual([
      ["service-provider-config", true, true, "/ServiceProviderConfig is not served (optional for Entra)"],
      ["schemas", true, true, "/Schemas is not served; mapping targets not checked"],
    ]);
  });

  test("an http:// tenant URL is refused without a request", async () => {
    // The construct refuses http tenant URLs, so write the manifest by hand here.
    const outDir = synthManifests([{ id: "app", tenantUrl: server.baseUrl }]);
    const file = join(outDir, "stacks", "test-tenant", "provisioning.json");
    const manifest = JSON.parse(require("node:fs").readFileSync(file, "utf8"));
    manifest.apps[0].tenantUrl = server.baseUrl.replace("https:", "http:");
    writeFileSync(file, JSON.stringify(manifest));
    const before = server.requests.length;
    const result = await runVerify({ outDir, caFile, env: env() });
    expect(result.apps[0].checks).toEqual([
      { name: "connection", ok: false, ms: 0, message: "the tenant URL is not https; Entra only provisions over https, so use an https:// tenant URL" },
    ]);
    expect(server.requests.length).toBe(before);
  });
});

describe("verify CLI", () => {
  /** Runs the real CLI in a child process (asynchronously: the SCIM server lives in this process). */
  async function cli(args: string[], extraEnv: Record<string, string> = {}) {
    const result = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(join(root, "node_modules", ".bin", "tsx"), ["cli/verify.ts", ...args], { cwd: root, env: { ...process.env, ...extraEnv }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    return result;
  }

  test("exit 0 when all pass, with --json printing one object", async () => {
    const outDir = synthManifests([{ id: "app", tenantUrl: server.baseUrl }]);
    const r = await cli(["--out", outDir, "--json", "--ca", caFile], env());
    expect(r.status).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(Object.keys(parsed)).toEqual(["ok", "apps"]);
    expect(parsed.ok).toBe(true);
    expect(Object.keys(parsed.apps[0])).toEqual(["stack", "app", "tenantUrl", "ok", "checks"]);
    expect(parsed.apps[0]).toMatchObject({ stack: "test-tenant", app: "app", tenantUrl: server.baseUrl, ok: true });
  });

  test("exit 1 when an app fails; the table names the check", async () => {
    const outDir = synthManifests([{ id: "app", tenantUrl: server.baseUrl }]);
    const r = await cli(["--out", outDir, "--ca", caFile], env("wrong"));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`FAIL  test-tenant/app  ${server.baseUrl}`);
    expect(r.stdout).toContain("✗ connection");
    expect(r.stdout).toContain("1 of 1 app(s) failed");
  });

  test("exit 64 on usage errors, 2 on manifest errors", async () => {
    expect((await cli(["--bogus"])).status).toBe(64);
    const bad = await cli(["--concurrency", "0"]);
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain("verify: --concurrency takes a whole number from 1 to 64, got \"0\"");
    const missing = await cli(["--out", join(tmpdir(), "does-not-exist")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`verify: ${join(tmpdir(), "does-not-exist", "stacks")}: no synthesized stacks; run 'npm run synth' first (or pass --out DIR)\n`);
    const outDir = synthManifests([{ id: "app", tenantUrl: server.baseUrl }]);
    const noApp = await cli(["--out", outDir, "--app", "nope"]);
    expect(noApp.status).toBe(2);
    expect(noApp.stderr).toBe('verify: --app "nope": no such app; apps by stack: test-tenant: app\n');
  });

  test("progress lines on stderr when many apps run, bounded by --concurrency", async () => {
    const outDir = synthManifests(["a1", "a2", "a3", "a4", "a5"].map((id) => ({ id, tenantUrl: server.baseUrl })));
    const lines: string[] = [];
    const code = await main(["--out", outDir, "--ca", caFile, "--concurrency", "2"], {
      stdout: { write: () => true } as any,
      stderr: { write: (s: string) => lines.push(s) } as any,
    });
    // No TF_VAR_a*_secret_token in this process: every app fails fast, and each is reported.
    expect(code).toBe(1);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^\[5\/5\] test-tenant\/a\d FAILED\n$/);
  });
});


describe("verify --app that names no app", () => {
  test("lists each stack once with its own apps, even when two tenants share app ids", async () => {
    const out = mkdtempSync(join(tmpdir(), "verify-two-"));
    const { App, Connectors, EntraTenantStack, ScimProvisionedApp } = await import("../../constructs");
    const app = new App({ outdir: out });
    for (const stack of ["contoso-prod", "contoso-test"]) {
      const tenant = new EntraTenantStack(app, stack, { tenantId: `${stack}.onmicrosoft.com` });
      new ScimProvisionedApp(tenant, "airstack", { connector: Connectors.airstack() });
      new ScimProvisionedApp(tenant, "iprova", { connector: Connectors.iprova() });
    }
    app.synth();
    let err = "";
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) } } as any;
    expect(await main(["--out", out, "--app", "nope"], io)).toBe(2);
    expect(err).toBe('verify: --app "nope": no such app; apps by stack: contoso-prod: airstack, iprova; contoso-test: airstack, iprova\n');
  });
});

describe("verify tells a name that does not resolve from a machine without DNS", () => {
  /** A resolver that fails every lookup with getaddrinfo's code, as the system's does; nothing leaves the machine. */
  const failing = (code: string): import("node:net").LookupFunction => (hostname, _options, callback) => {
    const err = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, syscall: "getaddrinfo", hostname });
    process.nextTick(() => (callback as (e: Error) => void)(err));
  };

  test.each([
    ["ENOTFOUND", "DNS: scim.contoso.test does not resolve; check the tenant URL's host name"],
    [
      "EAI_AGAIN",
      "DNS: no answer for scim.contoso.test (EAI_AGAIN: this machine's DNS server did not respond); check that this machine is online and can resolve names, then the tenant URL's host name",
    ],
  ])("%s", async (code, message) => {
    const outDir = synthManifests([{ id: "app", tenantUrl: "https://scim.contoso.test/scim/v2" }]);
    const result = await runVerify({ outDir, timeoutMs: 20_000, env: env(), lookup: failing(code) });
    expect(result.apps[0].checks[0]).toMatchObject({ name: "connection", ok: false, message });
  });
});
