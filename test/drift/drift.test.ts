import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { driftReport } from "../../cli/drift/report";
import { parsePlan } from "../../cli/drift/plan";
import { readManifest } from "../../cli/manifests";
import { synthExample } from "../support/example";

const root = join(__dirname, "..", "..");
const fixture = (name: string) => join(root, "test", "fixtures", "plans", name);
const SENTINELS = ["SENTINEL-drift-token-old-41a7", "SENTINEL-drift-token-new-93be", "SENTINELKEY:SENTINELPASS-drift", "SENTINEL-plan-token"];
let outDir: string;

beforeAll(() => {
  outDir = synthExample();
});

const manifest = () => readManifest(join(outDir, "stacks", "example-tenant", "provisioning.json"));
const report = (name: string) => driftReport(manifest(), parsePlan(readFileSync(fixture(name), "utf8"), name));

function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), ["cli/drift.ts", ...args], { cwd: root, env, encoding: "utf8", timeout: 60_000 });
  for (const s of SENTINELS) expect(r.stdout + r.stderr).not.toContain(s);
  return r;
}

describe("plan JSON format", () => {
  test("genuine Terraform 1.11 plan JSON (terraform_data) parses", () => {
    const refresh = parsePlan(readFileSync(fixture("terraform-data-refresh-only.json"), "utf8"), "x");
    expect(refresh.format_version).toBe("1.2");
    expect(refresh.resource_drift).toBeUndefined();
    const changed = parsePlan(readFileSync(fixture("terraform-data-changed.json"), "utf8"), "x");
    expect(changed.resource_changes?.map((c) => [c.address, c.change.actions])).toEqual([
      ["terraform_data.job", ["no-op"]],
      ["terraform_data.secret", ["update"]],
    ]);
  });

  test("the hand-written fixtures name resources the example tenant really synthesizes", () => {
    const addresses = new Set(manifest().apps.flatMap((a) => Object.values(a.terraform)));
    for (const name of ["drift-none.json", "drift-mapping.json", "drift-paused-job.json", "drift-tenant-url.json"]) {
      const plan = parsePlan(readFileSync(fixture(name), "utf8"), name);
      for (const d of plan.resource_drift ?? []) expect(addresses).toContain(d.address);
    }
  });

  test("not a plan: a clear error", () => {
    expect(() => parsePlan("{}", "p.json")).toThrow("p.json: format_version: Invalid input: expected string, received undefined; expected the output of terraform show -json <plan>");
    expect(() => parsePlan("nope", "p.json")).toThrow("p.json: not JSON; expected the output of terraform show -json <plan>");
  });
});

describe("drift report in provisioning terms", () => {
  test("no drift: a job started by the start action while declared on is expected", () => {
    expect(report("drift-none.json")).toEqual([]);
  });

  test("a changed mapping and a mapping added in the portal", () => {
    expect(report("drift-mapping.json")).toEqual([
      {
        stack: "example-tenant",
        app: "iprova",
        setting: 'user mapping emails[type eq "work"].value',
        message: 'iProva: user mapping emails[type eq "work"].value changed outside code: [mail] → [userPrincipalName]',
      },
      { stack: "example-tenant", app: "iprova", setting: "user mapping nickName", message: "iProva: user mapping nickName added outside code: [city]" },
    ]);
  });

  test("a paused job", () => {
    expect(report("drift-paused-job.json")).toEqual([
      { stack: "example-tenant", app: "iprova", setting: "provisioning", message: "iProva: job paused or stopped outside code (declared provisioning: on)" },
    ]);
  });

  test("a changed tenant URL; a rotated token is named, never shown", () => {
    const items = report("drift-tenant-url.json");
    expect(items.map((i) => i.message)).toEqual([
      "SmartFile: tenant URL changed outside code: https://demo1test.smartfile.com/ftp/scim → https://demo2test.smartfile.com/ftp/scim (declared https://demo1test.smartfile.com/ftp/scim)",
      "SmartFile: credential SecretToken was changed outside code",
    ]);
    for (const s of SENTINELS) expect(JSON.stringify(items)).not.toContain(s);
  });
});

describe("drift CLI", () => {
  test("exit 0 and 'no drift' when nothing changed", () => {
    const r = cli(["--out", outDir, "--stack", "example-tenant", "--plan-json", fixture("drift-none.json")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("example-tenant: no drift\n");
  });

  test("exit 2 with the report when something drifted", () => {
    const r = cli(["--out", outDir, "--stack", "example-tenant", "--plan-json", fixture("drift-paused-job.json")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("example-tenant: 1 change(s) outside code\n- iProva: job paused or stopped outside code (declared provisioning: on)\n");
  });

  test("--json for machines", () => {
    const r = cli(["--out", outDir, "--stack", "example-tenant", "--plan-json", fixture("drift-tenant-url.json"), "--json"]);
    expect(r.status).toBe(2);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.drift).toBe(true);
    expect(parsed.items.map((i: any) => i.setting)).toEqual(["tenant URL", "credential SecretToken"]);
  });

  test("exit 1 with a clear error when terraform is not on PATH", () => {
    const nodeDir = execFileSync("node", ["-p", "require('path').dirname(process.execPath)"], { encoding: "utf8" }).trim();
    const r = cli(["--out", outDir], { ...process.env, PATH: nodeDir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("drift: terraform is not on PATH; install Terraform >= 1.5 (drift runs terraform init and a refresh-only plan)\n");
  });

  const hasTerraform = spawnSync("terraform", ["version"]).status === 0;
  (hasTerraform ? test : test.skip)("exit 1 naming what is missing when terraform init cannot reach the registry (no network here)", () => {
    const r = cli(["--out", outDir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^drift: terraform init failed in .*example-tenant: Error: Failed to query available provider packages \(.*\); drift needs the provider registry \(network\) and, for the azurerm backend, ARM_\* \/ OIDC credentials like deploy\n$/,
    );
  });

  test("exit 1 on a missing manifest or plan file", () => {
    expect(cli(["--out", join(outDir, "nope")]).status).toBe(1);
    const r = cli(["--out", outDir, "--stack", "example-tenant", "--plan-json", "/nonexistent/plan.json"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("drift: ENOENT: no such file or directory, open '/nonexistent/plan.json'\n");
  });
});

describe("drift CLI with a real terraform (builtin terraform_data, no provider download)", () => {
  const hasTerraform = spawnSync("terraform", ["version"]).status === 0;

  /** A synthesized-stack directory terraform can init offline, with a manifest of no apps. */
  function offlineStack(): string {
    const { mkdtempSync, mkdirSync, writeFileSync } = require("node:fs") as typeof import("node:fs");
    const out = mkdtempSync(join(require("node:os").tmpdir(), "drift-real-"));
    const dir = join(out, "stacks", "offline");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "cdk.tf.json"),
      JSON.stringify({
        variable: { offline_secret_token: { type: "string", sensitive: true } },
        resource: { terraform_data: { marker: { input: "${var.offline_secret_token}" } } },
      }),
    );
    writeFileSync(join(dir, "provisioning.json"), JSON.stringify({ version: 1, stack: "offline", tenantId: "contoso.onmicrosoft.com", environment: "global", apps: [] }));
    return out;
  }

  (hasTerraform ? test : test.skip)("init, refresh-only plan and show -json run for real: no drift, exit 0", () => {
    const r = cli(["--out", offlineStack()], { ...process.env, TF_VAR_offline_secret_token: "SENTINEL-plan-token" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("offline: no drift\n");
  });

  (hasTerraform ? test : test.skip)("a failing plan (here: a token variable not set) is exit 1 with what to check", () => {
    const env = { ...process.env };
    delete env.TF_VAR_offline_secret_token;
    const r = cli(["--out", offlineStack()], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^drift: terraform plan -refresh-only failed in .*offline: Error: No value for required variable \(.*\); check the ARM_\* \/ OIDC credentials and the TF_VAR_ token variables\n$/,
    );
  });
});

describe("drift report: other settings changed outside code", () => {
  function plan(drift: unknown[]) {
    return parsePlan(JSON.stringify({ format_version: "1.2", resource_drift: drift }), "inline");
  }
  const change = (address: string, type: string, actions: string[], before: unknown, after: unknown) => ({ address, type, change: { actions, before, after } });
  const creds = (syncAll: string, settings: string) => ({
    credential: [
      { key: "BaseAddress", value: "https://identitymanagement.services.iProva.nl/scim" },
      { key: "SecretToken", value: "SENTINEL-drift-token-old-41a7" },
      { key: "SyncAll", value: syncAll },
      { key: "SyncNotificationSettings", value: settings },
    ],
  });

  test("scope, notification email and deletion threshold, read from the secret's settings", () => {
    const iprova = manifest().apps.find((a) => a.id === "iprova")!;
    const items = driftReport(
      manifest(),
      plan([
        change(
          iprova.terraform.secret,
          "azuread_synchronization_secret",
          ["update"],
          creds("false", '{"Enabled":true,"Recipients":"idm-team@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":500}'),
          creds("true", '{"Enabled":true,"Recipients":"someone@contoso.com","DeleteThresholdEnabled":false,"DeleteThresholdValue":500}'),
        ),
      ]),
    );
    expect(items.map((i) => i.message)).toEqual([
      "iProva: scope changed outside code: assigned only → all users and groups",
      "iProva: notification email changed outside code: idm-team@contoso.com → someone@contoso.com",
      "iProva: accidental-deletions prevention changed outside code: true → false",
    ]);
  });

  test("deleted app, removed assignment, disabled group mapping, unknown resource", () => {
    const m = manifest();
    const iprova = m.apps.find((a) => a.id === "iprova")!;
    const schema = JSON.parse(readFileSync(fixture("drift-mapping.json"), "utf8")).resource_drift[0].change.before;
    const disabled = JSON.parse(JSON.stringify(schema));
    disabled.body.synchronizationRules[0].objectMappings[1].enabled = false;
    const items = driftReport(
      m,
      plan([
        change(m.apps[0].terraform.application, "azuread_application_from_template", ["delete"], { display_name: "iPass SmartConnect" }, null),
        change(iprova.terraform["assignment:0"], "azuread_app_role_assignment", ["delete"], {}, null),
        change(iprova.terraform.schema, "msgraph_update_resource", ["update"], schema, disabled),
        change("terraform_data.other", "terraform_data", ["update"], {}, {}),
      ]),
    );
    expect(items.map((i) => i.message)).toEqual([
      "iPass SmartConnect: the enterprise app was deleted outside code",
      "iProva: assignment removed outside code: group iProva Users as User",
      "iProva: group object mapping disabled outside code",
      "terraform_data.other changed outside code (update)",
    ]);
  });
});
