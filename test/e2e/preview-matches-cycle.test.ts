/**
 * What `npm run preview` predicts is what Entra's provisioning cycle writes into the app.
 *
 * An app is set up in the local Entra sandbox the way a deploy sets it up: the non-gallery SCIM
 * template instantiated, users assigned, tenant URL and token saved, and the job schema written as
 * the msgraph provider writes it (our synthesized merge expression evaluated by terraform over the
 * job's live schema, then the provider's own GET-merge-PUT). The job is started, one cycle runs
 * against a local SCIM app (scimmy), and every user's scope and attributes are compared with
 * `npm run preview --json` over the same users, manifest and template. Needs terraform (no
 * providers): the merge is terraform's.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Connectors, EntraTenantStack, ScimProvisionedApp } from "../../constructs";
import { main as preview } from "../../cli/preview";
import type { Sandbox } from "../../sandbox";
import { runCli } from "../support/cli";
import { mergeObject } from "../support/msgraph-merge";
import { describeWithTerraform, SchemaEvaluator } from "../support/terraform-eval";
import { graphCaller, instantiate, TEMPLATES, testSandbox } from "../sandbox/support";

const TENANT_URL = "https://scim.hr-app.example/scim/v2";
const TOKEN = "sentinel-token-e2e-7f3a";

const PEOPLE = [
  { upn: "Ada.Lovelace@contoso.com", givenName: "Ada", surname: "Lovelace", department: "Sales", jobTitle: "Engineer", assigned: true },
  { upn: "alan.turing@contoso.com", givenName: "Alan", surname: "Turing", department: "Sales", jobTitle: null, assigned: true },
  { upn: "grace.hopper@contoso.com", givenName: "Grace", surname: "Hopper", department: "Research", jobTitle: "Admiral", assigned: true },
  { upn: "edsger.dijkstra@contoso.com", givenName: "Edsger", surname: "Dijkstra", department: "Sales", jobTitle: "Professor", assigned: false },
];

/** The stack a team would write for this app; synthesized into `outdir`. */
function synthStack(outdir: string, tenantId: string): any {
  const app = new App({ outdir });
  const stack = new EntraTenantStack(app, "hr-tenant", { tenantId });
  new ScimProvisionedApp(stack, "hr", {
    connector: Connectors.genericScim({ objects: ["users"] }),
    tenantUrl: TENANT_URL,
    assignments: PEOPLE.filter((p) => p.assigned).map((p) => ({ user: p.upn, role: "User" })),
    userMappings: [
      // The most common customisation: userName rewritten; it stays the matching attribute.
      { target: "userName", source: 'ToLower([userPrincipalName], )' },
      { target: "title", source: "[jobTitle]", defaultValue: "Staff" },
      { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
    ],
    userScope: [{ name: "Sales only", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
  });
  app.synth();
  return JSON.parse(require("node:fs").readFileSync(join(outdir, "stacks", "hr-tenant", "cdk.tf.json"), "utf8"));
}

describeWithTerraform("preview predicts what a provisioning cycle writes into the app", () => {
  let sandbox: Sandbox;
  let dir: string;

  beforeAll(async () => {
    ({ sandbox } = await testSandbox({ engine: undefined, scimApps: [{ name: "hr", tenantUrl: TENANT_URL, token: TOKEN }] }));
    dir = mkdtempSync(join(tmpdir(), "e2e-preview-"));
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  test("every user: in scope exactly when the app holds them, with the attributes preview printed", async () => {
    const graph = await graphCaller(sandbox);
    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await graph(method, path, body);
      if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
      return r.json;
    };
    // The directory, as an admin made it.
    const ids = new Map<string, string>();
    for (const p of PEOPLE) {
      const user = await ok("POST", "/v1.0/users", {
        accountEnabled: true, displayName: `${p.givenName} ${p.surname}`, givenName: p.givenName, surname: p.surname, department: p.department,
        ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}), mailNickname: p.givenName.toLowerCase(), userPrincipalName: p.upn, passwordProfile: { password: "Xy12345678!!" },
      });
      ids.set(p.upn, user.id);
    }
    // What a deploy does, request by request.
    const { servicePrincipal: sp } = await instantiate(graph, TEMPLATES.nonGallery, "HR app");
    const userRole = sp.appRoles.find((r: any) => r.value === "User" || r.displayName === "User");
    for (const p of PEOPLE.filter((x) => x.assigned)) {
      await ok("POST", `/v1.0/servicePrincipals/${sp.id}/appRoleAssignedTo`, { principalId: ids.get(p.upn), resourceId: sp.id, appRoleId: userRole.id });
    }
    const templates = await ok("GET", `/v1.0/servicePrincipals/${sp.id}/synchronization/templates`);
    const templateId = templates.value[0].id;
    const job = await ok("POST", `/v1.0/servicePrincipals/${sp.id}/synchronization/jobs`, { templateId });
    await ok("PUT", `/v1.0/servicePrincipals/${sp.id}/synchronization/secrets`, { value: [{ key: "BaseAddress", value: TENANT_URL }, { key: "SecretToken", value: TOKEN }] });
    const schemaUrl = `/v1.0/servicePrincipals/${sp.id}/synchronization/jobs/${job.id}/schema`;
    const live = await ok("GET", schemaUrl);
    const template = await ok("GET", `/v1.0/servicePrincipals/${sp.id}/synchronization/templates/${templateId}/schema`);

    const out = join(dir, "out");
    const stackJson = synthStack(out, sandbox.tenantId);
    const merged = new SchemaEvaluator().evaluate(stackJson, "hr", live.synchronizationRules, template.synchronizationRules);
    expect(merged.problems).toEqual([]);
    // msgraph_update_resource with update_method PUT: GET, MergeObject(existing, body), PUT.
    const { "@odata.context": _context, ...existing } = live;
    await ok("PUT", schemaUrl, mergeObject(existing, { synchronizationRules: merged.rules }));
    await ok("POST", `/v1.0/servicePrincipals/${sp.id}/synchronization/jobs/${job.id}/start`);
    await sandbox.cycle();

    // The prediction, from the same users as Graph lists them and the template's schema.
    const users = await ok("GET", "/v1.0/users");
    const usersFile = join(dir, "users.json");
    writeFileSync(usersFile, JSON.stringify(users));
    const templateFile = join(dir, "template.json");
    writeFileSync(templateFile, JSON.stringify(template));
    const r = runCli((argv, io) => preview(argv, io), ["--out", out, "--app", "hr", "--users", usersFile, "--template", templateFile, "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const predicted = JSON.parse(r.out).users as Array<{ userPrincipalName: string; inScope: boolean; attributes: Record<string, unknown> }>;

    const held = sandbox.scimApps[0].snapshot().users as any[];
    const inScope = predicted.filter((u) => u.inScope).map((u) => u.userPrincipalName).sort();
    // Sales and assigned: Ada and Alan. Grace is assigned but in Research; Edsger is not assigned.
    expect(inScope).toEqual(["Ada.Lovelace@contoso.com", "alan.turing@contoso.com"]);
    expect(held.map((u) => u.userName).sort()).toEqual(inScope.map((upn) => upn.toLowerCase()));
    for (const u of predicted.filter((x) => x.inScope)) {
      const record = held.find((h) => h.userName === u.attributes.userName);
      expect({ upn: u.userPrincipalName, userName: record?.userName, title: record?.title, displayName: record?.displayName, active: record?.active }).toEqual({
        upn: u.userPrincipalName,
        userName: u.attributes.userName,
        title: u.attributes.title,
        displayName: u.attributes.displayName,
        active: u.attributes.active,
      });
    }
    // Alan has no job title: the declared default is what both say.
    expect(held.find((h) => h.userName === "alan.turing@contoso.com")?.title).toBe("Staff");
    // The token reached the app only in its Authorization header.
    expect(JSON.stringify(await ok("GET", "/v1.0/auditLogs/provisioning"))).not.toContain(TOKEN);
  }, 180_000);
});
