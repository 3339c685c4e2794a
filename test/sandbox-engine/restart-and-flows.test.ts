import { applyRestart, parseResetScope, runCycle, type GraphAttributeMapping } from "../../sandbox/provisioning";
import { SEEDED_TENANT_URLS, tenantUrlHosts } from "../../sandbox/scim-apps";
import { assignUser, cycleInput, scimSchema, secrets, user, USER_ROLE_ID } from "./fixtures";
import { startHarness, type Harness } from "./support";

const TOKEN = "restart-token-55aa";
const alice = user("alice");
const bob = user("bob");

let h: Harness;
beforeEach(async () => {
  h = await startHarness([{ name: "iprova", tenantUrl: SEEDED_TENANT_URLS.iprova, token: TOKEN }]);
});
afterEach(() => h.close());

const base = () => ({
  schema: scimSchema(),
  secrets: secrets(SEEDED_TENANT_URLS.iprova, TOKEN),
  appRoleAssignments: [assignUser(alice), assignUser(bob)],
  directory: { users: [alice, bob], groups: [] },
  fetchDispatcher: h.dispatcher,
});

describe("restart", () => {
  test("the portal's restart (empty scope) evaluates every object again by its cached id; Full matches again by query", async () => {
    const first = await runCycle(cycleInput(base()));
    const requests = h.apps.app("iprova").requests;

    const portal = applyRestart(first.memory, first.status, "");
    let from = requests.length;
    const again = await runCycle(cycleInput({ ...base(), memory: portal.memory }));
    expect(requests.slice(from).map((r) => r.method + " " + r.path.replace(/\/Users\/.*/, "/Users/{id}"))).toEqual(["GET /Users/{id}", "GET /Users/{id}"]);
    expect(again.logs.map((l) => l.provisioningStatusInfo.errorInformation?.errorCode)).toEqual(["RedundantExport", "RedundantExport"]);

    const full = applyRestart(again.memory, again.status, "Full");
    expect(full.memory.entries).toEqual({});
    from = requests.length;
    await runCycle(cycleInput({ ...base(), memory: full.memory }));
    expect(requests.slice(from).every((r) => r.method === "GET" && r.path.startsWith("/Users?filter="))).toBe(true);
    expect(h.apps.app("iprova").snapshot().users).toHaveLength(2);
  });

  test("QuarantineState leaves quarantine; ForceDeletes is handed to the next cycle; None and unknown scopes are refused", async () => {
    const failed = await runCycle(cycleInput({ ...base(), secrets: secrets(SEEDED_TENANT_URLS.iprova, "bad-token") }));
    expect(failed.status.code).toBe("Quarantine");
    const restarted = applyRestart(failed.memory, failed.status, "QuarantineState, ForceDeletes");
    expect(restarted.status).toMatchObject({ code: "Active", quarantine: null, countSuccessiveCompleteFailures: 0 });
    expect(restarted.forceDeletes).toBe(true);
    expect(() => parseResetScope("None")).toThrow('resetScope "None" is not supported; use start instead');
    expect(() => parseResetScope("Watermark, Everything")).toThrow('resetScope "Everything" is not one of Escrows, Watermark, QuarantineState, ConnectorDataStore, ForceDeletes, Full, None');
  });
});

describe("what flows", () => {
  test("Default Access assignments do not provision", async () => {
    await runCycle(
      cycleInput({ ...base(), appRoleAssignments: [assignUser(alice), { principalId: bob.id, principalType: "User", appRoleId: "00000000-0000-0000-0000-000000000000" }] }),
    );
    expect(h.apps.app("iprova").snapshot().users.map((u) => u.userName)).toEqual(["alice@contoso.com"]);
    expect(USER_ROLE_ID).not.toBe("00000000-0000-0000-0000-000000000000");
  });

  test("ObjectAddOnly flows on creation only; AttributeAddOnly fills an empty attribute; FlowAlways rides along with every update", async () => {
    const schema = scimSchema();
    const mappings = schema.synchronizationRules[0].objectMappings[0].attributeMappings.map((m): GraphAttributeMapping => {
      if (m.targetAttributeName === "displayName") return { ...m, flowType: "ObjectAddOnly" };
      if (m.targetAttributeName === "externalId") return { ...m, flowBehavior: "FlowAlways" };
      if (m.targetAttributeName === "name.familyName") return { ...m, flowType: "AttributeAddOnly" };
      return m;
    });
    const custom = { ...schema, synchronizationRules: [{ ...schema.synchronizationRules[0], objectMappings: [{ ...schema.synchronizationRules[0].objectMappings[0], attributeMappings: mappings }] }] };
    const first = await runCycle(cycleInput({ ...base(), schema: custom, directory: { users: [{ ...alice, surname: null }], groups: [] }, appRoleAssignments: [assignUser(alice)] }));
    const renamed = { ...alice, displayName: "Renamed", department: "Finance", surname: "Later" };
    const requests = h.apps.app("iprova").requests;
    const from = requests.length;
    await runCycle(cycleInput({ ...base(), schema: custom, memory: first.memory, directory: { users: [renamed], groups: [] }, appRoleAssignments: [assignUser(alice)] }));
    const patch = requests.slice(from).find((r) => r.method === "PATCH")!;
    expect((patch.body as { Operations: unknown[] }).Operations).toEqual([
      { op: "Add", path: "name.familyName", value: "Later" },
      { op: "Replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Finance" },
      { op: "Replace", path: "externalId", value: "alice" },
    ]);
    expect(h.apps.app("iprova").snapshot().users[0]).toMatchObject({ displayName: "Alice Example", name: { familyName: "Later" } });
  });
});

test("tenantUrlHosts lists the host names the apps' certificate must cover", () => {
  expect(tenantUrlHosts(Object.values(SEEDED_TENANT_URLS).map((tenantUrl) => ({ tenantUrl })))).toEqual([
    "openmobile.ipass.com",
    "identitymanagement.services.iprova.nl",
    "api-as.lenovosoftware.com",
    "demo1test.smartfile.com",
  ]);
});
