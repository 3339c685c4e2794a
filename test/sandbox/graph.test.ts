/**
 * The sandbox's Graph contract for directory objects: application templates ($filter on
 * displayName), instantiate, applications and service principals (v1.0 and beta `$select`),
 * delete cascading to the service principal, its jobs, secrets and assignments, users and groups
 * ($filter, $top paging with @odata.nextLink, members), app role assignments (UUID checks,
 * Graph's 400s), and Graph's error shape.
 */
import type { Sandbox } from "../../sandbox";
import { graphCaller, instantiate, TEMPLATES, testSandbox } from "./support";

let sandbox: Sandbox;
let graph: Awaited<ReturnType<typeof graphCaller>>;

beforeAll(async () => {
  ({ sandbox } = await testSandbox());
  graph = await graphCaller(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function user(upn: string, extra: Record<string, unknown> = {}): Promise<any> {
  const r = await graph("POST", "/v1.0/users", {
    accountEnabled: true,
    displayName: upn.split("@")[0],
    mailNickname: upn.split("@")[0].replace(/\W/g, ""),
    userPrincipalName: upn,
    passwordProfile: { password: "SENTINEL-PASSWORD-9c1e", forceChangePasswordNextSignIn: false },
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.json;
}

describe("application templates", () => {
  test("by id, and by $filter displayName (the azuread data source's query)", async () => {
    const byId = await graph("GET", `/v1.0/applicationTemplates/${TEMPLATES.nonGallery}`);
    expect(byId.status).toBe(200);
    expect(byId.json["@odata.context"]).toBe(`${sandbox.url}/v1.0/$metadata#applicationTemplates/$entity`);
    const byName = await graph("GET", `/v1.0/applicationTemplates?$filter=${encodeURIComponent("displayName eq 'iProva'")}`);
    expect(byName.json.value).toHaveLength(1);
    expect(byName.json.value[0]).toMatchObject({ id: TEMPLATES.iProva, displayName: "iProva", supportedProvisioningTypes: ["sync"] });
    for (const name of ["iPass SmartConnect", "Airstack", "SmartFile"]) {
      expect((await graph("GET", `/v1.0/applicationTemplates?$filter=${encodeURIComponent(`displayName eq '${name}'`)}`)).json.value).toHaveLength(1);
    }
    expect((await graph("GET", `/v1.0/applicationTemplates/00000000-0000-4000-8000-00000000abcd`)).status).toBe(404);
    const bad = await graph("GET", `/v1.0/applicationTemplates?$filter=${encodeURIComponent("startswith(displayName,'i')")}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("Request_UnsupportedQuery");
  });

  test("instantiate creates an application and a service principal with app roles and the template id", async () => {
    const r = await graph("POST", `/v1.0/applicationTemplates/${TEMPLATES.iProva}/instantiate`, { displayName: "iProva (test)" });
    expect(r.status).toBe(201);
    const { application, servicePrincipal } = r.json;
    expect(application.id).toMatch(UUID);
    expect(servicePrincipal.id).toMatch(UUID);
    expect(servicePrincipal.appId).toBe(application.appId);
    expect(servicePrincipal.applicationTemplateId).toBe(TEMPLATES.iProva);
    expect(servicePrincipal.appRoles.map((x: any) => x.displayName)).toContain("User");
    expect((await graph("GET", `/v1.0/applications/${application.id}`)).json.displayName).toBe("iProva (test)");
    expect((await graph("POST", `/v1.0/applicationTemplates/${TEMPLATES.iProva}/instantiate`, {})).status).toBe(400);
  });
});

describe("service principals and applications", () => {
  test("GET by id, $filter appId and displayName, beta $select=samlMetadataUrl", async () => {
    const { application, servicePrincipal } = await instantiate(graph, TEMPLATES.iPass, "iPass (filter)");
    expect((await graph("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}`)).json.appRoles).toHaveLength(2);
    const byAppId = await graph("GET", `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${application.appId}'`)}`);
    expect(byAppId.json.value.map((s: any) => s.id)).toEqual([servicePrincipal.id]);
    const byName = await graph("GET", `/v1.0/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'ipass (FILTER)'")}`);
    expect(byName.json.value).toHaveLength(1);
    const beta = await graph("GET", `/beta/servicePrincipals/${servicePrincipal.id}?$select=samlMetadataUrl`);
    expect(beta.status).toBe(200);
    expect(beta.json).toEqual({ "@odata.context": `${sandbox.url}/beta/$metadata#servicePrincipals/$entity`, id: servicePrincipal.id, samlMetadataUrl: null });
    expect((await graph("GET", `/v1.0/applications?$filter=${encodeURIComponent(`appId eq '${application.appId}'`)}`)).json.value).toHaveLength(1);
  });

  test("DELETE of a service principal keeps its application", async () => {
    const { application, servicePrincipal } = await instantiate(graph, TEMPLATES.iPass, "SP only");
    expect((await graph("DELETE", `/v1.0/servicePrincipals/${servicePrincipal.id}`)).status).toBe(204);
    expect((await graph("GET", `/v1.0/servicePrincipals/${servicePrincipal.id}`)).status).toBe(404);
    expect((await graph("GET", `/v1.0/applications/${application.id}`)).status).toBe(200);
  });

  test("PATCH renames the application (204); unknown properties are refused", async () => {
    const { application } = await instantiate(graph, TEMPLATES.iPass, "Before");
    expect((await graph("PATCH", `/v1.0/applications/${application.id}`, { displayName: "After" })).status).toBe(204);
    expect((await graph("GET", `/v1.0/applications/${application.id}`)).json.displayName).toBe("After");
    expect((await graph("PATCH", `/v1.0/applications/${application.id}`, { notAProperty: 1 })).status).toBe(400);
    const notGuid = await graph("GET", "/v1.0/applications/not-a-guid");
    expect(notGuid.status).toBe(400);
    expect(notGuid.json.error.message).toBe("Invalid object identifier 'not-a-guid'.");
  });

  test("DELETE of the application cascades to its service principal, jobs, secrets and assignments", async () => {
    const { application, servicePrincipal } = await instantiate(graph, TEMPLATES.iProva, "Cascade");
    const sp = servicePrincipal.id;
    const job = await graph("POST", `/v1.0/servicePrincipals/${sp}/synchronization/jobs`, { templateId: "iProva" });
    expect(job.status).toBe(201);
    expect((await graph("PUT", `/v1.0/servicePrincipals/${sp}/synchronization/secrets`, { value: [{ key: "BaseAddress", value: "https://x.example/scim" }] })).status).toBe(204);
    const alice = await user("cascade.alice@contoso.com");
    const assignment = await graph("POST", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: servicePrincipal.appRoles[0].id, principalId: alice.id, resourceId: sp });
    expect(assignment.status).toBe(201);

    expect((await graph("DELETE", `/v1.0/applications/${application.id}`)).status).toBe(204);
    expect((await graph("GET", `/v1.0/applications/${application.id}`)).status).toBe(404);
    const gone = await graph("GET", `/v1.0/servicePrincipals/${sp}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("Request_ResourceNotFound");
    expect((await graph("GET", `/v1.0/servicePrincipals/${sp}/synchronization/jobs/${job.json.id}`)).status).toBe(404);
    expect((await graph("GET", `/v1.0/servicePrincipals/${sp}/synchronization/secrets`)).status).toBe(404);
    expect(Object.keys(sandbox.stats().requests)).toContain("DELETE /v1.0/applications/{id}");
    // The user keeps existing; the assignment is gone with the resource.
    expect((await graph("GET", `/v1.0/users/${alice.id}`)).status).toBe(200);
  });
});

describe("users and groups", () => {
  test("create, get, $filter on userPrincipalName; the password is never returned", async () => {
    const u = await user("pilot.user@contoso.com", { department: "Sales" });
    expect(u.id).toMatch(UUID);
    expect(JSON.stringify(u)).not.toContain("SENTINEL-PASSWORD-9c1e");
    const found = await graph("GET", `/v1.0/users?$filter=${encodeURIComponent("userPrincipalName eq 'Pilot.User@contoso.com'")}`);
    expect(found.json.value.map((x: any) => x.id)).toEqual([u.id]);
    const selected = await graph("GET", `/v1.0/users/${u.id}?$select=department,displayName`);
    expect(selected.json).toMatchObject({ id: u.id, department: "Sales", displayName: "pilot.user" });
    expect(selected.json.userPrincipalName).toBeUndefined();
    expect((await graph("GET", `/v1.0/users/${u.id}/manager`)).status).toBe(404);
    const dup = await graph("POST", "/v1.0/users", { accountEnabled: true, displayName: "x", mailNickname: "x", userPrincipalName: "pilot.user@contoso.com", passwordProfile: { password: "p" } });
    expect(dup.status).toBe(400);
    expect((await graph("POST", "/v1.0/users", { displayName: "missing fields" })).status).toBe(400);
  });

  test("$top pages with @odata.nextLink on the origin the client called", async () => {
    for (let i = 0; i < 5; i++) await user(`page${i}@paging.example`);
    const seen: string[] = [];
    let next: string | undefined = `/v1.0/users?$top=2&$filter=${encodeURIComponent("userType eq 'Member'")}`;
    let pages = 0;
    while (next) {
      const r = await graph("GET", next);
      expect(r.status).toBe(200);
      expect(r.json.value.length).toBeLessThanOrEqual(2);
      seen.push(...r.json.value.map((x: any) => x.userPrincipalName));
      const link: string | undefined = r.json["@odata.nextLink"];
      if (link) expect(link.startsWith(`${sandbox.url}/v1.0/users?`)).toBe(true);
      next = link?.slice(sandbox.url.length);
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen.filter((s) => s.endsWith("@paging.example")).sort()).toEqual(["page0", "page1", "page2", "page3", "page4"].map((p) => `${p}@paging.example`));
    expect((await graph("GET", "/v1.0/users?$top=0")).status).toBe(400);
  });

  test("groups: create, $filter displayName (and securityEnabled), members and owners", async () => {
    const member = await user("member@contoso.com");
    const g = await graph("POST", "/v1.0/groups", { displayName: "iProva Users", mailEnabled: false, mailNickname: "iprovausers", securityEnabled: true });
    expect(g.status).toBe(201);
    const filter = encodeURIComponent("displayName eq 'iProva Users' and securityEnabled eq true");
    expect((await graph("GET", `/beta/groups?$filter=${filter}`)).json.value.map((x: any) => x.id)).toEqual([g.json.id]);
    expect((await graph("POST", `/v1.0/groups/${g.json.id}/members/$ref`, { "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${member.id}` })).status).toBe(204);
    expect((await graph("POST", `/v1.0/groups/${g.json.id}/members/$ref`, { "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${member.id}` })).status).toBe(400);
    const members = await graph("GET", `/beta/groups/${g.json.id}/members`);
    expect(members.json.value).toEqual([expect.objectContaining({ "@odata.type": "#microsoft.graph.user", id: member.id })]);
    expect((await graph("GET", `/beta/groups/${g.json.id}/owners`)).json.value).toEqual([]);
    expect((await graph("DELETE", `/v1.0/groups/${g.json.id}/members/${member.id}/$ref`)).status).toBe(204);
    expect((await graph("GET", `/v1.0/groups/${g.json.id}/members`)).json.value).toEqual([]);
  });
});

describe("app role assignments", () => {
  test("POST, GET, list, DELETE; ids are Graph's 43-character strings", async () => {
    const { servicePrincipal } = await instantiate(graph, TEMPLATES.iProva, "Assignments");
    const sp = servicePrincipal.id;
    const bob = await user("bob@contoso.com");
    const roleId = servicePrincipal.appRoles.find((r: any) => r.displayName === "User").id;
    const created = await graph("POST", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: roleId, principalId: bob.id, resourceId: sp });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ appRoleId: roleId, principalId: bob.id, resourceId: sp, principalType: "User", principalDisplayName: "bob", resourceDisplayName: "Assignments" });
    expect(created.json.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const path = `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo/${created.json.id}`;
    expect((await graph("GET", path)).json.id).toBe(created.json.id);
    expect((await graph("GET", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`)).json.value).toHaveLength(1);
    expect((await graph("POST", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: roleId, principalId: bob.id, resourceId: sp })).status).toBe(400);
    expect((await graph("DELETE", path)).status).toBe(204);
    expect((await graph("GET", path)).status).toBe(404);
  });

  test("refuses a non-UUID, an unknown principal and a role the app does not have, with Graph's 400", async () => {
    const { servicePrincipal } = await instantiate(graph, TEMPLATES.iProva, "Bad refs");
    const sp = servicePrincipal.id;
    const carol = await user("carol@contoso.com");
    const notUuid = await graph("POST", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: "User", principalId: carol.id, resourceId: sp });
    expect(notUuid.status).toBe(400);
    expect(notUuid.json.error.code).toBe("BadRequest");
    const ghost = await graph("POST", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: servicePrincipal.appRoles[0].id, principalId: "9a9a9a9a-0000-4000-8000-000000000000", resourceId: sp });
    expect(ghost.status).toBe(400);
    expect(ghost.json.error.message).toBe("Not a valid reference update.");
    const role = await graph("POST", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: "9a9a9a9a-0000-4000-8000-000000000001", principalId: carol.id, resourceId: sp });
    expect(role.status).toBe(400);
    expect(role.json.error.message).toMatch(/^Permission being assigned was not found on application/);
  });
});

test("an unknown path is Graph's 400 for the segment; errors carry innerError", async () => {
  const r = await graph("GET", "/v1.0/notAThing");
  expect(r.status).toBe(400);
  expect(r.json.error).toMatchObject({ code: "BadRequest", message: "Resource not found for the segment 'notAThing'.", innerError: { "request-id": expect.any(String) } });
});
