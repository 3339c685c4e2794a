import { request } from "undici";
import { SEEDED_TENANT_URLS } from "../../sandbox/scim-apps";
import { startHarness, type Harness } from "./support";

const TOKEN = "app-token-1";

describe("local SCIM apps behind the seeded tenant URLs", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness([
      { name: "iprova", tenantUrl: SEEDED_TENANT_URLS.iprova, token: TOKEN },
      { name: "airstack", tenantUrl: SEEDED_TENANT_URLS.airstack, token: "other" },
    ]);
  });
  afterEach(() => h.close());

  const call = (url: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    request(url, {
      dispatcher: h.dispatcher,
      method: (init.method ?? "GET") as any,
      headers: { authorization: `Bearer ${init.token ?? TOKEN}`, "content-type": "application/scim+json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }).then(async (r) => ({ status: r.statusCode, body: r.statusCode === 204 ? undefined : ((await r.body.json()) as any) }));

  test("creates, filters, patches in both dialects and deletes users; each app has its own store", async () => {
    const base = SEEDED_TENANT_URLS.iprova;
    const created = await call(`${base}/Users`, { method: "POST", body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "a@contoso.com", active: true } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const found = await call(`${base}/Users?filter=${encodeURIComponent('userName eq "a@contoso.com"')}`);
    expect(found.body.totalResults).toBe(1);
    const none = await call(`${base}/Users?filter=${encodeURIComponent('userName eq "b@contoso.com"')}`);
    expect(none).toMatchObject({ status: 200, body: { totalResults: 0, Resources: [] } });

    const patchDefault = await call(`${base}/Users/${id}`, { method: "PATCH", body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "False" }] } });
    expect(patchDefault.status).toBe(200);
    expect(h.apps.app("iprova").snapshot().users[0]).toMatchObject({ userName: "a@contoso.com", active: false });
    const patchFlag = await call(`${base}/Users/${id}`, { method: "PATCH", body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: true }] } });
    expect(patchFlag.status).toBe(200);
    expect(h.apps.app("iprova").snapshot().users[0]).toMatchObject({ active: true });
    expect(h.apps.app("airstack").snapshot().users).toEqual([]);

    expect((await call(`${base}/Users/${id}`, { method: "DELETE" })).status).toBe(204);
    expect(h.apps.app("iprova").snapshot().users).toEqual([]);
  });

  test("the aadOptscim062020 multi-attribute replace (a path-less value keyed by attribute paths) is applied", async () => {
    const base = SEEDED_TENANT_URLS.iprova;
    const created = await call(`${base}/Users`, { method: "POST", body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "m@contoso.com", name: { givenName: "M" } } });
    const res = await call(`${base}/Users/${created.body.id}`, {
      method: "PATCH",
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", value: { displayName: "Bjfe", "name.givenName": "Kkom", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq" } }],
      },
    });
    expect(res.status).toBe(200);
    expect(h.apps.app("iprova").snapshot().users[0]).toMatchObject({ displayName: "Bjfe", name: { givenName: "Kkom" }, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: "Aklq" } });
  });

  test("a wrong token is refused with 401", async () => {
    const res = await call(`${SEEDED_TENANT_URLS.iprova}/Users?filter=${encodeURIComponent('userName eq "x"')}`, { token: "wrong" });
    expect(res.status).toBe(401);
  });

  test("a host no app serves is refused without leaving the machine", async () => {
    await expect(call("https://example.com/scim/Users")).rejects.toThrow(/no local SCIM app serves https:\/\/example.com:443/);
    await expect(call(`${SEEDED_TENANT_URLS.smartfile}/Users`)).rejects.toThrow(/no local SCIM app serves/);
  });
});
