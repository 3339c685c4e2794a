import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/drift";
import { parsePlan, refreshedResources } from "../../cli/drift/plan";
import { driftReport } from "../../cli/drift/report";
import { initHint } from "../../cli/drift/terraform";
import { readManifest } from "../../cli/manifests";
import type { Manifest } from "../../manifest/schema";
import { synthExample } from "../support/example";
import { testWithTerraform } from "../support/terraform";

const root = join(__dirname, "..", "..");
const plans = join(root, "test", "fixtures", "plans");
const fixture = (name: string) => join(plans, name);
/** The example tenant's manifest, committed beside the plans that name its resources. */
const MANIFEST_OUT = join(plans, "manifest");
const SENTINELS = [
  "SENTINEL-drift-token-old-41a7",
  "SENTINEL-drift-token-new-93be",
  "SENTINEL-drift-token-ipass-5c2e",
  "SENTINEL-drift-token-airstack-77d0",
  "SENTINELKEY:SENTINELPASS-drift",
  "SENTINEL-plan-token",
];

const manifest = (): Manifest => readManifest(join(MANIFEST_OUT, "stacks", "example-tenant", "provisioning.json"));
const plan = (name: string) => parsePlan(readFileSync(fixture(name), "utf8"), name);
const report = (name: string, m: Manifest = manifest()) => driftReport(m, plan(name));
const messages = (name: string, m?: Manifest) => report(name, m).map((i) => i.message);
const app = (m: Manifest, id: string) => m.apps.find((a) => a.id === id)!;

/** Runs the CLI in-process (fast); the spawned runs below prove the real exit codes. */
function run(args: string[]) {
  let out = "";
  let err = "";
  const code = main(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  for (const s of SENTINELS) expect(out + err).not.toContain(s);
  return { code, out, err };
}

function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), ["cli/drift.ts", ...args], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
  for (const s of SENTINELS) expect(r.stdout + r.stderr).not.toContain(s);
  return r;
}

const withTerraform = testWithTerraform;

describe("plan JSON format, pinned by genuine Terraform 1.11 output", () => {
  test("refresh-only plan with resource_drift (terraform_data moved in state) and the refreshed prior_state", () => {
    const p = plan("terraform-data-refresh-only.json");
    expect(p.format_version).toBe("1.2");
    expect(p.terraform_version).toBe("1.11.4");
    expect(p.resource_drift?.map((d) => [d.address, d.previous_address, d.type, d.change.actions])).toEqual([
      ["terraform_data.job", "terraform_data.old_job", "terraform_data", ["no-op"]],
    ]);
    expect(p.resource_changes).toBeUndefined();
    expect([...refreshedResources(p).keys()]).toEqual(["terraform_data.job", "terraform_data.secret"]);
    // Why the report reads only named fields: a plan carries sensitive values in clear.
    expect((refreshedResources(p).get("terraform_data.secret")?.values as any).input.SecretToken).toBe("SENTINEL-plan-token");
  });

  test("refresh-only plan with nothing changed has no resource_drift key", () => {
    const p = plan("terraform-data-refresh-only-clean.json");
    expect(p.resource_drift).toBeUndefined();
    expect(refreshedResources(p).size).toBe(2);
  });

  test("a normal plan's resource_changes parse the same way", () => {
    expect(plan("terraform-data-changed.json").resource_changes?.map((c) => [c.address, c.change.actions])).toEqual([
      ["terraform_data.job", ["no-op"]],
      ["terraform_data.secret", ["update"]],
    ]);
  });

  test("a moved object is not drift in provisioning terms; the genuine plan reports nothing and prints no token", () => {
    const m: Manifest = {
      ...manifest(),
      stack: "genuine",
      apps: [{ ...app(manifest(), "iprova"), terraform: { job: "terraform_data.job", secret: "terraform_data.secret" } }],
    };
    expect(driftReport(m, plan("terraform-data-refresh-only.json"))).toEqual([]);
  });

  test("the hand-written fixtures' manifest is what the example tenant synthesizes today", () => {
    const synthesized = readManifest(join(synthExample(), "stacks", "example-tenant", "provisioning.json"));
    expect(manifest()).toEqual(synthesized);
    const addresses = new Set(manifest().apps.flatMap((a) => Object.values(a.terraform)));
    for (const name of ["drift-none.json", "drift-mapping.json", "drift-paused-job.json", "drift-paused-after-deploy.json", "drift-tenant-url.json"]) {
      const p = plan(name);
      for (const d of p.resource_drift ?? []) expect(addresses).toContain(d.address);
      for (const address of refreshedResources(p).keys()) expect(addresses).toContain(address);
    }
  });

  test("check block results (Terraform >= 1.5): a failed health check is reported in its own words", () => {
    const p = plan("terraform-data-check-failed.json");
    expect(p.checks).toEqual([
      {
        address: { kind: "check", to_display: "check.job_health" },
        status: "fail",
        instances: [{ status: "fail", problems: [{ message: "prod/app: the provisioning job is in quarantine (EncounteredQuarantineException)." }] }],
      },
    ]);
    const m: Manifest = {
      ...manifest(),
      stack: "prod",
      apps: [{ ...app(manifest(), "iprova"), id: "app", terraform: { job: "terraform_data.job", healthCheck: "check.job_health" } }],
    };
    expect(driftReport(m, p)).toEqual([
      { stack: "prod", app: "app", setting: "health", message: "iProva: health check failed: the provisioning job is in quarantine (EncounteredQuarantineException)." },
    ]);
  });

  test("an empty state (never deployed, or not the state deploy wrote): no prior_state, and every app is reported not deployed", () => {
    const p = plan("terraform-data-empty-state.json");
    expect(p.prior_state).toBeUndefined();
    expect(p.resource_drift).toBeUndefined();
    const items = driftReport(manifest(), p);
    expect(items.map((i) => [i.app, i.setting])).toEqual([
      ["ipass", "deployment"],
      ["iprova", "deployment"],
      ["airstack", "deployment"],
      ["smartfile", "deployment"],
    ]);
    expect(items[1].message).toBe(
      "iProva: not deployed: the refreshed state has no azuread_application_from_template.iprova_gallery-app_application_1AFF0D82 (deploy has not run for it, or drift reads another state than deploy: check the stack's backend)",
    );
    // The CLI: the same empty state, with the configuration of the example tenant (Terraform's
    // output of a plan made in its directory declares every address of the manifest).
    const raw = JSON.parse(readFileSync(fixture("terraform-data-empty-state.json"), "utf8"));
    const addresses = manifest().apps.flatMap((a) => Object.values(a.terraform)).filter((a) => !a.startsWith("check."));
    raw.configuration.root_module.resources = addresses.map((address) => ({ address }));
    const file = join(mkdtempSync(join(tmpdir(), "drift-")), "empty.json");
    writeFileSync(file, JSON.stringify(raw));
    const r = run(["--out", MANIFEST_OUT, "--plan-json", file]);
    expect([r.code, r.out.split("\n")[0]]).toEqual([2, "example-tenant: 4 change(s) outside code"]);
  });

  test("not a plan: a clear error", () => {
    expect(() => parsePlan("{}", "p.json")).toThrow("p.json: format_version: Invalid input: expected string, received undefined; expected the output of terraform show -json <plan>");
    expect(() => parsePlan("nope", "p.json")).toThrow("p.json: not valid JSON at line 1, column 1; expected the output of terraform show -json <plan>");
    expect(() => parsePlan('{"format_version":"2.0"}', "p.json")).toThrow("p.json: plan format 2.0 is not supported; expected format 1.x (Terraform >= 1.0)");
  });
});

describe("drift report in provisioning terms", () => {
  test("no drift: jobs started by the start action while declared on are expected", () => {
    // drift-none lists iPass's job going enabled false → true: the start action's doing.
    expect(plan("drift-none.json").resource_drift?.[0].change.actions).toEqual(["update"]);
    expect(report("drift-none.json")).toEqual([]);
  });

  test("a declared mapping changed in the portal is drift; the app's own (undeclared) mappings are not", () => {
    // The fixture also changes emails (a template mapping) and adds nickName in the portal: iProva
    // declares neither, deploy keeps them as they are, so they are not drift.
    expect(report("drift-mapping.json")).toEqual([
      {
        stack: "example-tenant",
        app: "iprova",
        setting: "user mapping urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        message: "iProva: user mapping urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department changed outside code: [department] → [companyName]",
      },
    ]);
  });

  test("a paused job", () => {
    expect(report("drift-paused-job.json")).toEqual([
      { stack: "example-tenant", app: "iprova", setting: "provisioning", message: "iProva: job paused outside code (declared provisioning: on)" },
    ]);
  });

  test("a job paused before any apply recorded it running: seen in the refreshed state, not in resource_drift", () => {
    const iprovaJob = app(manifest(), "iprova").terraform.job;
    expect(plan("drift-paused-after-deploy.json").resource_drift?.map((d) => d.address)).not.toContain(iprovaJob);
    expect(messages("drift-paused-after-deploy.json")).toEqual(["iProva: job paused outside code (declared provisioning: on)"]);
  });

  test("declared off: a running job was started outside code; a paused one is as declared", () => {
    const m = manifest();
    const off = { ...m, apps: m.apps.map((a) => ({ ...a, provisioning: "off" as const })) };
    expect(messages("drift-paused-job.json", off)).toEqual([
      "iPass SmartConnect: job started outside code (declared provisioning: off)",
      "Airstack: job started outside code (declared provisioning: off)",
      "SmartFile: job started outside code (declared provisioning: off)",
    ]);
  });

  test("a changed tenant URL; a rotated token is named, never shown", () => {
    const items = report("drift-tenant-url.json");
    expect(items.map((i) => i.message)).toEqual([
      "SmartFile: tenant URL changed outside code: https://demo1test.smartfile.com/ftp/scim → https://demo2test.smartfile.com/ftp/scim (declared https://demo1test.smartfile.com/ftp/scim)",
      "SmartFile: credential SecretToken was changed outside code",
    ]);
    const text = readFileSync(fixture("drift-tenant-url.json"), "utf8");
    expect(text).toContain("SENTINEL-drift-token-new-93be"); // the sentinel really is in the plan
    for (const s of SENTINELS) expect(JSON.stringify(items)).not.toContain(s);
  });
});

describe("drift report: other settings changed outside code", () => {
  // The refreshed state of drift-none (every app deployed, every job running) with the given drift.
  const inline = (drift: unknown[]) =>
    parsePlan(JSON.stringify({ ...JSON.parse(readFileSync(fixture("drift-none.json"), "utf8")), resource_drift: drift }), "inline");
  const change = (address: string, type: string, actions: string[], before: unknown, after: unknown) => ({ address, type, change: { actions, before, after } });
  const creds = (syncAll: string, settings: string) => ({
    credential: [
      { key: "BaseAddress", value: "https://identitymanagement.services.iProva.nl/scim" },
      { key: "SecretToken", value: "SENTINEL-drift-token-old-41a7" },
      { key: "SyncAll", value: syncAll },
      { key: "SyncNotificationSettings", value: settings },
    ],
  });
  const schema = () => JSON.parse(readFileSync(fixture("drift-mapping.json"), "utf8")).resource_drift[0].change.before;

  test("scope, notification email, on-failure flag, deletion prevention and threshold, read from the secret's settings", () => {
    const m = manifest();
    const items = driftReport(
      m,
      inline([
        change(
          app(m, "iprova").terraform.secret,
          "azuread_synchronization_secret",
          ["update"],
          creds("false", '{"Enabled":true,"Recipients":"idm-team@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":500}'),
          creds("true", '{"Enabled":false,"Recipients":"someone@contoso.com","DeleteThresholdEnabled":false,"DeleteThresholdValue":20}'),
        ),
      ]),
    );
    expect(items.map((i) => [i.setting, i.message])).toEqual([
      ["scope", "iProva: scope changed outside code: assigned only → all users and groups"],
      ["notification email", "iProva: notification email changed outside code: idm-team@contoso.com → someone@contoso.com"],
      ["email on failure", "iProva: email on failure changed outside code: on → off"],
      ["accidental-deletions prevention", "iProva: accidental-deletions prevention changed outside code: on → off"],
      ["deletion threshold", "iProva: deletion threshold changed outside code: 500 → 20"],
    ]);
    for (const s of SENTINELS) expect(JSON.stringify(items)).not.toContain(s);
  });

  test("scoping filters changed, added and removed, in words", () => {
    const m = manifest();
    const before = schema();
    const after = JSON.parse(JSON.stringify(before));
    const [users, groups] = after.body.synchronizationRules[0].objectMappings;
    users.scope.groups[0].clauses[0].targetOperand.values = ["Contractor"];
    users.scope.groups.push({
      name: "Contoso",
      clauses: [
        { operatorName: "REGEX MATCH", sourceOperandName: "userPrincipalName", targetOperand: { values: [".*@(contoso\\.com)$"] } },
        { operatorName: "IS NOT NULL", sourceOperandName: "department", targetOperand: { values: [] } },
      ],
    });
    groups.scope = null;
    before.body.synchronizationRules[0].objectMappings[1].scope = { groups: [{ name: "Synced", clauses: [{ operatorName: "EQUALS", sourceOperandName: "displayName", targetOperand: { values: ["iProva Users"] } }] }] };
    const items = driftReport(m, inline([change(app(m, "iprova").terraform.schema, "msgraph_update_resource", ["update"], before, after)]));
    // "Contoso" and "Synced" are the app's own filters, not declared: deploy keeps them, not drift.
    expect(items.map((i) => i.message)).toEqual([
      'iProva: user scoping filter "Employees" changed outside code: employeeType equals "Employee" → employeeType equals "Contractor"',
    ]);
  });

  test("only the fields a mapping declares are drift: deploy keeps the app's value of the others", () => {
    const m = manifest();
    const department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
    const before = schema();
    const after = JSON.parse(JSON.stringify(before));
    const mapping = after.body.synchronizationRules[0].objectMappings[0].attributeMappings.find((x: any) => x.targetAttributeName === department);
    Object.assign(mapping, { flowType: "ObjectAddOnly", matchingPriority: 3, defaultValue: "Sales" });
    const iprova = app(m, "iprova");
    // iProva declares only the source: a portal edit of apply mode, precedence or default is the app's own.
    expect(driftReport(m, inline([change(iprova.terraform.schema, "msgraph_update_resource", ["update"], before, after)]))).toEqual([]);
    // Once a field is declared, its portal edit is drift, in the declared fields' words.
    iprova.users.mappings = [{ target: department, source: "[department]", matching: false, apply: "always" }];
    expect(driftReport(m, inline([change(iprova.terraform.schema, "msgraph_update_resource", ["update"], before, after)])).map((i) => i.message)).toEqual([
      `iProva: user mapping ${department} changed outside code: [department], not matching, applied always → [department], matching 3, on create only`,
    ]);
  });

  test("declared attribute definitions: a portal edit of a declared field, or a removal, is drift; other attributes are not", () => {
    const m = manifest();
    const iprova = app(m, "iprova");
    iprova.users.targetAttributes = [{ name: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", type: "Integer" }, { name: "roles", multivalued: true }];
    const body = (badge: object | null, roles: object) => {
      const b = schema();
      b.body.synchronizationRules[0].targetDirectoryName = "customappsso";
      b.body.directories = [
        { name: "Azure Active Directory", objects: [{ name: "User", attributes: [{ name: "mail", type: "String" }] }] },
        {
          name: "customappsso",
          objects: [
            { name: "User", attributes: [...(badge ? [{ name: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", ...badge }] : []), { name: "roles", ...roles }, { name: "title", type: "String" }] },
            { name: "Group", attributes: [{ name: "roles", multivalued: false }] },
          ],
        },
      ];
      return b;
    };
    const before = body({ type: "Integer", required: false }, { type: "String", multivalued: true });
    const after = body(null, { type: "Binary", multivalued: false });
    after.body.directories[1].objects[0].attributes.find((a: any) => a.name === "title").type = "Integer";
    const items = driftReport(m, inline([change(iprova.terraform.schema, "msgraph_update_resource", ["update"], before, after)]));
    expect(items.map((i) => [i.setting, i.message])).toEqual([
      ["user attribute urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", "iProva: user attribute urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge removed from the app's schema outside code (was Integer)"],
      ["user attribute roles", "iProva: user attribute roles changed outside code: multi-valued → single-valued"],
    ]);
  });

  test("object mappings are matched by source object, not position; a removed mapping shows what it was", () => {
    const m = manifest();
    const before = schema();
    const after = JSON.parse(JSON.stringify(before));
    after.body.synchronizationRules[0].objectMappings.reverse();
    const users = after.body.synchronizationRules[0].objectMappings[1];
    users.attributeMappings = users.attributeMappings.filter((x: any) => !x.targetAttributeName.endsWith(":department") && x.targetAttributeName !== "userName");
    const items = driftReport(m, inline([change(app(m, "iprova").terraform.schema, "msgraph_update_resource", ["update"], before, after)]));
    // userName is the template's, not declared: only the declared department mapping is drift.
    expect(items.map((i) => i.message)).toEqual([
      "iProva: user mapping urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department removed outside code (was [department])",
    ]);
  });

  test("deleted app, removed assignment, disabled group mapping, renamed app, unknown resource", () => {
    const m = manifest();
    const iprova = app(m, "iprova");
    const before = schema();
    const disabled = JSON.parse(JSON.stringify(before));
    disabled.body.synchronizationRules[0].objectMappings[1].enabled = false;
    const items = driftReport(
      m,
      inline([
        change("terraform_data.other", "terraform_data", ["update"], { input: 1 }, { input: 2 }),
        change(iprova.terraform["assignment:1"], "azuread_app_role_assignment", ["delete"], { principal_display_name: "x" }, null),
        change(m.apps[0].terraform.application, "azuread_application_from_template", ["delete"], { display_name: "iPass SmartConnect" }, null),
        change(iprova.terraform.schema, "msgraph_update_resource", ["update"], before, disabled),
        change(app(m, "airstack").terraform.application, "azuread_application_from_template", ["update"], { display_name: "Airstack" }, { display_name: "Airstack (old)" }),
        change(app(m, "smartfile").terraform.job, "azuread_synchronization_job", ["delete"], { enabled: true }, null),
      ]),
    );
    expect(items.map((i) => [i.app, i.setting, i.message])).toEqual([
      ["ipass", "application", "iPass SmartConnect: the enterprise app was deleted outside code"],
      ["iprova", "assignments", "iProva: assignment removed outside code: user pilot.user@contoso.com as User"],
      ["iprova", "group provisioning", "iProva: group object mapping disabled outside code"],
      ["airstack", "display name", "Airstack: display name changed outside code: Airstack → Airstack (old) (declared Airstack)"],
      ["smartfile", "job", "SmartFile: the provisioning job was deleted outside code"],
      [null, "terraform_data.other", "terraform_data.other changed outside code (update)"],
    ]);
  });
});

test("a deleted app is said once, not once per resource it took with it", () => {
  const m = manifest();
  const ipass = app(m, "ipass");
  const p = plan("drift-none.json");
  const del = (key: string, type: string) => ({ address: ipass.terraform[key], type, change: { actions: ["delete"], before: {}, after: null } });
  p.resource_drift = [
    del("secret", "azuread_synchronization_secret"),
    del("job", "azuread_synchronization_job"),
    del("application", "azuread_application_from_template"),
    del("schema", "msgraph_update_resource"),
    del("assignment:0", "azuread_app_role_assignment"),
  ];
  expect(driftReport(m, p).map((i) => i.message)).toEqual(["iPass SmartConnect: the enterprise app was deleted outside code"]);
});

describe("drift report: the health check beside the job check", () => {
  test("a paused job is said once; quarantine is added from the check", () => {
    const m = manifest();
    const check = app(m, "iprova").terraform.healthCheck;
    const p = plan("drift-paused-job.json");
    p.checks = [
      {
        address: { kind: "check", to_display: check },
        status: "fail",
        instances: [
          {
            status: "fail",
            problems: [
              { message: 'example-tenant/iprova: provisioning is declared "on" but the job is Paused: it was paused or stopped outside code. Start it in the portal or taint its job-state action and deploy.' },
              { message: "example-tenant/iprova: the provisioning job is in quarantine (EncounteredQuarantineException); fix the cause." },
            ],
          },
        ],
      },
      { address: { to_display: "check.other" }, status: "pass" },
    ];
    expect(driftReport(m, p).map((i) => i.message)).toEqual([
      "iProva: job paused outside code (declared provisioning: on)",
      "iProva: health check failed: the provisioning job is in quarantine (EncounteredQuarantineException); fix the cause.",
    ]);
  });
});

describe("drift CLI with --plan-json", () => {
  const args = (name: string) => ["--out", MANIFEST_OUT, "--stack", "example-tenant", "--plan-json", fixture(name)];

  test("exit 0 and 'no drift' when nothing changed", () => {
    expect(run(args("drift-none.json"))).toEqual({ code: 0, out: "example-tenant: no drift\n", err: "" });
  });

  test("exit 2 with the report when something drifted", () => {
    expect(run(args("drift-mapping.json"))).toEqual({
      code: 2,
      out: [
        "example-tenant: 1 change(s) outside code",
        "- iProva: user mapping urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department changed outside code: [department] → [companyName]",
        "",
      ].join("\n"),
      err: "",
    });
  });

  test("--json for machines", () => {
    const r = run([...args("drift-tenant-url.json"), "--json"]);
    expect(r.code).toBe(2);
    const parsed = JSON.parse(r.out);
    expect(parsed.drift).toBe(true);
    expect(parsed.complete).toBe(true);
    expect(parsed.items.map((i: any) => i.setting)).toEqual(["tenant URL", "credential SecretToken"]);
  });

  test("real exit codes from a spawned CLI: 0, 2, and no token in any output", () => {
    expect(cli(args("drift-none.json")).status).toBe(0);
    const r = cli(args("drift-paused-job.json"));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("example-tenant: 1 change(s) outside code\n- iProva: job paused outside code (declared provisioning: on)\n");
    expect(cli(args("drift-tenant-url.json")).status).toBe(2);
  });

  test("errors are one line and exit 1: missing plan file, not a plan, several stacks, usage", () => {
    expect(run(["--out", MANIFEST_OUT, "--plan-json", "/nonexistent/plan.json"])).toEqual({
      code: 1,
      out: "",
      err: "drift: /nonexistent/plan.json: cannot read plan JSON: ENOENT\n",
    });
    const notPlan = join(mkdtempSync(join(tmpdir(), "drift-")), "p.json");
    writeFileSync(notPlan, "[]");
    expect(run(["--out", MANIFEST_OUT, "--plan-json", notPlan]).err).toBe(`drift: ${notPlan}: (root): Invalid input: expected object, received array; expected the output of terraform show -json <plan>\n`);
    const two = mkdtempSync(join(tmpdir(), "drift-"));
    for (const s of ["a", "b"]) {
      mkdirSync(join(two, "stacks", s), { recursive: true });
      writeFileSync(join(two, "stacks", s, "provisioning.json"), JSON.stringify({ ...manifest(), stack: s }));
    }
    expect(run(["--out", two, "--plan-json", fixture("drift-none.json")])).toEqual({
      code: 1,
      out: "",
      err: "drift: --plan-json reads one stack's plan; pass --stack (stacks: a, b)\n",
    });
    expect(run(["--bogus"])).toEqual({ code: 64, out: "", err: "drift: Unknown option '--bogus'\nusage: npm run drift -- [--out DIR] [--stack S] [--plan-json FILE] [--json] [--help]\n" });
  });

  test("a usage error exits 64, never 2 (drift), also as a process", () => {
    expect(cli(["--stak", "example-tenant"]).status).toBe(64);
    expect(cli(["--plan-json"]).status).toBe(64);
  });

  test("a plan Terraform made for another stack is refused in one line, exit 1", () => {
    // Genuine terraform show -json output of another configuration (a terraform_data "x").
    expect(run(args("terraform-data-empty-state.json"))).toEqual({
      code: 1,
      out: "",
      err:
        `drift: ${fixture("terraform-data-empty-state.json")}: is not a plan of stack "example-tenant": it does not declare ` +
        `azuread_application_from_template.ipass_gallery-app_application_07FE2575 (ipass's application); ` +
        `expected terraform show -json of a plan made in stack "example-tenant"'s synth output\n`,
    });
  });

  test("the example tenant's plan read as another stack's is refused, not reported as its drift", () => {
    // Another stack of the same app ids: its addresses differ by the stack's construct path hash.
    const other = mkdtempSync(join(tmpdir(), "drift-other-"));
    const m = manifest();
    const renamed = { ...m, stack: "contoso-prod", apps: m.apps.map((a) => ({ ...a, terraform: Object.fromEntries(Object.entries(a.terraform).map(([k, v]) => [k, `${v}_prod`])) })) };
    mkdirSync(join(other, "stacks", "contoso-prod"), { recursive: true });
    writeFileSync(join(other, "stacks", "contoso-prod", "provisioning.json"), JSON.stringify(renamed));
    const r = run(["--out", other, "--plan-json", fixture("drift-mapping.json")]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err.split("\n")).toEqual([expect.stringMatching(/: is not a plan of stack "contoso-prod": it holds \S+, which no app of the stack declares; expected /), ""]);
  });
});

describe("init failures name what is missing", () => {
  test.each([
    [
      "Error: Failed to query available provider packages (Could not retrieve the list of available versions for provider hashicorp/azuread)",
      "drift needs network access to the provider registry (registry.terraform.io) or a provider mirror, as deploy does",
    ],
    [
      "Error: unable to build authorizer for Storage API: no Authorizer could be configured, please check your configuration",
      "drift needs ARM_* / OIDC credentials like deploy (ARM_USE_OIDC=true, ARM_CLIENT_ID, ARM_TENANT_ID) with Storage Blob Data Contributor on the azurerm backend's container",
    ],
    [
      "Error: Failed to get existing workspaces: containers.Client#ListBlobs: Failure responding to request: StatusCode=403",
      "drift needs ARM_* / OIDC credentials like deploy (ARM_USE_OIDC=true, ARM_CLIENT_ID, ARM_TENANT_ID) with Storage Blob Data Contributor on the azurerm backend's container",
    ],
    [
      "Error: Failed to get existing workspaces (dial tcp: lookup sttfstate.blob.core.windows.net: no such host)",
      "drift needs network access to the provider registry and to the backend's storage account, as deploy does",
    ],
    [
      "Error: Unsupported block type",
      "drift needs network access to the provider registry, and ARM_* / OIDC credentials like deploy (ARM_USE_OIDC=true, ARM_CLIENT_ID, ARM_TENANT_ID) with Storage Blob Data Contributor on the azurerm backend's container",
    ],
  ])("%s", (error, hint) => {
    expect(initHint(error)).toBe(hint);
  });
});

describe("drift CLI running terraform", () => {
  /** A synthesized-stack directory terraform can init offline (builtin terraform_data only). */
  function offlineStack(manifest = true): string {
    const out = mkdtempSync(join(tmpdir(), "drift-real-"));
    const dir = join(out, "stacks", "offline");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "cdk.tf.json"),
      JSON.stringify({
        variable: { offline_secret_token: { type: "string", sensitive: true } },
        resource: { terraform_data: { marker: { input: "${var.offline_secret_token}" } } },
      }),
    );
    if (manifest) writeFileSync(join(dir, "provisioning.json"), JSON.stringify({ version: 1, stack: "offline", tenantId: "contoso.onmicrosoft.com", environment: "global", apps: [] }));
    return out;
  }

  test("terraform not on PATH: exit 1 with a clear one-line message", () => {
    const nodeDir = execFileSync("node", ["-p", "require('path').dirname(process.execPath)"], { encoding: "utf8" }).trim();
    const r = cli(["--out", offlineStack()], { ...process.env, PATH: nodeDir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("drift: terraform is not on PATH; install Terraform >= 1.5 or run npm run providers (drift runs terraform init and a refresh-only plan)\n");
  });

  test("a stack with cdk.tf.json but no manifest: exit 1 naming it", () => {
    const out = offlineStack(false);
    expect(run(["--out", out])).toEqual({
      code: 1,
      out: "",
      err: `drift: ${join(out, "stacks", "offline")}: has cdk.tf.json but no provisioning.json; run 'npm run synth' to write it (drift needs it to name apps and settings)\n`,
    });
    expect(run(["--out", join(out, "nope")]).err).toBe(`drift: ${join(out, "nope", "stacks")}: no synthesized stacks; run 'npm run synth' first (or pass --out DIR)\n`);
  });

  withTerraform("init, refresh-only plan and show -json run for real: no drift, exit 0", () => {
    const r = cli(["--out", offlineStack()], { ...process.env, TF_VAR_offline_secret_token: "SENTINEL-plan-token" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("offline: no drift\n");
  });

  withTerraform("a failing plan (here: a token variable not set) is exit 1 with what to check", () => {
    const env = { ...process.env };
    delete env.TF_VAR_offline_secret_token;
    const r = cli(["--out", offlineStack()], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^drift: terraform plan -refresh-only failed in .*offline: Error: No value for required variable \(.*\); check the ARM_\* \/ OIDC credentials and the TF_VAR_ token variables\n$/,
    );
  });

  withTerraform("a token a terraform error would echo (a variable not declared sensitive) is redacted", () => {
    const out = offlineStack();
    const file = join(out, "stacks", "offline", "cdk.tf.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.variable.offline_secret_token = {
      type: "string",
      validation: [{ condition: "${length(var.offline_secret_token) < 5}", error_message: "The token ${var.offline_secret_token} is too long." }],
    };
    writeFileSync(file, JSON.stringify(config));
    const r = cli(["--out", out], { ...process.env, TF_VAR_offline_secret_token: "SENTINEL-plan-token" }); // cli() asserts no sentinel
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^drift: terraform plan -refresh-only failed in .*offline: Error: Invalid value for variable \(The token \*\*\* is too long\); /);
  });

  withTerraform("init that cannot install the providers (an empty provider mirror stands in for no network): exit 1 saying what drift needs", () => {
    // Deterministic with or without network: terraform may only install providers from an empty mirror.
    const home = mkdtempSync(join(tmpdir(), "drift-tfrc-"));
    mkdirSync(join(home, "mirror"));
    writeFileSync(join(home, "terraformrc"), `provider_installation {\n  filesystem_mirror {\n    path = "${join(home, "mirror")}"\n  }\n}\n`);
    const env = { ...process.env, TF_CLI_CONFIG_FILE: join(home, "terraformrc"), TF_PLUGIN_CACHE_DIR: "" };
    const r = cli(["--out", synthExample()], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^drift: terraform init failed in .*example-tenant: Error: Failed to query available provider packages \(Could not retrieve the list of available versions for provider (hashicorp\/azuread|microsoft\/msgraph)\); /);
    expect(r.stderr).toMatch(/; drift needs network access to the provider registry \(registry\.terraform\.io\) or a provider mirror, as deploy does\n$/);
  });

  withTerraform("init that cannot authenticate to the azurerm backend (no ARM_* / OIDC credentials): exit 1 saying so", () => {
    const out = offlineStack();
    const file = join(out, "stacks", "offline", "cdk.tf.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    // use_cli = false and no OIDC token: fails before any network call, the way a CI job without credentials does.
    config.terraform = {
      backend: {
        azurerm: {
          resource_group_name: "rg-tfstate", storage_account_name: "sttfstate", container_name: "tfstate", key: "offline.tfstate",
          use_oidc: true, use_cli: false, use_azuread_auth: true,
          tenant_id: "00000000-0000-0000-0000-000000000000", client_id: "00000000-0000-0000-0000-000000000000",
        },
      },
    };
    writeFileSync(file, JSON.stringify(config));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ARM_|ACTIONS_ID_TOKEN_)/.test(k)));
    const r = cli(["--out", out], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `drift: terraform init failed in ${join(out, "stacks", "offline")}: Error: unable to build authorizer for Storage API: no Authorizer could be configured, please check your configuration; ` +
        "drift needs ARM_* / OIDC credentials like deploy (ARM_USE_OIDC=true, ARM_CLIENT_ID, ARM_TENANT_ID) with Storage Blob Data Contributor on the azurerm backend's container\n",
    );
  });
});
