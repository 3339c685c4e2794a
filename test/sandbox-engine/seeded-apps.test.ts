import { runCycle } from "../../sandbox/provisioning";
import { SEEDED_TENANT_URLS } from "../../sandbox/scim-apps";
import { assignGroup, assignUser, cycleInput, group, scimSchema, secrets, user } from "./fixtures";
import { GENERIC_TENANT_URL, startHarness, type Harness } from "./support";

const alice = user("alice");
const bob = user("bob");

describe("cycles against every seeded app's tenant URL", () => {
  let h: Harness;
  const tokens: Record<string, string> = { ipass: "t-ipass", iprova: "t-iprova", airstack: "t-airstack", smartfile: "KEY:PASSWORD", generic: "t-generic" };
  const urls: Record<string, string> = { ...SEEDED_TENANT_URLS, generic: GENERIC_TENANT_URL };
  beforeEach(async () => {
    h = await startHarness(Object.keys(urls).map((name) => ({ name, tenantUrl: urls[name], token: tokens[name] })));
  });
  afterEach(() => h.close());

  test("each app receives the users assigned to it, through its own host and token", async () => {
    for (const name of Object.keys(urls)) {
      const result = await runCycle(
        cycleInput({
          schema: scimSchema(),
          secrets: secrets(urls[name], tokens[name]),
          appRoleAssignments: [assignUser(name === "airstack" ? bob : alice)],
          directory: { users: [alice, bob], groups: [] },
          fetchDispatcher: h.dispatcher,
        }),
      );
      expect(result.status.code).toBe("Active");
    }
    for (const name of Object.keys(urls)) {
      expect([name, h.apps.app(name).snapshot().users.map((u) => u.userName)]).toEqual([name, [name === "airstack" ? "bob@contoso.com" : "alice@contoso.com"]]);
    }
  });

  test("a target without soft delete (SmartFile: hard deletes only) gets DELETE when a user is unassigned", async () => {
    const input = {
      schema: scimSchema(),
      secrets: secrets(SEEDED_TENANT_URLS.smartfile, tokens.smartfile),
      directory: { users: [alice, bob], groups: [] },
      fetchDispatcher: h.dispatcher,
      targetSupportsSoftDelete: false,
    };
    const first = await runCycle(cycleInput({ ...input, appRoleAssignments: [assignUser(alice), assignUser(bob)] }));
    const second = await runCycle(cycleInput({ ...input, memory: first.memory, appRoleAssignments: [assignUser(alice)] }));
    expect(h.apps.app("smartfile").snapshot().users.map((u) => u.userName)).toEqual(["alice@contoso.com"]);
    expect(h.apps.app("smartfile").requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect(second.logs.map((l) => l.provisioningAction)).toEqual(["delete"]);
  });

  test("hostile names travel as data: the filter is escaped as RFC 7644 asks, and the same group is matched again", async () => {
    const name = "Ops & <Dev> 'team' ${x} %{y} é";
    const hostile = { ...group("hostile", [alice]), displayName: name };
    const input = {
      schema: scimSchema({ groups: true }),
      secrets: secrets(GENERIC_TENANT_URL, tokens.generic),
      appRoleAssignments: [assignGroup(hostile)],
      directory: { users: [alice], groups: [hostile] },
      fetchDispatcher: h.dispatcher,
    };
    await runCycle(cycleInput(input));
    // A fresh escrow (Restart with Full) matches the existing group by displayName instead of creating a second one.
    const again = await runCycle(cycleInput(input));
    expect(h.apps.app("generic").snapshot().groups.map((g) => g.displayName)).toEqual([name]);
    // Matched, not created: only its members are written again (the fresh escrow knows none), and the app keeps each member once.
    expect(again.logs.find((l) => l.sourceIdentity.identityType === "Group")).toMatchObject({ provisioningAction: "update", provisioningStatusInfo: { status: "success" } });
    expect(h.apps.app("generic").snapshot().groups[0].members).toEqual([{ value: h.apps.app("generic").snapshot().users[0].id }]);
  });

  test("a quote in a group name is escaped in the filter; an app that cannot parse it fails that group only", async () => {
    const quoted = { ...group("quoted", [alice]), displayName: 'Sales "EU" \\ team' };
    const result = await runCycle(
      cycleInput({
        schema: scimSchema({ groups: true }),
        secrets: secrets(GENERIC_TENANT_URL, tokens.generic),
        appRoleAssignments: [assignUser(alice), assignGroup(quoted)],
        directory: { users: [alice], groups: [quoted] },
        fetchDispatcher: h.dispatcher,
      }),
    );
    const query = h.apps.app("generic").requests.find((r) => r.path.startsWith("/Groups?"))!;
    expect(decodeURIComponent(query.path)).toBe('/Groups?excludedAttributes=members&filter=displayName eq "Sales \\"EU\\" \\\\ team"');
    // scimmy's filter parser refuses escaped quotes (a limit of the local app, not of the request).
    expect(result.logs.find((l) => l.sourceIdentity.identityType === "Group")).toMatchObject({ provisioningStatusInfo: { status: "failure", errorInformation: { errorCode: "SystemForCrossDomainIdentityManagementBadResponse" } } });
    expect(result.status.lastExecution).toMatchObject({ state: "EntryLevelErrors", countExported: 1, countEscrowed: 1 });
    expect(h.apps.app("generic").snapshot().users.map((u) => u.userName)).toEqual(["alice@contoso.com"]);
  });
});
