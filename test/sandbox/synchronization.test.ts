/**
 * The synchronization API contract: templates and their schemas on the service principal, jobs
 * (create from templateId, get, list, delete, start/pause flipping schedule.state, restart),
 * secrets (PUT replaces the set and drops empty values; GET masks credentials), the job schema
 * (GET; PUT replaces the whole document and is validated: malformed expression, unknown
 * function, unknown operator or rule id are Graph 400s; DELETE resets it), and the engine seam
 * refusing (501) while no provisioning engine is present.
 */
import type { Sandbox } from "../../sandbox";
import { graphCaller, instantiate, TEMPLATES, testSandbox } from "./support";

let sandbox: Sandbox;
let graph: Awaited<ReturnType<typeof graphCaller>>;
let sp: string;
let base: string;

beforeAll(async () => {
  ({ sandbox } = await testSandbox());
  graph = await graphCaller(sandbox);
  sp = (await instantiate(graph, TEMPLATES.iProva, "iProva (sync)")).servicePrincipal.id;
  base = `/v1.0/servicePrincipals/${sp}/synchronization`;
});
afterAll(async () => {
  await sandbox.close();
});

async function newJob(): Promise<any> {
  const r = await graph("POST", `${base}/jobs`, { templateId: "iProva" });
  expect(r.status).toBe(201);
  return r.json;
}

test("templates: listed on the service principal with their schema (the constructs read value[0].id)", async () => {
  const list = await graph("GET", `${base}/templates`);
  expect(list.status).toBe(200);
  expect(list.json.value).toEqual([expect.objectContaining({ id: "iProva", factoryTag: "CustomSCIM", default: true })]);
  const schema = await graph("GET", `${base}/templates/iProva/schema`);
  expect(schema.status).toBe(200);
  const rule = schema.json.synchronizationRules[0];
  expect(rule.objectMappings.map((o: any) => o.sourceObjectName)).toEqual(["User", "Group"]);
  expect(rule.objectMappings[0].attributeMappings.find((m: any) => m.targetAttributeName === "userName")).toMatchObject({ matchingPriority: 1, source: { type: "Attribute", name: "userPrincipalName" } });
  expect(schema.json.directories.map((d: any) => d.name)).toEqual(["Azure Active Directory", "customappsso"]);
  expect((await graph("GET", `${base}/templates/nope/schema`)).status).toBe(404);
});

test("jobs: created Disabled with a schedule and NotConfigured status; start/pause flip schedule.state", async () => {
  const job = await newJob();
  expect(job.id).toMatch(/^iProva\.[0-9a-f]{32}\.[0-9a-f-]{36}$/);
  expect(job.schedule).toEqual({ expiration: null, interval: "P10675199DT2H48M5.4775807S", state: "Disabled" });
  expect(job.status.code).toBe("NotConfigured");
  const path = `${base}/jobs/${job.id}`;
  expect((await graph("POST", `${path}/start`)).status).toBe(204);
  expect((await graph("GET", path)).json.schedule).toMatchObject({ state: "Active", interval: "PT40M" });
  expect((await graph("POST", `${path}/pause`)).status).toBe(204);
  const paused = await graph("GET", path);
  expect(paused.json.schedule.state).toBe("Paused");
  expect(paused.json.status.code).toBe("Paused");
  expect((await graph("POST", `${path}/restart`, { criteria: { resetScope: "Watermark, Escrows, QuarantineState" } })).status).toBe(204);
  expect((await graph("POST", `${path}/restart`, { criteria: { resetScope: "Everything" } })).status).toBe(400);
  expect((await graph("GET", `${base}/jobs`)).json.value.map((j: any) => j.id)).toContain(job.id);
  expect((await graph("DELETE", path)).status).toBe(204);
  expect((await graph("GET", path)).status).toBe(404);
  expect((await graph("POST", `${base}/jobs`, { templateId: "salesforce" })).status).toBe(400);
});

test("secrets: PUT replaces the whole set and drops empty values; GET masks the token", async () => {
  const put = (value: Array<{ key: string; value: string }>) => graph("PUT", `${base}/secrets`, { value });
  expect((await put([{ key: "BaseAddress", value: "https://scim.example/v2" }, { key: "SecretToken", value: "SENTINEL-TOKEN-4b1f" }, { key: "SyncAll", value: "false" }])).status).toBe(204);
  const got = await graph("GET", `${base}/secrets`);
  expect(got.json.value).toEqual([
    { key: "BaseAddress", value: "https://scim.example/v2" },
    { key: "SecretToken", value: "*" },
    { key: "SyncAll", value: "false" },
  ]);
  expect(got.text).not.toContain("SENTINEL-TOKEN-4b1f");
  expect((await put([{ key: "BaseAddress", value: "https://other.example/scim" }])).status).toBe(204);
  expect((await graph("GET", `${base}/secrets`)).json.value).toEqual([{ key: "BaseAddress", value: "https://other.example/scim" }]);
  // The azuread provider deletes by sending its keys with empty values.
  expect((await put([{ key: "BaseAddress", value: "" }])).status).toBe(204);
  expect((await graph("GET", `${base}/secrets`)).json.value).toEqual([]);
  expect((await put([{ key: "NotAKey", value: "x" }])).status).toBe(400);
});

describe("job schema", () => {
  let path: string;
  beforeAll(async () => {
    path = `${base}/jobs/${(await newJob()).id}/schema`;
  });

  test("GET is the template's schema; PUT replaces the whole document (204), GET-merge-PUT round-trips", async () => {
    const before = await graph("GET", path);
    expect(before.status).toBe(200);
    const doc = before.json;
    const users = doc.synchronizationRules[0].objectMappings[0];
    users.attributeMappings.push({
      targetAttributeName: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
      source: { type: "Function", name: "Join", expression: 'Join(" ", [department], "x")', parameters: [] },
      flowType: "Always",
      matchingPriority: 0,
    });
    users.scope = { groups: [{ name: "Employees", clauses: [{ operatorName: "EQUALS", sourceOperandName: "employeeType", targetOperand: { values: ["Employee"] } }] }] };
    // A GET-merge-PUT client sends @odata.context back; it is an annotation, not schema.
    expect((await graph("PUT", path, doc)).status).toBe(204);
    const after = await graph("GET", path);
    expect(after.json.synchronizationRules[0].objectMappings[0].scope.groups[0].name).toBe("Employees");
    expect(after.json.version).not.toBe(doc.version);
    // Whole-document replace: a PUT without directories leaves none.
    expect((await graph("PUT", path, { synchronizationRules: after.json.synchronizationRules })).status).toBe(204);
    expect((await graph("GET", path)).json.directories).toBeUndefined();
    expect((await graph("PATCH", path, {})).status).toBe(404);
  });

  test.each([
    ["a malformed expression", { type: "Function", name: "Join", expression: 'Join(" ", [department]' }, /expression: column 5: unclosed "\(" of Join; expected "\)"/],
    ["an unknown function in the expression", { type: "Function", name: "Join", expression: 'Frobnicate([mail])' }, /expression: column 1: unknown function "Frobnicate"/],
    ["an unknown function name", { type: "Function", name: "Frobnicate", expression: null }, /\.name: unknown function 'Frobnicate'/],
  ])("PUT with %s is a 400 in Graph's error shape naming the place", async (_what, source, message) => {
    const doc = (await graph("GET", path)).json;
    doc.synchronizationRules[0].objectMappings[0].attributeMappings[0].source = source;
    const r = await graph("PUT", path, doc);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("BadRequest");
    expect(r.json.error.message).toMatch(/^Invalid synchronization schema: synchronizationRules\[0\]\.objectMappings\[0\]\.attributeMappings\[0\]\.source/);
    expect(r.json.error.message).toMatch(message);
    expect(r.json.error.innerError["request-id"]).toEqual(expect.any(String));
  });

  test("PUT with an unknown scoping operator, an unknown rule id, or no rules is refused", async () => {
    const doc = (await graph("GET", path)).json;
    const bad = structuredClone(doc);
    bad.synchronizationRules[0].objectMappings[0].scope = { groups: [{ name: "x", clauses: [{ operatorName: "LIKE", sourceOperandName: "mail", targetOperand: { values: ["a"] } }] }] };
    expect((await graph("PUT", path, bad)).json.error.message).toMatch(/operatorName: 'LIKE' is not a scoping operator/);
    const rule = structuredClone(doc);
    rule.synchronizationRules[0].id = "invented";
    expect((await graph("PUT", path, rule)).json.error.message).toMatch(/\.id: 'invented' is not a rule of this job's template/);
    expect((await graph("PUT", path, { directories: [] })).status).toBe(400);
    expect((await graph("PUT", path, "not json")).status).toBe(400);
  });

  test("DELETE resets the schema to the template's", async () => {
    expect((await graph("DELETE", path)).status).toBe(204);
    const template = (await graph("GET", `${base}/templates/iProva/schema`)).json;
    expect((await graph("GET", path)).json.synchronizationRules).toEqual(template.synchronizationRules);
  });
});

test("validateCredentials and provisionOnDemand refuse with 501 while no provisioning engine is present", async () => {
  const job = await newJob();
  const v = await graph("POST", `${base}/jobs/${job.id}/validateCredentials`, { useSavedCredentials: true, templateId: "iProva", credentials: [] });
  expect(v.status).toBe(501);
  expect(v.json.error.code).toBe("NotImplemented");
  const user = await graph("POST", "/v1.0/users", { accountEnabled: true, displayName: "d", mailNickname: "d", userPrincipalName: "d@contoso.com", passwordProfile: { password: "x" } });
  const od = await graph("POST", `${base}/jobs/${job.id}/provisionOnDemand`, { parameters: [{ ruleId: "AD2SCIM", subjects: [{ objectId: user.json.id, objectTypeName: "User" }] }] });
  expect(od.status).toBe(501);
  const badRule = await graph("POST", `${base}/jobs/${job.id}/provisionOnDemand`, { parameters: [{ ruleId: "nope", subjects: [{ objectId: user.json.id, objectTypeName: "User" }] }] });
  expect(badRule.status).toBe(400);
  await expect(sandbox.cycle()).rejects.toThrow(/no provisioning engine/);
});

test("provisioning logs are a Graph collection", async () => {
  const r = await graph("GET", "/v1.0/auditLogs/provisioning");
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ "@odata.context": `${sandbox.url}/v1.0/$metadata#auditLogs/provisioning`, value: [] });
});
