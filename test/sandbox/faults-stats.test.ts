/**
 * Request counts by method and path template, the faults a test switches on (429 with
 * Retry-After, 5xx, created objects reading 404 for a count or a while), and persistence: a
 * restarted sandbox on the same state folder is the same tenant with the same objects.
 */
import type { Sandbox } from "../../sandbox";
import { graphCaller, instantiate, TEMPLATES, testSandbox } from "./support";

describe("with one sandbox", () => {
  let sandbox: Sandbox;
  let graph: Awaited<ReturnType<typeof graphCaller>>;
  let now = Date.now();

  beforeAll(async () => {
    ({ sandbox } = await testSandbox({ clock: { now: () => new Date(now) } }));
    graph = await graphCaller(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.resetStats();
  });

  const newUser = (upn: string) => graph("POST", "/v1.0/users", { accountEnabled: true, displayName: upn, mailNickname: upn.split("@")[0], userPrincipalName: upn, passwordProfile: { password: "p-1" } });

  test("requests are counted by method and path template, ids replaced", async () => {
    const { servicePrincipal } = await instantiate(graph, TEMPLATES.iPass, "Counted");
    await graph("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}`);
    await graph("GET", `/beta/servicePrincipals/${servicePrincipal.id}?$select=samlMetadataUrl`);
    await graph("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}`);
    await graph("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}/not/a/route`);
    expect(sandbox.stats()).toEqual({
      total: 5,
      requests: {
        "GET /beta/servicePrincipals/{id}": 1,
        "GET /v1.0/servicePrincipals/{id}": 2,
        "GET /v1.0/servicePrincipals/{id}/not/a/route": 1,
        "POST /v1.0/applicationTemplates/{id}/instantiate": 1,
      },
    });
  });

  test("throttle: 429 TooManyRequests with Retry-After for `count` matching requests, then through", async () => {
    sandbox.setFault({ kind: "throttle", pathTemplate: "GET /v1.0/users", count: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const r = await graph("GET", "/v1.0/users");
      expect(r.status).toBe(429);
      expect(r.headers["retry-after"]).toBe("7");
      expect(r.json.error.code).toBe("TooManyRequests");
    }
    expect((await graph("GET", "/v1.0/groups")).status).toBe(200);
    expect((await graph("GET", "/v1.0/users")).status).toBe(200);
    expect(sandbox.stats().requests["GET /v1.0/users"]).toBe(3);
  });

  test("server-error: the chosen 5xx for a while (injected clock)", async () => {
    sandbox.setFault({ kind: "server-error", status: 502, forMs: 60_000 });
    expect((await graph("GET", "/v1.0/groups")).status).toBe(502);
    expect((await graph("GET", "/v1.0/users")).json.error.code).toBe("BadGateway");
    now += 61_000;
    expect((await graph("GET", "/v1.0/groups")).status).toBe(200);
  });

  test("eventual consistency: a created object reads 404 for N requests, then appears", async () => {
    sandbox.setFault({ kind: "eventual-consistency", pathTemplate: "POST /v1.0/applicationTemplates/{id}/instantiate", count: 3 });
    const { application, servicePrincipal } = await instantiate(graph, TEMPLATES.iProva, "Replicating");
    const app = `/v1.0/applications/${application.id}`;
    for (let i = 0; i < 3; i++) expect((await graph("GET", app)).status).toBe(404);
    expect((await graph("GET", app)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await graph("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}`)).json.error?.code).toBe("Request_ResourceNotFound");
    expect((await graph("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}`)).status).toBe(200);
    // Objects made after the fault is used up are visible at once.
    const other = await newUser("visible@contoso.com");
    expect((await graph("GET", `/v1.0/users/${other.json.id}`)).status).toBe(200);
  });

  test("eventual consistency for a while (forMs) on any create", async () => {
    sandbox.setFault({ kind: "eventual-consistency", forMs: 30_000 });
    const u = await newUser("lagging@contoso.com");
    expect(u.status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await graph("GET", `/v1.0/users/${u.json.id}`)).status).toBe(404);
    now += 10_000;
    expect((await graph("GET", `/v1.0/users/${u.json.id}`)).status).toBe(404);
    now += 21_000;
    expect((await graph("GET", `/v1.0/users/${u.json.id}`)).status).toBe(200);
  });

  test("a fault spec is validated", () => {
    expect(() => sandbox.setFault({ kind: "throttle" } as never)).toThrow(/count or forMs/);
    expect(() => sandbox.setFault({ kind: "server-error", status: 418, count: 1 } as never)).toThrow();
  });
});

test("a restarted sandbox on the same state folder is the same tenant with the same objects", async () => {
  const first = await testSandbox();
  const graph = await graphCaller(first.sandbox);
  const { servicePrincipal } = await instantiate(graph, TEMPLATES.nonGallery, "Persisted");
  const job = (await graph("POST", `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/jobs`, { templateId: "scim" })).json;
  await graph("PUT", `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/secrets`, { value: [{ key: "BaseAddress", value: "https://persisted.example/scim" }] });
  const { tenantId, clientId, clientSecret } = first.sandbox;
  await first.sandbox.close();

  const second = await testSandbox({ stateDir: first.stateDir });
  try {
    expect([second.sandbox.tenantId, second.sandbox.clientId, second.sandbox.clientSecret]).toEqual([tenantId, clientId, clientSecret]);
    const again = await graphCaller(second.sandbox);
    expect((await again("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}`)).json.displayName).toBe("Persisted");
    expect((await again("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/jobs/${job.id}`)).json.schedule.state).toBe("Disabled");
    expect((await again("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/secrets`)).json.value).toEqual([{ key: "BaseAddress", value: "https://persisted.example/scim" }]);
    // reset empties the tenant but keeps its id and credentials.
    second.sandbox.reset();
    expect((await again("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}`)).status).toBe(404);
    expect(second.sandbox.clientSecret).toBe(clientSecret);
  } finally {
    await second.sandbox.close();
  }
});

test("a hostile path is counted and logged without its control characters", async () => {
  const { unmatchedTemplate } = await import("../../sandbox/faults");
  expect(unmatchedTemplate("/v1.0/x\u001b[31mred\u0007/3f0e7f5a-3c8e-4d2a-9b1a-0c1d2e3f4a5b")).toBe("/v1.0/x?[31mred?/{id}");
  expect(unmatchedTemplate(`/${"a".repeat(1000)}`).length).toBeLessThanOrEqual(300);
});
