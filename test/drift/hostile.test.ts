/**
 * drift on odd and hostile plans (issue 12, items 4, 6 and 9): every odd type is one line on
 * stderr and exit 1, never a TypeError or a stack trace; strings from the plan that drift prints
 * are printable, URL credentials are redacted, and no token value in the plan ever reaches stdout
 * or stderr, even when a portal edit copied it into a setting drift prints.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/drift";

const root = join(__dirname, "..", "..");
const plans = join(root, "test", "fixtures", "plans");
const MANIFEST_OUT = join(plans, "manifest");
const load = (name: string): any => JSON.parse(readFileSync(join(plans, name), "utf8"));

/** Every token value the fixtures hold (variables and credentials). */
const SENTINELS = ["SENTINEL-drift-token-old-41a7", "SENTINEL-drift-token-new-93be", "SENTINEL-drift-token-ipass-5c2e", "SENTINEL-drift-token-airstack-77d0", "SENTINELKEY:SENTINELPASS-drift"];
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/;

function writePlan(plan: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "drift-hostile-")), "plan.json");
  writeFileSync(file, typeof plan === "string" ? plan : JSON.stringify(plan));
  return file;
}

/** drift --plan-json on the example tenant's manifest; asserts what holds for every run. */
function drift(plan: unknown, extra: string[] = []) {
  const file = writePlan(plan);
  let out = "";
  let err = "";
  let code: number;
  try {
    code = main(["--out", MANIFEST_OUT, "--stack", "example-tenant", "--plan-json", file, ...extra], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
    });
  } catch (e) {
    throw new Error(`uncaught ${(e as Error).name}: ${(e as Error).message}`);
  }
  for (const s of SENTINELS) expect(out + err).not.toContain(s);
  expect(out + err).not.toMatch(TERMINAL_UNSAFE);
  expect(err).not.toMatch(/TypeError|RangeError|\n\s+at /);
  return { code, out, err, file };
}

const secretChange = () => {
  const p = load("drift-tenant-url.json");
  return { p, after: p.resource_drift[0].change.after, before: p.resource_drift[0].change.before };
};
const SECRET = "resource_drift[0] (azuread_synchronization_secret.smartfile_credentials_secret_5AB8670E)";
const SCHEMA = "resource_drift[0] (msgraph_update_resource.iprova_schema_put_DB16033B)";
const JOB = "resource_drift[0] (azuread_synchronization_job.iprova_provisioning_job_D11DF302)";
const TAIL = "; expected the output of terraform show -json <plan>";

describe("odd types in the values drift reads: one line, exit 1 (issue 12 item 9: these were TypeErrors)", () => {
  const cases: Array<[string, string, (p: any) => void, string]> = [
    ["a credential that is not a list", "drift-tenant-url.json", (p) => (p.resource_drift[0].change.after.credential = { key: "BaseAddress" }), `${SECRET} change.after.credential: Invalid input: expected array, received object`],
    ["a credential list holding null", "drift-tenant-url.json", (p) => p.resource_drift[0].change.before.credential.push(null), `${SECRET} change.before.credential[4]: Invalid input: expected object, received null`],
    ["a credential key that is a number", "drift-tenant-url.json", (p) => (p.resource_drift[0].change.after.credential[0].key = 7), `${SECRET} change.after.credential[0].key: Invalid input: expected string, received number`],
    ["a credential value that is an object (the token's value is never quoted)", "drift-tenant-url.json", (p) => (p.resource_drift[0].change.after.credential[1].value = { v: "SENTINEL-drift-token-new-93be" }), `${SECRET} change.after.credential[1].value: Invalid input: expected string, received object`],
    ["secret values that are a string", "drift-tenant-url.json", (p) => (p.resource_drift[0].change.before = "SENTINEL-drift-token-old-41a7"), `${SECRET} change.before: Invalid input: expected object, received string`],
    ["mappings holding null", "drift-mapping.json", (p) => p.resource_drift[0].change.after.body.synchronizationRules[0].objectMappings[0].attributeMappings.push(null), `${SCHEMA} change.after.body.synchronizationRules[0].objectMappings[0].attributeMappings[${load("drift-mapping.json").resource_drift[0].change.after.body.synchronizationRules[0].objectMappings[0].attributeMappings.length}]: Invalid input: expected object, received null`],
    ["object mappings that are a string", "drift-mapping.json", (p) => (p.resource_drift[0].change.before.body.synchronizationRules[0].objectMappings = "x"), `${SCHEMA} change.before.body.synchronizationRules[0].objectMappings: Invalid input: expected array, received string`],
    ["rules holding null", "drift-mapping.json", (p) => (p.resource_drift[0].change.after.body.synchronizationRules = [null]), `${SCHEMA} change.after.body.synchronizationRules[0]: Invalid input: expected object, received null`],
    ["a target attribute that is missing", "drift-mapping.json", (p) => delete p.resource_drift[0].change.after.body.synchronizationRules[0].objectMappings[0].attributeMappings[0].targetAttributeName, `${SCHEMA} change.after.body.synchronizationRules[0].objectMappings[0].attributeMappings[0].targetAttributeName: Invalid input: expected string, received undefined`],
    ["filter values that are not strings", "drift-mapping.json", (p) => (p.resource_drift[0].change.after.body.synchronizationRules[0].objectMappings[0].scope = { groups: [{ name: "g", clauses: [{ targetOperand: { values: [1] } }] }] }), `${SCHEMA} change.after.body.synchronizationRules[0].objectMappings[0].scope.groups[0].clauses[0].targetOperand.values[0]: Invalid input: expected string, received number`],
    ["a job's enabled that is a string", "drift-paused-job.json", (p) => (p.prior_state.values.root_module.resources.find((r: any) => r.address.startsWith("azuread_synchronization_job.iprova")).values.enabled = "yes"), "prior_state (azuread_synchronization_job.iprova_provisioning_job_D11DF302) values.enabled: Invalid input: expected boolean, received string"],
    ["a job schedule that is not a list", "drift-paused-job.json", (p) => { p.resource_drift[0].change.after.schedule = { state: "Paused" }; p.prior_state.values.root_module.resources = p.prior_state.values.root_module.resources.filter((r: any) => !r.address.startsWith("azuread_synchronization_job.iprova")); }, `${JOB} change.after.schedule: Invalid input: expected array, received object`],
  ];
  test.each(cases)("%s", (_, fixture, edit, message) => {
    const p = load(fixture);
    edit(p);
    const r = drift(p);
    expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: 1, out: "", err: `drift: ${r.file}: ${message}${TAIL}\n` });
  });

  test.each([
    ["resource_drift not a list", (p: any) => (p.resource_drift = {}), "resource_drift: Invalid input: expected array, received object"],
    ["a resource_drift entry that is null", (p: any) => (p.resource_drift = [null]), "resource_drift.0: Invalid input: expected object, received null"],
    ["a change without actions", (p: any) => delete p.resource_drift[0].change.actions, "resource_drift.0.change.actions: Invalid input: expected array, received undefined"],
    ["variables that are a list", (p: any) => (p.variables = ["SENTINEL-drift-token-old-41a7"]), "variables: Invalid input: expected record, received array"],
    ["a variable name that is hostile", (p: any) => (p.variables = { "\u001b[2Jx": 5 }), "variables.␛[2Jx: Invalid input: expected object, received number"],
    ["a check without status", (p: any) => (p.checks = [{ address: { to_display: "x" } }]), "checks.0.status: Invalid input: expected string, received undefined"],
  ])("%s", (_, edit, message) => {
    const p = load("drift-tenant-url.json");
    edit(p);
    const r = drift(p);
    expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: 1, out: "", err: `drift: ${r.file}: ${message}${TAIL}\n` });
  });

  test.each([
    ["null", "(root): Invalid input: expected object, received null"],
    ["[]", "(root): Invalid input: expected object, received array"],
    ['"SENTINEL-drift-token-old-41a7"', "(root): Invalid input: expected object, received string"],
    ["SENTINEL-drift-token-old-41a7", "not valid JSON at line 1, column 1"],
    ['{"format_version": "1.2", "variables": {"t": {"value": "SENTINEL-drift-token-old-41a7"}', "not valid JSON: it ends early (unterminated string, object or list)"],
    ['{"format_version": "\u001b[2J"}', "not valid JSON at line 1, column 21"],
    ['{"format_version": "9\\u001b[2J"}', "plan format 9␛[2J is not supported; expected format 1.x (Terraform >= 1.0)"],
  ])("a plan file of %j", (text, message) => {
    const r = drift(text);
    const expected = message.includes("supported") ? message : `${message}${TAIL}`;
    expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: 1, out: "", err: `drift: ${r.file}: ${expected}\n` });
  });

  test("child modules nested 100,000 deep: one line, no stack overflow", () => {
    const text = `{"format_version":"1.2","prior_state":{"values":{"root_module":${'{"child_modules":['.repeat(100_000)}{}${"]}".repeat(100_000)}}}}`;
    const r = drift(text);
    expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: 1, out: "", err: `drift: ${r.file}: prior_state.values.root_module: child modules nest deeper than 100 levels${TAIL}\n` });
  });
});

describe("hostile strings in the plan: printable, credentials redacted, tokens cut out", () => {
  test("a tenant URL with credentials, ANSI escapes and a line break; the token copied into it and into the email", () => {
    const { p, after } = secretChange();
    after.credential[0].value = "https://admin:SENTINEL-url-pass@evil.example.com/scim/\u001b[2J\n# forged/SENTINEL-drift-token-new-93be";
    after.credential[3].value = JSON.stringify({ Enabled: true, Recipients: "SENTINEL-drift-token-new-93be@contoso.com\u202e", DeleteThresholdEnabled: true, DeleteThresholdValue: 500 });
    const r = drift(p);
    expect(r.code).toBe(2);
    expect(r.err).toBe("");
    expect(r.out).not.toContain("SENTINEL-url-pass");
    expect(r.out.split("\n")).toEqual([
      "example-tenant: 3 change(s) outside code",
      "- SmartFile: tenant URL changed outside code: https://demo1test.smartfile.com/ftp/scim → https://***@evil.example.com/scim/␛[2J␊# forged/*** (declared https://demo1test.smartfile.com/ftp/scim)",
      "- SmartFile: credential SecretToken was changed outside code",
      "- SmartFile: notification email changed outside code: idm-team@contoso.com → ***@contoso.com‹U+202E›",
      "",
    ]);
  });

  test("--json: the same items, cleaned the same way, terminal-safe JSON", () => {
    const { p, after } = secretChange();
    after.credential[0].value = "https://a.example.com/\u009b2J\u2028x";
    const r = drift(p, ["--json"]);
    expect(r.code).toBe(2);
    const items = JSON.parse(r.out).items;
    expect(items[0].message).toBe("SmartFile: tenant URL changed outside code: https://demo1test.smartfile.com/ftp/scim → https://a.example.com/‹U+009B›2J‹U+2028›x (declared https://demo1test.smartfile.com/ftp/scim)");
  });

  test("a tenant URL whose text names another host than it reaches says which host it reaches", () => {
    const { p, after } = secretChange();
    after.credential[0].value = "https://demo1test.smartfile.com%2eevil.example/ftp/scim";
    const r = drift(p, ["--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).items[0].message).toBe(
      "SmartFile: tenant URL changed outside code: https://demo1test.smartfile.com/ftp/scim → https://demo1test.smartfile.com%2eevil.example/ftp/scim (host demo1test.smartfile.com.evil.example) (declared https://demo1test.smartfile.com/ftp/scim)",
    );
  });

  test("a display name, a mapping source and a check message from the plan, with escapes and the token in them", () => {
    const p = load("drift-mapping.json");
    const mappings = p.resource_drift[0].change.after.body.synchronizationRules[0].objectMappings[0].attributeMappings;
    // A declared mapping (iProva declares department), its source an OSC 8 hyperlink carrying a token.
    const department = mappings.find((m: any) => m.targetAttributeName.endsWith(":department"));
    department.source.expression = "[mail]\u001b]8;;https://evil\u0007SENTINEL-drift-token-ipass-5c2e";
    p.checks = [{ address: { to_display: "check.\u001b[31mother" }, status: "fail", instances: [{ problems: [{ message: "job SENTINEL-drift-token-airstack-77d0\r\n quarantined" }] }] }];
    p.resource_drift.push({
      address: "azuread_application_from_template.iprova_gallery-app_application_1AFF0D82",
      type: "azuread_application_from_template",
      change: { actions: ["update"], before: { display_name: "iProva" }, after: { display_name: "iProva\n- SmartFile: no drift\u001b[2K" } },
    });
    const r = drift(p);
    expect(r.code).toBe(2);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("example-tenant: 3 change(s) outside code");
    expect(lines).toContain("- iProva: display name changed outside code: iProva → iProva␊- SmartFile: no drift␛[2K (declared iProva)");
    expect(lines.find((l) => l.includes(":department"))).toBe(
      "- iProva: user mapping urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department changed outside code: [department] → [mail]␛]8;;https://evil␇***",
    );
    expect(lines).toContain("- check.␛[31mother failed: job ***␍␊ quarantined");
    expect(lines).toHaveLength(5); // 3 items, the heading and the final newline: no value split a line
  });

  test("an unknown resource whose address is hostile", () => {
    const p = load("drift-none.json");
    p.resource_drift.push({ address: "terraform_data.x\u001b[2J\u2028", type: "terraform_data", change: { actions: ["update"], before: { a: 1 }, after: { a: 2 } } });
    const r = drift(p);
    expect(r.code).toBe(2);
    expect(r.out).toBe("example-tenant: 1 change(s) outside code\n- terraform_data.x␛[2J‹U+2028› changed outside code (update)\n");
  });
});
