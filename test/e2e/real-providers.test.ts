/**
 * End to end through the REAL azuread and msgraph providers against the local Entra ID: the
 * stack of test/fixtures/e2e-tenant-app.ts (the four seeded gallery apps and a generic app with
 * mappings, a scoping filter and on-demand users; SmartFile with provisioning off) is deployed
 * once with `cdktf deploy`, and every later step works on that deploy, in order: what Graph holds,
 * a provisioning cycle, a second plan, `npm run drift` on an untouched then a portal-edited tenant,
 * a change in code through `npm run review -- --base` and a plan, an app made in the portal taken
 * over with `npm run import` and a deploy, and `cdktf destroy`. The azuread provider waits about
 * 20 s per consistency check, so deploys are few and shared.
 *
 * Everything is judged by what the sandbox holds (plain Graph GETs), by terraform's own plan and
 * by the CLIs' exit codes and words; a failing command fails the test with the provider's own
 * error. Tokens are sentinels that must appear in no output.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { graphClient, ROOT, seedDirectory, tokenEnv, type Graph } from "../../cli/local-tenant";
import { loadManifests } from "../../cli/manifests";
import type { Manifest } from "../../manifest/schema";
import type { Sandbox } from "../../sandbox";
import { SEEDED_TENANT_URLS } from "../../sandbox/scim-apps";
import { NON_GALLERY_TEMPLATE_ID } from "../../constructs";
import { HR_PORTAL_URL, STACK } from "../fixtures/e2e-tenant-app";
import { testSandbox } from "../sandbox/support";
import { describeWithDeployableProviders, providersEnv } from "./support/deployable";
import { plannedChanges, succeeded } from "./support/plan";
import { appNamed, applicationsNamed, changeNotificationEmail, editMappingSource, objectMapping, pauseJob, servicePrincipalsNamed, setUpPortalApp } from "./support/portal";
import { CdktfProject, npmRun, stackDir, type Run } from "./support/project";

// A deploy or destroy through the real providers takes a minute or two here (2 cores); one step
// is never more than one of them plus a plan.
jest.setTimeout(300_000);

const APP = join(ROOT, "test", "fixtures", "e2e-tenant-app.ts");
const IMPORTED_STACK = "e2e-imported";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** A token every connector's shape accepts (SmartFile's is ProductKey:ProductPassword), unique to this run. */
const sentinel = (app: string) => `e2e-sentinel-${app}-${randomBytes(6).toString("hex")}:${randomBytes(9).toString("hex")}`;

/** What the fixture declares, app by app, written out here so Graph is held to the declarations, not to our synth. */
const DECLARED: Record<string, { displayName: string; tenantUrl: string; state: "Active" | "Paused"; threshold: number; assigned: Array<["user" | "group", string]> }> = {
  ipass: { displayName: "iPass SmartConnect", tenantUrl: SEEDED_TENANT_URLS.ipass, state: "Active", threshold: 50, assigned: [["user", "pilot.user@contoso.com"]] },
  iprova: { displayName: "iProva", tenantUrl: SEEDED_TENANT_URLS.iprova, state: "Active", threshold: 500, assigned: [["group", "iProva Users"], ["user", "pilot.user@contoso.com"]] },
  airstack: { displayName: "Airstack", tenantUrl: SEEDED_TENANT_URLS.airstack, state: "Active", threshold: 500, assigned: [["group", "Airstack Users"]] },
  // provisioning: "off": the deploy pauses the job instead of starting it.
  smartfile: { displayName: "SmartFile", tenantUrl: SEEDED_TENANT_URLS.smartfile, state: "Paused", threshold: 500, assigned: [["group", "SmartFile Users"]] },
  "hr-portal": { displayName: "HR Portal", tenantUrl: HR_PORTAL_URL, state: "Active", threshold: 500, assigned: [["group", "HR Portal Users"], ["user", "pilot.user@contoso.com"]] },
};

/** The app made in the portal and then imported: a non-gallery SCIM app with one edited mapping. */
const PORTAL = {
  templateId: NON_GALLERY_TEMPLATE_ID,
  displayName: "Payroll (portal)",
  tenantUrl: "https://scim.payroll.example/scim/v2",
  token: sentinel("payroll"),
  assignee: "pilot.user@contoso.com",
  mapping: { target: "title", attribute: "department" },
};

const byTarget = (mappings: any[]) => [...mappings].sort((a, b) => a.targetAttributeName.localeCompare(b.targetAttributeName));

describeWithDeployableProviders("end to end with the real providers: deploy, second plan, drift, review, import, destroy", () => {
  let project: CdktfProject;
  let sandbox: Sandbox;
  let logs: string[];
  let stateDir: string;
  let graph: Graph;
  let manifest: Manifest;
  let tokens: Map<string, string>;
  let env: NodeJS.ProcessEnv;
  /** Every line cdktf, terraform and the CLIs printed: no token may be among them. */
  const transcript: string[] = [];
  const record = (run: Run): Run => {
    transcript.push(run.stdout, run.stderr);
    return run;
  };
  const terraformOf = (id: string) => manifest.apps.find((a) => a.id === id)!.terraform;
  const drift = async () => record(await npmRun("drift", ["--out", project.outdir, "--stack", STACK], env));

  beforeAll(async () => {
    const tenantId = randomUUID();
    project = new CdktfProject(APP);
    // CHECKPOINT_DISABLE: cdktf and terraform do not call home; npm does not look for updates
    // (the sandbox's proxy would refuse both, and nothing may leave the machine).
    const base = { ...process.env, ...providersEnv, E2E_TENANT_ID: tenantId, CHECKPOINT_DISABLE: "1", NPM_CONFIG_UPDATE_NOTIFIER: "false" };
    // The manifest names the tenant URLs the sandbox's local SCIM apps must answer.
    await project.synth(project.outdir, base);
    [manifest] = loadManifests({ outDir: project.outdir, stack: STACK });
    tokens = new Map(manifest.apps.map((a) => [a.id, sentinel(a.id)] as const));
    const scimApps = [...manifest.apps.map((a) => ({ name: a.id, tenantUrl: a.tenantUrl, token: tokens.get(a.id)! })), { name: "payroll", tenantUrl: PORTAL.tenantUrl, token: PORTAL.token }];
    ({ sandbox, logs, stateDir } = await testSandbox({ engine: undefined, tenantId, scimApps }));
    graph = await graphClient(sandbox.env(), sandbox.caCertFile);
    await seedDirectory(graph, manifest);
    env = { ...base, ...sandbox.env(), ...tokenEnv(manifest, tokens) };
    sandbox.resetStats();
    succeeded(record(await project.cdktf(["deploy", STACK, "--auto-approve", "--skip-provider-lock"], env)), `cdktf deploy ${STACK}`);
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
    for (const dir of [project?.dir, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("cdktf deploy succeeds, and the sandbox holds what was declared: schema merged by name over the template, secret keys, job states, assignments", async () => {
    for (const [id, declared] of Object.entries(DECLARED)) {
      const { sp, job, jobPath } = await appNamed(graph, declared.displayName);
      expect({ app: id, state: job.schedule.state }).toEqual({ app: id, state: declared.state });

      // GET masks the token; every key the deploy writes is there, the settings as declared.
      const secrets: Array<{ key: string; value: string }> = (await graph("GET", `/servicePrincipals/${sp.id}/synchronization/secrets`)).value;
      const value = (key: string) => secrets.find((s) => s.key === key)?.value;
      expect({ app: id, keys: secrets.map((s) => s.key).sort() }).toEqual({ app: id, keys: ["BaseAddress", "SecretToken", "SyncAll", "SyncNotificationSettings"] });
      expect({ app: id, BaseAddress: value("BaseAddress"), SyncAll: value("SyncAll"), notifications: JSON.parse(value("SyncNotificationSettings")!) }).toEqual({
        app: id,
        BaseAddress: declared.tenantUrl,
        SyncAll: "false",
        notifications: { Enabled: true, Recipients: "idm-team@contoso.com", DeleteThresholdEnabled: true, DeleteThresholdValue: declared.threshold },
      });

      // Each declared user or group holds the app's User role, and nobody else is assigned.
      const userRole = sp.appRoles.find((r: any) => r.displayName === "User").id;
      const principals = await Promise.all(
        declared.assigned.map(async ([kind, name]) => {
          const query = kind === "user" ? `userPrincipalName eq '${name}'` : `displayName eq '${name}'`;
          return (await graph("GET", `/${kind}s?$filter=${encodeURIComponent(query)}`)).value[0].id as string;
        }),
      );
      const assigned = (await graph("GET", `/servicePrincipals/${sp.id}/appRoleAssignedTo`)).value.map((a: any) => ({ principalId: a.principalId, appRoleId: a.appRoleId }));
      expect({ app: id, assigned: assigned.sort((a: any, b: any) => a.principalId.localeCompare(b.principalId)) }).toEqual({
        app: id,
        assigned: principals.map((principalId) => ({ principalId, appRoleId: userRole })).sort((a, b) => a.principalId.localeCompare(b.principalId)),
      });

      // An app that declares no mapping or filter keeps its template's schema untouched.
      if (id === "airstack") {
        const [template] = (await graph("GET", `/servicePrincipals/${sp.id}/synchronization/templates`)).value;
        const templateSchema = await graph("GET", `/servicePrincipals/${sp.id}/synchronization/templates/${template.id}/schema`);
        expect((await graph("GET", `${jobPath}/schema`)).synchronizationRules).toEqual(templateSchema.synchronizationRules);
      }
    }

    // The generic app: the declared mappings merged by name over the template's.
    const { sp, jobPath } = await appNamed(graph, "HR Portal");
    const [template] = (await graph("GET", `/servicePrincipals/${sp.id}/synchronization/templates`)).value;
    const templateSchema = await graph("GET", `/servicePrincipals/${sp.id}/synchronization/templates/${template.id}/schema`);
    const schema = await graph("GET", `${jobPath}/schema`);
    const users = objectMapping(schema, "User");
    const mapping = (target: string) => users.attributeMappings.find((m: any) => m.targetAttributeName === target);
    // Only the source was declared: the template's matching precedence 1 stays.
    expect({ expression: mapping("userName").source.expression, matchingPriority: mapping("userName").matchingPriority }).toEqual({ expression: "ToLower([userPrincipalName], )", matchingPriority: 1 });
    expect({ expression: mapping("title").source.expression, defaultValue: mapping("title").defaultValue, matchingPriority: mapping("title").matchingPriority }).toEqual({ expression: "[jobTitle]", defaultValue: "Staff", matchingPriority: 0 });
    expect(mapping(`${ENTERPRISE}:costCenter`)).toMatchObject({ source: { expression: "[employeeType]" }, matchingPriority: 0, flowType: "Always" });
    // Every template mapping nobody declared is kept exactly, and nothing else was added.
    const declaredTargets = ["userName", "title", `${ENTERPRISE}:costCenter`];
    const templateUsers = objectMapping(templateSchema, "User");
    expect(byTarget(users.attributeMappings.filter((m: any) => !declaredTargets.includes(m.targetAttributeName)))).toEqual(
      byTarget(templateUsers.attributeMappings.filter((m: any) => !declaredTargets.includes(m.targetAttributeName))),
    );
    expect(users.attributeMappings).toHaveLength(templateUsers.attributeMappings.length + 1);
    expect(users.scope.groups).toEqual([
      expect.objectContaining({ name: "Sales only", clauses: [expect.objectContaining({ sourceOperandName: "department", operatorName: "EQUALS", targetOperand: { values: ["Sales"] } })] }),
    ]);
    // Groups declared nothing: their object mapping is the template's.
    const groups = objectMapping(schema, "Group");
    expect({ ...groups, attributeMappings: byTarget(groups.attributeMappings) }).toEqual({ ...objectMapping(templateSchema, "Group"), attributeMappings: byTarget(objectMapping(templateSchema, "Group").attributeMappings) });

    // On-demand provisioning ran once for each app that declares it (iPass SmartConnect and HR Portal).
    expect(sandbox.stats().requests["POST /v1.0/servicePrincipals/{id}/synchronization/jobs/{jobId}/provisionOnDemand"]).toBe(2);
    // Nothing tried to leave the machine: the proxy refused no tunnel.
    expect(logs.filter((l) => l.startsWith("proxy refused"))).toEqual([]);
  });

  test("a provisioning cycle sends the assigned, in-scope users, as mapped, to the local SCIM apps; provisioning off sends nothing", async () => {
    await sandbox.cycle();
    const held = (name: string) => sandbox.scimApps.find((a) => a.name === name)!.snapshot();
    // HR Portal: only Sales is in scope, so the pilot user (Sales), not the group's members (Operations).
    // (title is not compared: its declared default is written on creation, here by the on-demand
    // request, and whether a later update clears it again is the sandbox's UNCONFIRMED choice.)
    const hr = held("hr-portal");
    expect(hr.users.map((u: any) => ({ userName: u.userName, costCenter: u[ENTERPRISE]?.costCenter }))).toEqual([
      // userName from the declared expression; costCenter from the declared new mapping.
      { userName: "pilot.user@contoso.com", costCenter: "Employee" },
    ]);
    // Airstack: the assigned group's two members, with the template's mappings.
    expect(held("airstack").users.map((u: any) => u.userName).sort()).toEqual(["airstackusers.member1@contoso.com", "airstackusers.member2@contoso.com"]);
    // SmartFile is declared with provisioning off: its job is paused and sends nothing.
    expect(held("smartfile")).toEqual({ users: [], groups: [] });
  });

  test("a second plan shows no changes", async () => {
    // terraform plan in the stack cdktf deployed (same state, same environment), judged by its resource changes.
    const plan = await plannedChanges(stackDir(project.outdir, STACK), env);
    transcript.push(plan.output);
    expect(plan.changes).toEqual([]);
  });

  test("a failing cdktf deploy fails with the provider's own error, and changes nothing", async () => {
    // Another project folder: its own (empty) state, so nothing of the shared deploy is touched.
    const other = new CdktfProject(APP);
    try {
      const run = record(await other.cdktf(["deploy", STACK, "--auto-approve", "--skip-provider-lock"], { ...env, E2E_VARIANT: "unknown-group" }));
      expect(() => succeeded(run, "cdktf deploy")).toThrow('cdktf deploy failed (exit 1):\nError: No group found with display name: "A Group Nobody Made"\n');
    } finally {
      rmSync(other.dir, { recursive: true, force: true });
    }
    expect(await applicationsNamed(graph, "HR Portal")).toHaveLength(1);
  });

  test("npm run drift exits 0 on an untouched tenant", async () => {
    const r = await drift();
    expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({ code: 0, out: `${STACK}: no drift\n`, err: "" });
  });

  test("a change in code: npm run review -- --base names it, and the plan changes exactly that", async () => {
    const changed = join(project.dir, "changed.out");
    await project.synth(changed, { ...env, E2E_VARIANT: "changed" });
    const review = record(await npmRun("review", ["--out", changed, "--base", project.outdir], env));
    expect({ code: review.code, err: review.stderr }).toEqual({ code: 0, err: "" });
    // One app changed, one mapping, in the reviewer's words.
    expect(review.stdout.match(/^## .*$/gm)).toEqual(["## e2e-tenant/hr-portal: HR Portal (changed)"]);
    expect(review.stdout.match(/^- .*$/gm)).toEqual([
      "- User mapping `title` changed: `[jobTitle]`, default `Staff`; keeps the app's matching precedence and apply mode → `[department]`, default `Staff`; keeps the app's matching precedence and apply mode",
    ]);

    // The plan of the changed code over the deployed state: the schema write, and Entra's Test
    // Connection, which re-runs whenever the secret or the schema changes (replace_triggered_by).
    const plan = await plannedChanges(stackDir(changed, STACK), env);
    transcript.push(plan.output);
    const hr = terraformOf("hr-portal");
    expect(plan.changes.map((c) => ({ address: c.address, actions: c.actions })).sort((a, b) => a.address.localeCompare(b.address))).toEqual(
      [
        { address: hr.schema, actions: ["update"] },
        { address: hr.validateCredentials, actions: ["delete", "create"] },
      ].sort((a, b) => a.address.localeCompare(b.address)),
    );
    // In the schema write, the one attribute mapping that changes is title's source.
    const write = plan.changes.find((c) => c.address === hr.schema)!;
    const usersOf = (values: any) => byTarget(objectMapping(values.body, "User").attributeMappings);
    const [before, after] = [usersOf(write.before), usersOf(write.after)];
    const differing = after.filter((m: any, i: number) => JSON.stringify(m) !== JSON.stringify(before[i]));
    expect(differing.map((m: any) => ({ target: m.targetAttributeName, source: m.source.expression }))).toEqual([{ target: "title", source: "[department]" }]);
  });

  test("changes made as in the portal (a mapping edited, a job paused, the notification email changed) make npm run drift exit 2 naming each", async () => {
    const hr = await appNamed(graph, "HR Portal");
    await editMappingSource(graph, hr.jobPath, "title", "department");
    await pauseJob(graph, (await appNamed(graph, "Airstack")).jobPath);
    await changeNotificationEmail(graph, (await appNamed(graph, "iProva")).sp.id, tokens.get("iprova")!, "someone-else@contoso.com");

    const r = await drift();
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 2, err: "" });
    expect(r.stdout.split("\n")).toEqual([
      `${STACK}: 3 change(s) outside code`,
      "- iProva: notification email changed outside code: idm-team@contoso.com → someone-else@contoso.com",
      "- Airstack: job paused outside code (declared provisioning: on)",
      '- HR Portal: user mapping title changed outside code: [jobTitle], default "Staff" → [department], default "Staff"',
      "",
    ]);
  });

  test("an app set up as in the portal, npm run import against the sandbox, then cdktf deploy: the app is adopted, not created a second time, and the next plan is empty", async () => {
    const portal = await setUpPortalApp(graph, PORTAL);
    const file = join(project.dir, "imported.ts");
    const imported = record(await npmRun("import", ["--tenant", sandbox.tenantId, "--app", PORTAL.displayName, "--stack", IMPORTED_STACK, "--tenant-url", PORTAL.tenantUrl, "--out", file], env));
    expect({ code: imported.code, summary: imported.stderr.split("\n")[0] }).toEqual({
      code: 0,
      summary: `import: wrote ${file}: "payroll-portal" (genericScim), 1 mapping change, 0 scoping filter changes, 1 assignment, adopts the existing app`,
    });
    const code = readFileSync(file, "utf8");
    for (const id of [portal.applicationId, portal.servicePrincipalId, portal.jobId]) expect(code).toContain(JSON.stringify(id));

    // The generated stack class added to the app as it was written; its token variable is read from its manifest.
    env = { ...env, E2E_IMPORTED: file };
    await project.synth(project.outdir, env);
    const [importedManifest] = loadManifests({ outDir: project.outdir, stack: IMPORTED_STACK });
    env = { ...env, ...tokenEnv(importedManifest, new Map([[importedManifest.apps[0].id, PORTAL.token]])) };
    const deploy = record(await project.cdktf(["deploy", IMPORTED_STACK, "--auto-approve", "--skip-provider-lock"], env));
    succeeded(deploy, `cdktf deploy ${IMPORTED_STACK}`);
    // terraform's own count: the application, the job and the role assignment were imported.
    expect(deploy.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "")).toMatch(/Apply complete! Resources: 3 imported, \d+ added, 0 changed, 0 destroyed\./);

    expect((await servicePrincipalsNamed(graph, PORTAL.displayName)).map((s) => s.id)).toEqual([portal.servicePrincipalId]);
    expect((await applicationsNamed(graph, PORTAL.displayName)).map((a) => a.id)).toEqual([portal.applicationId]);
    const { job, jobPath } = await appNamed(graph, PORTAL.displayName);
    expect({ id: job.id, state: job.schedule.state }).toEqual({ id: portal.jobId, state: "Active" });
    // The portal's mapping edit was imported as a declaration, so the deploy kept it.
    const title = objectMapping(await graph("GET", `${jobPath}/schema`), "User").attributeMappings.find((m: any) => m.targetAttributeName === "title");
    expect(title.source.expression).toBe("[department]");

    const plan = await plannedChanges(stackDir(project.outdir, IMPORTED_STACK), env);
    transcript.push(plan.output);
    expect(plan.changes).toEqual([]);
  });

  test("cdktf destroy leaves nothing of ours in the sandbox", async () => {
    const stacks = env.E2E_IMPORTED && existsSync(env.E2E_IMPORTED) ? [STACK, IMPORTED_STACK] : [STACK];
    succeeded(record(await project.cdktf(["destroy", ...stacks, "--auto-approve"], env)), `cdktf destroy ${stacks.join(" ")}`);
    // Deleting an application takes its service principal, jobs, secrets and role assignments with
    // it: what is left is the sandbox's own sign-in app, and the directory an admin made.
    const operator = (list: any[]) => list.filter((x) => x.appId !== sandbox.clientId);
    expect(operator((await graph("GET", "/applications")).value)).toEqual([]);
    expect(operator((await graph("GET", "/servicePrincipals")).value)).toEqual([]);
  });

  test("no token appears in the sandbox's log, the cdktf and terraform output, or what drift, review and import printed", () => {
    const all = [...tokens.values(), PORTAL.token];
    expect(transcript.length).toBeGreaterThan(0);
    for (const token of all) {
      expect(transcript.filter((t) => t.includes(token))).toEqual([]);
      expect(logs.filter((l) => l.includes(token))).toEqual([]);
    }
  });
});
