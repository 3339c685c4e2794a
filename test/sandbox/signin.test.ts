/**
 * Sign-in against the sandbox: the metadata endpoint azuread reads, the OpenID configuration
 * MSAL reads, the token endpoint (client credentials) with Entra's refusals, and Graph's 401
 * without a valid bearer. The client secret never reaches the sandbox's log (sentinel checks).
 */
import { call, testSandbox, token } from "./support";
import type { Sandbox } from "../../sandbox";

let sandbox: Sandbox;
let logs: string[];

beforeAll(async () => {
  ({ sandbox, logs } = await testSandbox());
});
afterAll(async () => {
  await sandbox.close();
});

const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));

test("metadata endpoint names this server as Graph and login, the way azuread's metadata_host reads it", async () => {
  const r = await call(sandbox, "GET", "/metadata/endpoints?api-version=2022-09-01");
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({
    name: expect.any(String),
    resourceManager: `${sandbox.url}/`,
    microsoftGraphResourceId: `${sandbox.url}/`,
    authentication: { loginEndpoint: sandbox.url, tenant: sandbox.tenantId, audiences: [`${sandbox.url}/`] },
  });
  expect((await call(sandbox, "GET", "/metadata/endpoints")).status).toBe(400);
});

test("OpenID configuration: issuer and token endpoint on the host the client called; unknown tenant refused", async () => {
  const r = await call(sandbox, "GET", `/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`);
  expect(r.status).toBe(200);
  expect(r.json.issuer).toBe(`${sandbox.url}/${sandbox.tenantId}/v2.0`);
  expect(r.json.token_endpoint).toBe(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`);
  const unknown = await call(sandbox, "GET", "/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration");
  expect(unknown.status).toBe(400);
  expect(unknown.json.error_codes).toEqual([90002]);
});

test("client credentials: a JWT with oid and tid, for the scope's resource", async () => {
  const t = await token(sandbox);
  const claims = decode(t);
  expect(claims.tid).toBe(sandbox.tenantId);
  expect(claims.oid).toMatch(/^[0-9a-f-]{36}$/);
  expect(claims.aud).toBe(sandbox.url);
  expect(claims.appid).toBe(sandbox.clientId);
  const viaGraphScope = decode(await token(sandbox, "https://graph.microsoft.com/.default"));
  expect(viaGraphScope.aud).toBe("https://graph.microsoft.com");
  // MSAL adds the OIDC scopes to every request; Entra ignores them in client credentials.
  expect(decode(await token(sandbox, "https://graph.microsoft.com/.default openid profile offline_access")).aud).toBe("https://graph.microsoft.com");
  await expect(token(sandbox, "https://graph.microsoft.com/.default https://127.0.0.1:1/.default")).rejects.toThrow(/invalid_scope/);
});

test("an unknown client id is AADSTS700016 (400), a wrong secret AADSTS7000215 (401 invalid_client), in Entra's error shape", async () => {
  const unknown = await call(sandbox, "POST", `/${sandbox.tenantId}/oauth2/v2.0/token`, {
    form: { client_id: "0b5f5e0c-0000-4000-8000-000000000000", client_secret: sandbox.clientSecret, grant_type: "client_credentials", scope: `${sandbox.url}/.default` },
  });
  expect(unknown.status).toBe(400);
  expect(unknown.json).toMatchObject({ error: "unauthorized_client", error_codes: [700016] });
  expect(unknown.json.error_description).toMatch(/^AADSTS700016: Application with identifier '0b5f5e0c-0000-4000-8000-000000000000' was not found in the directory/);
  for (const key of ["timestamp", "trace_id", "correlation_id", "error_uri"]) expect(unknown.json[key]).toEqual(expect.any(String));

  const wrong = await call(sandbox, "POST", `/${sandbox.tenantId}/oauth2/v2.0/token`, {
    form: { client_id: sandbox.clientId, client_secret: "SENTINEL-WRONG-SECRET-51d2", grant_type: "client_credentials", scope: `${sandbox.url}/.default` },
  });
  expect(wrong.status).toBe(401);
  expect(wrong.json).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
  expect(wrong.text).not.toContain("SENTINEL-WRONG-SECRET-51d2");

  const badScope = await call(sandbox, "POST", `/${sandbox.tenantId}/oauth2/v2.0/token`, {
    form: { client_id: sandbox.clientId, client_secret: sandbox.clientSecret, grant_type: "client_credentials", scope: "https://example.com/.default" },
  });
  expect(badScope.status).toBe(400);
  expect(badScope.json.error_codes).toEqual([500011]);
});

test("Graph refuses a request without a valid bearer with Graph's 401", async () => {
  const none = await call(sandbox, "GET", "/v1.0/applicationTemplates");
  expect(none.status).toBe(401);
  expect(none.json.error).toMatchObject({ code: "InvalidAuthenticationToken", message: "Access token is empty.", innerError: { "request-id": expect.any(String), date: expect.any(String) } });
  const t = await token(sandbox);
  const forged = t.slice(0, -4) + (t.endsWith("AAAA") ? "BBBB" : "AAAA");
  expect((await call(sandbox, "GET", "/v1.0/applicationTemplates", { token: forged })).status).toBe(401);
  expect((await call(sandbox, "GET", "/v1.0/applicationTemplates", { token: t })).status).toBe(200);
});

test("an expired token is refused (injected clock)", async () => {
  let now = Date.now();
  const { sandbox: timed } = await testSandbox({ clock: { now: () => new Date(now) } });
  try {
    const t = await token(timed);
    now += 2 * 3600 * 1000;
    const r = await call(timed, "GET", "/v1.0/users", { token: t });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/expired/);
  } finally {
    await timed.close();
  }
});

test("the client secret never appears in the sandbox's log", async () => {
  await token(sandbox);
  const joined = logs.join("\n");
  expect(joined).toContain("POST /{tenant}/oauth2/v2.0/token 200");
  expect(joined).not.toContain(sandbox.clientSecret);
  expect(joined).not.toContain("SENTINEL-WRONG-SECRET-51d2");
});
