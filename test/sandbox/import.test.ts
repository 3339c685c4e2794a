/**
 * `npm run import` against the sandbox, unchanged: the child process gets only the sandbox's env
 * lines (AZURE_* for @azure/identity, HTTPS_PROXY for the tunnel to graph.microsoft.com and
 * login.microsoftonline.com, NODE_EXTRA_CA_CERTS for the sandbox CA), signs in through the proxy,
 * reads the app through Graph and writes code that adopts it. The secret appears in no output.
 */
import { join } from "node:path";
import type { Sandbox } from "../../sandbox";
import { graphCaller, instantiate, ROOT, runNode, TEMPLATES, testSandbox } from "./support";

let sandbox: Sandbox;
let logs: string[];

beforeAll(async () => {
  ({ sandbox, logs } = await testSandbox());
});
afterAll(async () => {
  await sandbox.close();
});

test("npm run import reads a portal-made app from the sandbox through the proxy and adopts it", async () => {
  const graph = await graphCaller(sandbox);
  const { application, servicePrincipal } = await instantiate(graph, TEMPLATES.iProva, "iProva (portal)");
  const sp = servicePrincipal.id;
  const job = (await graph("POST", `/v1.0/servicePrincipals/${sp}/synchronization/jobs`, { templateId: "iProva" })).json;
  const schemaPath = `/v1.0/servicePrincipals/${sp}/synchronization/jobs/${job.id}/schema`;
  const schema = (await graph("GET", schemaPath)).json;
  const users = schema.synchronizationRules[0].objectMappings[0];
  users.attributeMappings = users.attributeMappings.filter((m: any) => m.targetAttributeName !== "title");
  expect((await graph("PUT", schemaPath, schema)).status).toBe(204);
  const pilot = (await graph("POST", "/v1.0/users", { accountEnabled: true, displayName: "Pilot", mailNickname: "pilot", userPrincipalName: "pilot@contoso.com", passwordProfile: { password: "x-1" } })).json;
  const role = servicePrincipal.appRoles.find((r: any) => r.displayName === "User").id;
  expect((await graph("POST", `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: role, principalId: pilot.id, resourceId: sp })).status).toBe(201);
  expect((await graph("POST", `/v1.0/servicePrincipals/${sp}/synchronization/jobs/${job.id}/start`)).status).toBe(204);
  sandbox.resetStats();

  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...sandbox.env() };
  // Asynchronous: the sandbox answers from this process.
  const run = await runNode([join(ROOT, "cli", "import.ts"), "--tenant", sandbox.tenantId, "--app", "iProva (portal)", "--out", "-"], env);
  expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
  expect(run.stdout).toContain("ScimProvisionedApp");
  expect(run.stdout).toContain(sp);
  expect(run.stdout).toContain(application.id);
  expect(run.stdout).toContain(job.id);
  expect(run.stdout).toMatch(/removed|title/);
  for (const out of [run.stdout, run.stderr, logs.join("\n")]) expect(out).not.toContain(sandbox.clientSecret);

  // It went through the proxy to graph.microsoft.com and login.microsoftonline.com.
  const requests = sandbox.stats().requests;
  expect(requests["POST /{tenant}/oauth2/v2.0/token"]).toBeGreaterThanOrEqual(1);
  expect(requests["GET /v1.0/servicePrincipals"]).toBe(1);
  expect(requests["GET /v1.0/servicePrincipals/{id}/synchronization/jobs/{jobId}/schema"]).toBe(1);
  expect(requests["GET /v1.0/servicePrincipals/{id}/synchronization/templates/{templateId}/schema"]).toBe(1);
}, 180_000);
