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
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Connectors, EntraTenantStack, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { main as preview } from "../../cli/preview";
import { runCli } from "../support/cli";
import { mergeObject } from "../support/msgraph-merge";
import { describeWithTerraform, SchemaEvaluator } from "../support/terraform-eval";
import { graphCaller, instantiate, TEMPLATES, testSandbox } from "../sandbox/support";

const TOKEN = "sentinel-token-e2e-7f3a:b9";

const PEOPLE = [
  { upn: "Ada.Lovelace@contoso.com", givenName: "Ada", surname: "Lovelace", department: "Sales", jobTitle: "Engineer", assigned: true },
  { upn: "alan.turing@contoso.com", givenName: "Alan", surname: "Turing", department: "Sales", jobTitle: null, assigned: true },
  { upn: "grace.hopper@contoso.com", givenName: "Grace", surname: "Hopper", department: "Research", jobTitle: "Admiral", assigned: true },
  // Assigned, but outside iPass SmartConnect's registered domains.
  { upn: "katherine.johnson@fabrikam.com", givenName: "Katherine", surname: "Johnson", department: "Sales", jobTitle: "Mathematician", assigned: true },
  { upn: "edsger.dijkstra@contoso.com", givenName: "Edsger", surname: "Dijkstra", department: "Sales", jobTitle: "Professor", assigned: false },
];

interface Case {
  readonly name: string;
  readonly templateId: string;
  readonly props: () => ScimProvisionedAppProps;
  /** Who the app must hold, by UPN: assigned, in scope. */
  readonly expected: readonly string[];
  /** What some users must look like in the app, whatever preview says. */
  readonly holds?: Readonly<Record<string, Record<string, unknown>>>;
}

const assigned = () => PEOPLE.filter((p) => p.assigned).map((p) => ({ user: p.upn, role: "User" }));

const CASES: readonly Case[] = [
  {
    name: "a generic SCIM app with mappings and a scoping filter",
    templateId: TEMPLATES.nonGallery,
    props: () => ({
      connector: Connectors.genericScim({ objects: ["users"] }),
      tenantUrl: "https://scim.hr-app.example/scim/v2",
      assignments: assigned(),
      userMappings: [
        // The most common customisation: userName rewritten; it stays the matching attribute.
        { target: "userName", source: "ToLower([userPrincipalName], )" },
        { target: "title", source: "[jobTitle]", defaultValue: "Staff" },
        { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
      ],
      userScope: [{ name: "Sales only", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
    }),
    expected: ["Ada.Lovelace@contoso.com", "alan.turing@contoso.com", "katherine.johnson@fabrikam.com"],
    // userName lower-cased by the declared expression; Alan has no job title, so the default.
    holds: { "ada.lovelace@contoso.com": { title: "Engineer", displayName: "Ada Lovelace", active: true }, "alan.turing@contoso.com": { title: "Staff" } },
  },
  {
    name: "iPass SmartConnect (users outside the registered domains are out of scope)",
    templateId: TEMPLATES.iPass,
    props: () => ({ connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }), assignments: assigned() }),
    expected: ["Ada.Lovelace@contoso.com", "alan.turing@contoso.com", "grace.hopper@contoso.com"],
  },
  {
    name: "iProva with a mapping",
    templateId: TEMPLATES.iProva,
    props: () => ({ connector: Connectors.iprova(), assignments: assigned(), userMappings: [{ target: "title", source: "[department]" }] }),
    expected: ["Ada.Lovelace@contoso.com", "alan.turing@contoso.com", "grace.hopper@contoso.com", "katherine.johnson@fabrikam.com"],
  },
  {
    name: "Airstack as the template maps it",
    templateId: "5b8a2c41-3f6e-4d0a-9c7b-1e2f3a4b5c03",
    props: () => ({ connector: Connectors.airstack(), assignments: assigned() }),
    expected: ["Ada.Lovelace@contoso.com", "alan.turing@contoso.com", "grace.hopper@contoso.com", "katherine.johnson@fabrikam.com"],
  },
  {
    name: "SmartFile as the template maps it",
    templateId: "5b8a2c41-3f6e-4d0a-9c7b-1e2f3a4b5c04",
    props: () => ({ connector: Connectors.smartFile({ siteName: "demo1test" }), assignments: assigned() }),
    expected: ["Ada.Lovelace@contoso.com", "alan.turing@contoso.com", "grace.hopper@contoso.com", "katherine.johnson@fabrikam.com"],
  },
];

/** Synthesizes the stack a team would write for the app into `outdir`; returns cdk.tf.json and the app's manifest. */
function synthStack(outdir: string, tenantId: string, props: ScimProvisionedAppProps): { stack: any; tenantUrl: string } {
  const app = new App({ outdir });
  const stack = new EntraTenantStack(app, "e2e-tenant", { tenantId });
  new ScimProvisionedApp(stack, "app", props);
  app.synth();
  const read = (file: string) => JSON.parse(readFileSync(join(outdir, "stacks", "e2e-tenant", file), "utf8"));
  return { stack: read("cdk.tf.json"), tenantUrl: read("provisioning.json").apps[0].tenantUrl };
}

/** A value at a dotted SCIM path (`name.givenName`), or undefined. */
function at(record: any, path: string): unknown {
  return path.split(".").reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), record);
}

const COMPARED = ["userName", "displayName", "active", "title", "externalId", "name.givenName", "name.familyName"];

describeWithTerraform("preview predicts what a provisioning cycle writes into the app", () => {
  test.each(CASES)("$name: every user in scope exactly when the app holds them, with the attributes preview printed", async ({ templateId, props, expected, holds }) => {
  const dir = mkdtempSync(join(tmpdir(), "e2e-preview-"));
  const out = join(dir, "out");
  // The tenant id is pinned in the stack's provider blocks; the sandbox's tenant takes it.
  const tenantId = "11111111-2222-4333-8444-555555555555";
  const { stack: stackJson, tenantUrl } = synthStack(out, tenantId, props());
  const { sandbox } = await testSandbox({ engine: undefined, tenantId, scimApps: [{ name: "app", tenantUrl, token: TOKEN }] });
  try {
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
    const { servicePrincipal: sp } = await instantiate(graph, templateId, "The app");
    const userRole = sp.appRoles.find((r: any) => r.value === "User" || r.displayName === "User");
    for (const p of PEOPLE.filter((x) => x.assigned)) {
      await ok("POST", `/v1.0/servicePrincipals/${sp.id}/appRoleAssignedTo`, { principalId: ids.get(p.upn), resourceId: sp.id, appRoleId: userRole.id });
    }
    const templates = await ok("GET", `/v1.0/servicePrincipals/${sp.id}/synchronization/templates`);
    const syncTemplateId = templates.value[0].id;
    const job = await ok("POST", `/v1.0/servicePrincipals/${sp.id}/synchronization/jobs`, { templateId: syncTemplateId });
    await ok("PUT", `/v1.0/servicePrincipals/${sp.id}/synchronization/secrets`, { value: [{ key: "BaseAddress", value: tenantUrl }, { key: "SecretToken", value: TOKEN }] });
    const schemaUrl = `/v1.0/servicePrincipals/${sp.id}/synchronization/jobs/${job.id}/schema`;
    const live = await ok("GET", schemaUrl);
    const template = await ok("GET", `/v1.0/servicePrincipals/${sp.id}/synchronization/templates/${syncTemplateId}/schema`);

    // The schema is written only when something is declared (a mapping, a filter, a connector's clause).
    if (Object.keys(stackJson.locals ?? {}).some((name) => name.startsWith("app_schema_rules_"))) {
      const merged = new SchemaEvaluator().evaluate(stackJson, "app", live.synchronizationRules, template.synchronizationRules);
      expect(merged.problems).toEqual([]);
      // msgraph_update_resource with update_method PUT: GET, MergeObject(existing, body), PUT.
      const { "@odata.context": _context, ...existing } = live;
      await ok("PUT", schemaUrl, mergeObject(existing, { synchronizationRules: merged.rules }));
    }
    await ok("POST", `/v1.0/servicePrincipals/${sp.id}/synchronization/jobs/${job.id}/start`);
    await sandbox.cycle();

    // The prediction, from the same users as Graph lists them and the template's schema.
    const users = await ok("GET", "/v1.0/users");
    const usersFile = join(dir, "users.json");
    writeFileSync(usersFile, JSON.stringify(users));
    const templateFile = join(dir, "template.json");
    writeFileSync(templateFile, JSON.stringify(template));
    const r = runCli((argv, io) => preview(argv, io), ["--out", out, "--app", "app", "--users", usersFile, "--template", templateFile, "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const predicted = JSON.parse(r.out).users as Array<{ userPrincipalName: string; inScope: boolean; attributes: Record<string, unknown> }>;

    const held = sandbox.scimApps[0].snapshot().users as any[];
    const inScope = predicted.filter((u) => u.inScope).map((u) => u.userPrincipalName).sort();
    expect(inScope).toEqual([...expected].sort());
    expect(held).toHaveLength(inScope.length);
    for (const u of predicted.filter((x) => x.inScope)) {
      const record = held.find((h) => h.userName === u.attributes.userName);
      const compared = COMPARED.filter((path) => u.attributes[path] !== undefined);
      expect(compared).toContain("userName");
      expect({ upn: u.userPrincipalName, ...Object.fromEntries(compared.map((path) => [path, at(record, path)])) }).toEqual({
        upn: u.userPrincipalName,
        ...Object.fromEntries(compared.map((path) => [path, u.attributes[path]])),
      });
    }
    for (const [userName, attributes] of Object.entries(holds ?? {})) {
      const record = held.find((h) => h.userName === userName);
      expect(Object.fromEntries(Object.keys(attributes).map((k) => [k, at(record, k)]))).toEqual(attributes);
    }
    // The token reached the app only in its Authorization header.
    expect(JSON.stringify(await ok("GET", "/v1.0/auditLogs/provisioning"))).not.toContain(TOKEN);
  } finally {
    await sandbox.close();
  }
  }, 180_000);
});
