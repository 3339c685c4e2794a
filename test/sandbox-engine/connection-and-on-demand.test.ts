import { provisionOnDemand, runCycle, validateCredentials, OnDemandError, REDACTED } from "../../sandbox/provisioning";
import { SEEDED_TENANT_URLS } from "../../sandbox/scim-apps";
import { assignGroup, assignUser, CONTOSO_ONLY, cycleInput, group, scimSchema, secrets, user } from "./fixtures";
import { GENERIC_TENANT_URL, startHarness, type Harness } from "./support";

const TOKEN = "on-demand-token-2b9c";
const alice = user("alice");
const bob = user("bob");
const carol = user("carol", "fabrikam.com");

let h: Harness;
beforeEach(async () => {
  h = await startHarness([
    { name: "ipass", tenantUrl: SEEDED_TENANT_URLS.ipass, token: TOKEN },
    { name: "generic", tenantUrl: GENERIC_TENANT_URL, token: TOKEN },
  ]);
});
afterEach(() => h.close());

describe("validateCredentials (Test Connection)", () => {
  test("passes when the app answers the query for a random user with an empty list", async () => {
    const ids = ["9b1c0d7e-0000-4000-8000-000000000001"];
    const result = await validateCredentials({ baseAddress: SEEDED_TENANT_URLS.ipass, secretToken: TOKEN, dispatcher: h.dispatcher, schema: scimSchema(), newId: () => ids[0] });
    expect(result).toEqual({ ok: true });
    expect(h.apps.app("ipass").requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).toEqual(['GET /Users?filter=userName eq "9b1c0d7e-0000-4000-8000-000000000001"']);
  });

  test("a wrong token fails in Graph's error shape", async () => {
    const result = await validateCredentials({ baseAddress: SEEDED_TENANT_URLS.ipass, secretToken: "wrong-token-value", dispatcher: h.dispatcher, now: new Date("2026-12-03T12:00:00Z") });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      body: { error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable", innerError: { date: "2026-12-03T12:00:00" } } },
    });
    if (result.ok) throw new Error("expected a failure");
    expect(result.body.error.message).toMatch(/^You appear to have entered invalid credentials\. .*Response Status Code: 401/);
    expect(JSON.stringify(result)).not.toContain("wrong-token-value");
  });

  test("an unreachable tenant URL fails without leaving the machine", async () => {
    const result = await validateCredentials({ baseAddress: "https://unknown.vendor.example/scim", secretToken: TOKEN, dispatcher: h.dispatcher });
    expect(result).toMatchObject({ ok: false, status: 400, body: { error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable" } } });
    if (!result.ok) expect(result.body.error.message).toMatch(/not able to connect.*no local SCIM app serves https:\/\/unknown\.vendor\.example:443/);
  });

  test("an app that is not a SCIM endpoint (HTML page) fails the test", async () => {
    h.apps.app("ipass").intercept = () => ({ status: 200, body: "<html>Sign in</html>", contentType: "text/html" });
    const result = await validateCredentials({ baseAddress: SEEDED_TENANT_URLS.ipass, secretToken: TOKEN, dispatcher: h.dispatcher });
    expect(result).toMatchObject({ ok: false, body: { error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure" } } });
  });

  test("an http tenant URL is refused", async () => {
    const result = await validateCredentials({ baseAddress: "http://openmobile.ipass.com/moservices/scim/v1", secretToken: TOKEN, dispatcher: h.dispatcher });
    expect(result).toMatchObject({ ok: false, body: { error: { message: expect.stringMatching(/not https/) } } });
  });
});

describe("provisionOnDemand", () => {
  const input = (over: object = {}) =>
    cycleInput({
      schema: scimSchema({ userScope: [CONTOSO_ONLY], groups: true }),
      secrets: secrets(`${SEEDED_TENANT_URLS.ipass}?aadOptscim062020`, TOKEN),
      appRoleAssignments: [assignUser(alice), assignUser(carol)],
      directory: { users: [alice, bob, carol], groups: [] },
      fetchDispatcher: h.dispatcher,
      ...over,
    });

  test("provisions one user now and answers in Graph's shape", async () => {
    const result = await provisionOnDemand(input(), { objectId: alice.id, objectTypeName: "User" }, "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8");
    expect(h.apps.app("ipass").snapshot().users.map((u) => u.userName)).toEqual(["alice@contoso.com"]);
    expect(JSON.parse(result.response.key)).toEqual({ result: "Success", details: {} });
    const value = JSON.parse(result.response.value);
    expect(value).toMatchObject({ action: "Create", statusInfo: { status: "Success" }, sourceIdentity: { id: alice.id, type: "User" }, targetSystem: { name: "customappsso" } });
    expect(value.provisioningSteps.map((s: { name: string; type: string }) => `${s.type}:${s.name}`)).toEqual([
      "Import:EntryImport",
      "Scoping:EntrySynchronizationScoping",
      "Matching:EntryImport",
      "Matching:EntrySynchronizationAdd",
      "Export:EntryExportAdd",
    ]);
    expect(result.memory.entries[alice.id]).toMatchObject({ state: "managed", targetId: expect.any(String) });
    expect(result.logs).toHaveLength(1);
    // A later cycle knows the user: nothing to do for alice.
    const cycle = await runCycle(input({ memory: result.memory }));
    expect(cycle.logs.filter((l) => l.sourceIdentity.id === alice.id && l.provisioningAction === "create")).toEqual([]);
  });

  test("ignores the aadOptscim062020 flag, which Microsoft says on-demand does not support", async () => {
    const first = await provisionOnDemand(input(), { objectId: alice.id, objectTypeName: "User" });
    const moved = { ...alice, displayName: "Alice Moved" };
    await provisionOnDemand(input({ memory: first.memory, directory: { users: [moved, bob, carol], groups: [] } }), { objectId: alice.id, objectTypeName: "User" });
    const patch = h.apps.app("ipass").requests.find((r) => r.method === "PATCH")!;
    expect((patch.body as { Operations: unknown[] }).Operations).toEqual([{ op: "Replace", path: "displayName", value: "Alice Moved" }]);
  });

  test("a user outside the scoping filter is skipped, and a second run of a provisioned user is a RedundantExport", async () => {
    const skipped = await provisionOnDemand(input(), { objectId: carol.id, objectTypeName: "User" });
    expect(JSON.parse(skipped.response.key)).toMatchObject({ result: "Skipped", details: { errorCode: "NotEffectivelyEntitled" } });
    const first = await provisionOnDemand(input(), { objectId: alice.id, objectTypeName: "User" });
    const again = await provisionOnDemand(input({ memory: first.memory }), { objectId: alice.id, objectTypeName: "User" });
    expect(JSON.parse(again.response.key)).toEqual({ result: "Skipped", details: { errorCode: "RedundantExport", errorMessage: "The state of the user in both the source and target systems already match." } });
  });

  test("a group with chosen members (at most five)", async () => {
    const team = group("Pilots", [alice, bob]);
    const withGroup = input({ appRoleAssignments: [assignGroup(team)], directory: { users: [alice, bob, carol], groups: [team] }, secrets: secrets(GENERIC_TENANT_URL, TOKEN), schema: scimSchema({ groups: true }) });
    const result = await provisionOnDemand(withGroup, { objectId: team.id, objectTypeName: "Group", links: { members: [{ objectId: bob.id, objectTypeName: "User" }] } });
    const app = h.apps.app("generic").snapshot();
    expect(app.users.map((u) => u.userName)).toEqual(["bob@contoso.com"]);
    expect(app.groups[0]).toMatchObject({ displayName: "Pilots", members: [{ value: app.users[0].id }] });
    expect(JSON.parse(result.response.key).result).toBe("Success");
    await expect(
      provisionOnDemand(withGroup, { objectId: team.id, objectTypeName: "Group", links: { members: Array.from({ length: 6 }, () => ({ objectId: bob.id, objectTypeName: "User" })) } }),
    ).rejects.toThrow(OnDemandError);
  });

  test("an unknown subject is Graph's 404", async () => {
    await expect(provisionOnDemand(input(), { objectId: "missing", objectTypeName: "User" })).rejects.toMatchObject({ status: 404, code: "ObjectNotFound" });
  });
});

describe("the secret token never leaves the SCIM request's Authorization header", () => {
  const SENTINEL = "SENTINEL-token-4c1d8e";

  test("not in status, logs, escrow, on-demand answers or Test Connection errors, even when an app echoes it", async () => {
    const sentinelHarness = await startHarness([{ name: "ipass", tenantUrl: SEEDED_TENANT_URLS.ipass, token: SENTINEL }]);
    try {
      const app = sentinelHarness.apps.app("ipass");
      // A hostile app that echoes the Authorization header into every error it returns.
      app.intercept = ({ method, authorization }) =>
        method === "POST" ? { status: 400, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", detail: `bad request from ${authorization}` }) } : undefined;
      const base = {
        schema: scimSchema({ userScope: [CONTOSO_ONLY] }),
        secrets: secrets(SEEDED_TENANT_URLS.ipass, SENTINEL),
        appRoleAssignments: [assignUser(alice), assignUser(bob)],
        directory: { users: [alice, bob], groups: [] },
        fetchDispatcher: sentinelHarness.dispatcher,
      };
      const cycle = await runCycle(cycleInput(base));
      const onDemand = await provisionOnDemand(cycleInput(base), { objectId: alice.id, objectTypeName: "User" });
      app.intercept = () => ({ status: 401, body: JSON.stringify({ detail: `token ${SENTINEL} refused` }) });
      const failedCycle = await runCycle(cycleInput(base));
      const connection = await validateCredentials({ baseAddress: SEEDED_TENANT_URLS.ipass, secretToken: SENTINEL, dispatcher: sentinelHarness.dispatcher });

      const everything = JSON.stringify({ cycle, onDemand, failedCycle, connection });
      expect(everything).not.toContain(SENTINEL);
      expect(everything).toContain(`bad request from Bearer ${REDACTED}`);
      expect(everything).toContain(`token ${REDACTED} refused`);
      // The app did receive it, in the header only.
      expect(app.requests.some((r) => JSON.stringify(r).includes(SENTINEL))).toBe(false);
    } finally {
      await sentinelHarness.close();
    }
  });
});
