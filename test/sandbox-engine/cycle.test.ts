import { runCycle, type CycleInput, type CycleResult } from "../../sandbox/provisioning";
import { SEEDED_TENANT_URLS } from "../../sandbox/scim-apps";
import { assignGroup, assignUser, CONTOSO_ONLY, cycleInput, ENTERPRISE, group, scimSchema, secrets, user } from "./fixtures";
import { GENERIC_TENANT_URL, startHarness, type Harness } from "./support";

const TOKEN = "cycle-token-7f3a";
const alice = user("alice");
const bob = user("bob");
const carol = user("carol", "fabrikam.com");
const dave = user("dave");

describe("runCycle", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness([
      { name: "ipass", tenantUrl: SEEDED_TENANT_URLS.ipass, token: TOKEN },
      { name: "generic", tenantUrl: GENERIC_TENANT_URL, token: TOKEN },
    ]);
  });
  afterEach(() => h.close());

  const ipassCycle = (over: Partial<CycleInput> = {}, tenantUrl: string = SEEDED_TENANT_URLS.ipass) =>
    runCycle(
      cycleInput({
        schema: scimSchema({ userScope: [CONTOSO_ONLY] }),
        secrets: secrets(tenantUrl, TOKEN),
        appRoleAssignments: [assignUser(alice), assignUser(bob), assignUser(carol)],
        directory: { users: [alice, bob, carol, dave], groups: [] },
        fetchDispatcher: h.dispatcher,
        ...over,
      }),
    );

  test("creates exactly the assigned, in-scope users with the attributes the mappings produce", async () => {
    const result = await ipassCycle();
    const users = h.apps.app("ipass").snapshot().users;
    expect(users.map((u) => u.userName).sort()).toEqual(["alice@contoso.com", "bob@contoso.com"]);
    const a = users.find((u) => u.userName === "alice@contoso.com")!;
    expect(a).toMatchObject({
      active: true,
      displayName: "Alice Example",
      externalId: "alice",
      name: { givenName: "Alice", familyName: "Example" },
      emails: [{ type: "work", value: "alice@contoso.com", primary: true }],
      [ENTERPRISE]: { department: "Sales" },
    });
    // Matched by the matching attribute first, then created.
    expect(h.apps.app("ipass").requests.slice(0, 2).map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).toEqual(['GET /Users?filter=userName eq "alice@contoso.com"', "POST /Users"]);
    expect(result.status).toMatchObject({ code: "Active", quarantine: null, lastExecution: { state: "Succeeded", countExported: 2, countExports: 2, countEntitled: 3, countEntitledForProvisioning: 2 } });
    expect(result.status.synchronizedEntryCountByType).toEqual([{ key: "user to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", value: 2 }]);
    expect(result.logs.filter((l) => l.provisioningAction === "create").map((l) => l.sourceIdentity.displayName).sort()).toEqual(["alice@contoso.com", "bob@contoso.com"]);
  });

  test("an iPass user outside the registered domains is not created, and the log says why", async () => {
    const result = await ipassCycle();
    expect(h.apps.app("ipass").snapshot().users.some((u) => String(u.userName).endsWith("fabrikam.com"))).toBe(false);
    const carolLog = result.logs.find((l) => l.sourceIdentity.id === carol.id)!;
    expect(carolLog).toMatchObject({ provisioningAction: "other", provisioningStatusInfo: { status: "skipped", errorInformation: { errorCode: "NotEffectivelyEntitled" } } });
    // dave is not assigned: not entitled, not logged, not sent.
    expect(result.logs.some((l) => l.sourceIdentity.id === dave.id)).toBe(false);
  });

  test("a second cycle with nothing changed sends nothing", async () => {
    const first = await ipassCycle();
    const before = h.apps.app("ipass").requests.length;
    const second = await ipassCycle({ memory: first.memory, job: { ...cycleInput({ schema: scimSchema({ userScope: [CONTOSO_ONLY] }) } as any).job, status: first.status } });
    expect(h.apps.app("ipass").requests.length).toBe(before);
    expect(second.logs).toEqual([]);
    expect(second.status.lastExecution).toMatchObject({ state: "Succeeded", countExports: 0, countImportedDeltas: 0 });
    expect(second.status.steadyStateFirstAchievedTime).toBe(first.status.steadyStateFirstAchievedTime);
  });

  test("an update sends only the attributes that changed", async () => {
    const first = await ipassCycle();
    const moved = { ...alice, department: "Finance" };
    const requests = h.apps.app("ipass").requests;
    const from = requests.length;
    const second = await ipassCycle({ memory: first.memory, directory: { users: [moved, bob, carol, dave], groups: [] } });
    const patches = requests.slice(from).filter((r) => r.method === "PATCH");
    expect(patches).toEqual([
      { method: "PATCH", path: expect.stringMatching(/^\/Users\//), body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: `${ENTERPRISE}:department`, value: "Finance" }] } },
    ]);
    expect(h.apps.app("ipass").snapshot().users.find((u) => u.userName === "alice@contoso.com")).toMatchObject({ [ENTERPRISE]: { department: "Finance" } });
    expect(second.logs).toEqual([expect.objectContaining({ provisioningAction: "update", modifiedProperties: [{ displayName: `${ENTERPRISE}:department`, oldValue: "Sales", newValue: "Finance" }] })]);
  });

  test.each([
    ["default", SEEDED_TENANT_URLS.ipass, { op: "Replace", path: "active", value: "False" }],
    ["aadOptscim062020", `${SEEDED_TENANT_URLS.ipass}?aadOptscim062020`, { op: "replace", path: "active", value: false }],
  ])("unassigning a user disables it at the next cycle (%s PATCH dialect)", async (_dialect, tenantUrl, operation) => {
    const first = await ipassCycle({}, tenantUrl);
    const requests = h.apps.app("ipass").requests;
    const from = requests.length;
    const second = await ipassCycle({ memory: first.memory, appRoleAssignments: [assignUser(alice), assignUser(carol)] }, tenantUrl);
    expect(requests.slice(from).filter((r) => r.method === "PATCH").map((r) => r.body)).toEqual([{ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [operation] }]);
    const users = h.apps.app("ipass").snapshot().users;
    expect(users.find((u) => u.userName === "bob@contoso.com")).toMatchObject({ active: false });
    expect(users.find((u) => u.userName === "alice@contoso.com")).toMatchObject({ active: true });
    expect(second.logs).toEqual([expect.objectContaining({ provisioningAction: "disable", provisioningStatusInfo: { status: "success", errorInformation: null } })]);
    // Disabled because it left scope: Entra no longer manages it, so a third cycle does nothing.
    const count = requests.length;
    await ipassCycle({ memory: second.memory, appRoleAssignments: [assignUser(alice), assignUser(carol)] }, tenantUrl);
    expect(requests.length).toBe(count);
  });

  test("a user reassigned after being disabled is enabled again", async () => {
    const first = await ipassCycle();
    const second = await ipassCycle({ memory: first.memory, appRoleAssignments: [assignUser(alice)] });
    await ipassCycle({ memory: second.memory });
    expect(h.apps.app("ipass").snapshot().users.find((u) => u.userName === "bob@contoso.com")).toMatchObject({ active: true });
  });

  test("a threshold of 1 stops a cycle that would disable 2, until the deletes are allowed", async () => {
    const threshold = secrets(SEEDED_TENANT_URLS.ipass, TOKEN, [{ key: "SyncNotificationSettings", value: '{"Enabled":true,"Recipients":"idm@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":1}' }]);
    const first = await ipassCycle({ secrets: threshold });
    const requests = h.apps.app("ipass").requests;
    const from = requests.length;
    const held = await ipassCycle({ secrets: threshold, memory: first.memory, appRoleAssignments: [] });
    expect(requests.slice(from).filter((r) => r.method !== "GET")).toEqual([]);
    expect(h.apps.app("ipass").snapshot().users.every((u) => u.active === true)).toBe(true);
    expect(held.status).toMatchObject({ code: "Quarantine", quarantine: { reason: "TooManyDeletes", seriesCount: 1 } });
    expect(held.status.quarantine!.error!.message).toMatch(/would disable or delete 2 objects, more than the accidental deletions threshold of 1/);
    expect(held.logs.map((l) => l.provisioningAction)).toEqual(["stagedDelete", "stagedDelete"]);
    expect(held.memory.staged).toHaveLength(2);

    const allowed = await ipassCycle({ secrets: threshold, memory: held.memory, appRoleAssignments: [], forceDeletes: true, job: { ...cycleInput({ schema: scimSchema({ userScope: [CONTOSO_ONLY] }) } as any).job, status: held.status } });
    expect(h.apps.app("ipass").snapshot().users.every((u) => u.active === false)).toBe(true);
    expect(allowed.status).toMatchObject({ code: "Active", quarantine: null });
    expect(allowed.memory.staged).toEqual([]);
  });

  test("exactly the threshold passes", async () => {
    const threshold = secrets(SEEDED_TENANT_URLS.ipass, TOKEN, [{ key: "SyncNotificationSettings", value: '{"DeleteThresholdEnabled":true,"DeleteThresholdValue":2}' }]);
    const first = await ipassCycle({ secrets: threshold });
    const second = await ipassCycle({ secrets: threshold, memory: first.memory, appRoleAssignments: [] });
    expect(second.status.code).toBe("Active");
    expect(h.apps.app("ipass").snapshot().users.every((u) => u.active === false)).toBe(true);
  });

  test("a user hard-deleted in Entra is deleted in the app; a soft-deleted one is disabled", async () => {
    const first = await ipassCycle();
    const softDeleted = { ...alice, deletedDateTime: "2026-12-03T11:00:00Z" };
    const second = await ipassCycle({ memory: first.memory, directory: { users: [softDeleted, carol, dave], groups: [] } });
    const users = h.apps.app("ipass").snapshot().users;
    expect(users.map((u) => [u.userName, u.active])).toEqual([["alice@contoso.com", false]]);
    expect(second.logs.map((l) => [l.sourceIdentity.displayName, l.provisioningAction]).sort()).toEqual([
      ["alice@contoso.com", "disable"],
      ["bob@contoso.com", "delete"],
    ]);
    // 30 days later alice is hard-deleted too: still managed (disabled, not released), so deleted.
    await ipassCycle({ memory: second.memory, directory: { users: [carol, dave], groups: [] } });
    expect(h.apps.app("ipass").snapshot().users).toEqual([]);
  });

  test("a user blocked from sign-in is not created", async () => {
    const blocked = { ...alice, accountEnabled: false };
    await ipassCycle({ directory: { users: [blocked, bob], groups: [] } });
    expect(h.apps.app("ipass").snapshot().users.map((u) => u.userName)).toEqual(["bob@contoso.com"]);
  });

  test("SkipOutOfScopeDeletions leaves users that leave scope active", async () => {
    const skip = secrets(SEEDED_TENANT_URLS.ipass, TOKEN, [{ key: "SkipOutOfScopeDeletions", value: "True" }]);
    const first = await ipassCycle({ secrets: skip });
    await ipassCycle({ secrets: skip, memory: first.memory, appRoleAssignments: [] });
    expect(h.apps.app("ipass").snapshot().users.every((u) => u.active === true)).toBe(true);
  });

  test("SyncAll provisions every user, assigned or not", async () => {
    const syncAll = [{ key: "BaseAddress", value: SEEDED_TENANT_URLS.ipass }, { key: "SecretToken", value: TOKEN }, { key: "SyncAll", value: "true" }];
    await ipassCycle({ secrets: syncAll, appRoleAssignments: [] });
    expect(h.apps.app("ipass").snapshot().users.map((u) => u.userName).sort()).toEqual(["alice@contoso.com", "bob@contoso.com", "dave@contoso.com"]);
  });

  describe("groups with members", () => {
    const team = group("App Users", [bob, dave]);
    const groupCycle = (over: Partial<CycleInput> = {}, tenantUrl = GENERIC_TENANT_URL) =>
      runCycle(
        cycleInput({
          schema: scimSchema({ groups: true }),
          secrets: secrets(tenantUrl, TOKEN),
          appRoleAssignments: [assignUser(alice), assignGroup(team)],
          directory: { users: [alice, bob, dave], groups: [team] },
          fetchDispatcher: h.dispatcher,
          ...over,
        }),
      );

    test("an assigned group brings its members, and the group is created with them", async () => {
      const result = await groupCycle();
      const app = h.apps.app("generic").snapshot();
      expect(app.users.map((u) => u.userName).sort()).toEqual(["alice@contoso.com", "bob@contoso.com", "dave@contoso.com"]);
      const idOf = (upn: string) => app.users.find((u) => u.userName === upn)!.id;
      expect(app.groups).toHaveLength(1);
      expect(app.groups[0]).toMatchObject({ displayName: "App Users", externalId: team.id });
      expect((app.groups[0].members as Array<{ value: string }>).map((m) => m.value).sort()).toEqual([idOf("bob@contoso.com"), idOf("dave@contoso.com")].sort());
      const requests = h.apps.app("generic").requests;
      expect(requests.find((r) => r.method === "GET" && r.path.startsWith("/Groups"))!.path).toBe(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "App Users"')}`);
      expect(requests.find((r) => r.method === "POST" && r.path === "/Groups")!.body).not.toHaveProperty("members");
      expect(result.logs.find((l) => l.sourceIdentity.identityType === "Group")).toMatchObject({ provisioningAction: "create", provisioningStatusInfo: { status: "success" } });
    });

    test.each([
      ["default", GENERIC_TENANT_URL, (id: string) => [{ op: "Remove", path: "members", value: [{ value: id }] }]],
      ["aadOptscim062020", `${GENERIC_TENANT_URL}?aadOptscim062020`, (id: string) => [{ op: "remove", path: `members[value eq "${id}"]` }]],
    ])("a member leaving the group is removed from it (%s PATCH dialect)", async (_d, tenantUrl, expected) => {
      const first = await groupCycle({}, tenantUrl);
      const daveId = h.apps.app("generic").snapshot().users.find((u) => u.userName === "dave@contoso.com")!.id;
      const requests = h.apps.app("generic").requests;
      const from = requests.length;
      const smaller = { ...team, members: [bob.id] };
      await groupCycle({ memory: first.memory, directory: { users: [alice, bob, dave], groups: [smaller] } }, tenantUrl);
      const groupPatches = requests.slice(from).filter((r) => r.method === "PATCH" && r.path.startsWith("/Groups/"));
      expect(groupPatches.map((r) => (r.body as { Operations: unknown[] }).Operations)).toEqual([expected(daveId)]);
      const app = h.apps.app("generic").snapshot();
      expect((app.groups[0].members as Array<{ value: string }>).map((m) => m.value)).toEqual([app.users.find((u) => u.userName === "bob@contoso.com")!.id]);
      // dave left the only assigned group: he is disabled too.
      expect(app.users.find((u) => u.id === daveId)).toMatchObject({ active: false });
    });

    test("an unassigned group is deleted from the app", async () => {
      const first = await groupCycle();
      await groupCycle({ memory: first.memory, appRoleAssignments: [assignUser(alice)] });
      const app = h.apps.app("generic").snapshot();
      expect(app.groups).toEqual([]);
      expect(app.users.filter((u) => u.active === true).map((u) => u.userName)).toEqual(["alice@contoso.com"]);
    });
  });

  describe("failures and quarantine", () => {
    test("refused credentials fail the cycle and quarantine the job at once", async () => {
      const result: CycleResult = await ipassCycle({ secrets: secrets(SEEDED_TENANT_URLS.ipass, "wrong-token") });
      expect(h.apps.app("ipass").snapshot().users).toEqual([]);
      expect(result.status).toMatchObject({
        code: "Quarantine",
        countSuccessiveCompleteFailures: 1,
        lastExecution: { state: "Failed", error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable" } },
        quarantine: { reason: "EncounteredQuarantineException", seriesBegan: "2026-12-03T12:00:00.000Z" },
        lastSuccessfulExecution: null,
      });
      expect(result.status.quarantine!.nextAttempt).toBe("2026-12-03T18:00:00.000Z");
    });

    test("an unreachable app quarantines after three failed cycles, and a good cycle clears it", async () => {
      const schema = scimSchema({ userScope: [CONTOSO_ONLY] });
      let status = null as CycleResult["status"] | null;
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) {
        h.apps.app("ipass").intercept = () => ({ status: 503, body: "" });
        const r = await ipassCycle({ job: { ...cycleInput({ schema } as any).job, status } });
        status = r.status;
        codes.push(r.status.code);
      }
      expect(codes).toEqual(["Active", "Active", "Quarantine"]);
      expect(status!.countSuccessiveCompleteFailures).toBe(3);
      h.apps.app("ipass").intercept = undefined;
      const healed = await ipassCycle({ job: { ...cycleInput({ schema } as any).job, status } });
      expect(healed.status).toMatchObject({ code: "Active", quarantine: null, countSuccessiveCompleteFailures: 0 });
    });

    test("a 404 from the users endpoint is a SCIM compliance issue: quarantine at once", async () => {
      h.apps.app("ipass").intercept = () => ({ status: 404, body: "" });
      const result = await ipassCycle();
      expect(result.status).toMatchObject({ code: "Quarantine", quarantine: { reason: "EncounteredQuarantineException" } });
    });

    test("an entry the app refuses is logged as a failure and retried next cycle", async () => {
      h.apps.app("ipass").intercept = ({ method }) => (method === "POST" ? { status: 409, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", scimType: "uniqueness", detail: "taken" }) } : undefined);
      const first = await ipassCycle();
      expect(first.status.lastExecution).toMatchObject({ state: "EntryLevelErrors", countEscrowed: 2 });
      expect(first.status.code).toBe("Active");
      expect(first.logs.find((l) => l.provisioningAction === "create")).toMatchObject({ provisioningStatusInfo: { status: "failure", errorInformation: { errorCode: "SystemForCrossDomainIdentityManagementEntryConflict" } } });
      h.apps.app("ipass").intercept = undefined;
      const second = await ipassCycle({ memory: first.memory });
      expect(second.status.lastExecution).toMatchObject({ state: "Succeeded", countExported: 2 });
    });
  });
});
