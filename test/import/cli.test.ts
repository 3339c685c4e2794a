/**
 * npm run import, offline mode, end to end through main(): the command line (help, usage errors,
 * exit codes), input files that are not schemas, what cannot be imported reported by name, and
 * the generated file itself: written into a project directory, compiled and synthesized, with a
 * hostile display name that must stay a string.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Testing } from "cdktf";
import { Connectors, EntraTenantStack, ScimProvisionedApp } from "../../constructs";
import { IMPORT_COMMAND, main } from "../../cli/import";
import { helpText } from "../../cli/usage";
import { jobFixture, schemaFixture } from "./support";

const REPO = resolve(__dirname, "..", "..");

/** A project directory with constructs/ and node_modules/ of this repository. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "import-project-"));
  symlinkSync(join(REPO, "constructs"), join(dir, "constructs"));
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  mkdirSync(join(dir, "schemas"));
  return dir;
}

function write(dir: string, name: string, value: unknown): string {
  const file = join(dir, "schemas", name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } }, { cwd });
  return { code, stdout, stderr };
}

const USAGE = "usage: npm run import -- --tenant T --app NAME|OBJECT_ID [--stack S] [--out FILE.ts] [--force] [--schema JOB_SCHEMA.json] [--template TEMPLATE_SCHEMA.json] [--connector KEY] [--tenant-url URL] [--registered-domains D1,D2] [--environment CLOUD] [--timeout-ms N] [--help]";

describe("npm run import: command line", () => {
  test("--help prints every option and the exit codes, exit 0", async () => {
    const r = await run(["--help"], REPO);
    expect(r).toEqual({ code: 0, stdout: helpText(IMPORT_COMMAND), stderr: "" });
    expect(r.stdout.split("\n")[0]).toBe(USAGE);
    expect(r.stdout).toContain("  64  usage error");
  });

  test("an unknown option is one line plus the usage line, exit 64", async () => {
    expect(await run(["--tenant", "t", "--bogus"], REPO)).toEqual({ code: 64, stdout: "", stderr: `import: Unknown option '--bogus'\n${USAGE}\n` });
  });

  test.each([
    [["--app", "x"], "import: --tenant is required (the tenant id or its initial domain)"],
    [["--tenant", "t"], "import: --app is required (the enterprise app's display name or object id)"],
    [["--tenant", "t", "--app", "x", "--schema", "a.json"], "import: --schema and --template go together (offline mode reads both)"],
    [["--tenant", "t", "--app", "x", "--connector", "okta"], 'import: --connector "okta" is not a connector; expected one of ipassSmartConnect, iprova, airstack, smartFile, genericScim'],
    [["--tenant", "t", "--app", "x", "--timeout-ms", "5"], "import: --timeout-ms must be a whole number from 1000 to 600000"],
  ])("%j is a usage error, exit 64", async (argv, line) => {
    expect(await run(argv, REPO)).toEqual({ code: 64, stdout: "", stderr: `${line}\n${USAGE}\n` });
  });
});

describe("npm run import: offline input", () => {
  const dir = project();
  const template = write(dir, "template.json", { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x", id: "scim", synchronizationRules: schemaFixture("users-first"), directories: [] });
  const template_ = template;
  const args = (schema: string) => ["--tenant", "contoso.onmicrosoft.com", "--app", "Portal app", "--schema", schema, "--template", template, "--tenant-url", "https://scim.example.com/scim", "--out", "-"];

  test.each([
    ["not JSON", "{ nope", "is not JSON; expected a synchronization schema"],
    ["an unrelated object", { value: [] }, "is not a synchronization schema; expected a JSON object with synchronizationRules (GET .../schema, or the portal's schema editor download)"],
    ["a rule with a mapping without target", [{ objectMappings: [{ sourceObjectName: "User", targetObjectName: "User", attributeMappings: [{ source: null }] }] }], "is not a list of synchronization rules: [0].objectMappings[0].attributeMappings[0].targetAttributeName: missing is not a string; expected a string"],
    ["a hostile deep document", JSON.parse("[".repeat(200) + "]".repeat(200)), "nests deeper than 64 levels; expected a synchronization schema"],
  ])("%s is one clear error naming the file, exit 1", async (_what, content, message) => {
    const file = write(dir, `bad-${Math.random()}.json`, content);
    expect(await run(args(file), dir)).toEqual({ code: 1, stdout: "", stderr: `import: --schema ${file}: ${message}\n` });
  });

  test("the Graph form (with @odata.context and directories) and the bare rules list both read", async () => {
    const job = write(dir, "job.json", jobFixture("removed-defaults"));
    const r = await run(args(job), dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('{ target: "title", remove: true },');
  });

  test("genericScim without --tenant-url stops with what to pass, exit 1", async () => {
    const job = write(dir, "job2.json", jobFixture("removed-defaults"));
    const r = await run(args(job).filter((a, i, all) => a !== "--tenant-url" && all[i - 1] !== "--tenant-url"), dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: "import: Non-gallery SCIM app needs its tenant URL, which Entra keeps in the job's secrets (never read by import); pass --tenant-url https://... (portal: Provisioning > Admin Credentials > Tenant URL)\n",
    });
  });

  test("what no declaration can carry is reported by name on stderr and in the file", async () => {
    const job = write(dir, "inexpressible.json", jobFixture("inexpressible"));
    const r = await run(args(job), dir);
    expect(r.code).toBe(0);
    const reported = r.stderr.split("\n").filter((l) => l.startsWith("import: not imported: "));
    expect(reported).toEqual([
      "import: not imported: offline: assignments and adopt ids come only from Graph; none are declared",
      'import: not imported: rule "USER_GROUP_TO_SCIM": object mapping "ServicePrincipal" -> "User" is in the job but not in the template; object mappings cannot be added by declarations',
      'import: not imported: users (object mapping "User" -> "User"): flowTypes differ from the template; these object-mapping fields cannot be declared',
      'import: not imported: users: mapping "displayName": flowBehavior "FlowAlways" cannot be declared; deploy keeps "FlowWhenChanged"',
      'import: not imported: users: mapping "title": flowType "ValueAddOnly" cannot be declared (apply is "always" or "onCreateOnly"); the mapping is not imported and stays as the template has it',
      'import: not imported: users: mapping "nickName": its source cannot be written as an expression (function "Frobnicate" is not in Entra\'s function reference); the mapping is not imported and stays as the template has it',
      "import: not imported: userScope: inputFilterGroups (experimental in Graph) differ from the template; only scoping filter groups can be declared",
      'import: not imported: userMappings "urn:acme:bad target\\u0007" is not imported: target: "urn:acme:bad target␇" is not an attribute of Non-gallery SCIM app\'s SCIM User schema; expected a core SCIM attribute, an enterprise extension attribute, one the connector adds, or one declared in targetAttributes.users',
    ]);
    // The declarable part of displayName is declared; the rest is not.
    expect(r.stdout).toContain('userMappings: [{ target: "displayName", source: "[mailNickname]" }],');
    expect(r.stdout).not.toContain('target: "nickName"');
    expect(r.stdout).toContain(' * - users: mapping "title": flowType "ValueAddOnly" cannot be declared');
    // No control character reaches the terminal or the file.
    expect(r.stderr + r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  test("every setting it could not read is listed, and declared in the file as the deploy will write it", async () => {
    const job = write(dir, "unread.json", jobFixture("removed-defaults"));
    const r = await run(args(job), dir);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("import: not read: "))).toEqual([
      "import: not read: scope (portal: Provisioning > Settings > Scope): a deploy writes sync only assigned users and groups unless you set scope to the portal's value",
      "import: not read: notifications (portal: Provisioning > Settings > Notification Email): a deploy writes no notification email unless you set notifications to the portal's value",
      "import: not read: accidentalDeletions (portal: Provisioning > Settings > Prevent accidental deletion, Accidental deletion threshold): a deploy writes prevention on, threshold 500 unless you set accidentalDeletions to the portal's value",
      "import: not read: provisioning (portal: Provisioning Status): a deploy writes provisioning on (the job is started) unless you set provisioning to the portal's value",
    ]);
    // Nothing is left to a silent default: each is in the code, with what the deploy does.
    expect(r.stdout).toContain(" * NOT READ from the portal, and WRITTEN by a deploy of this file as declared below (set each to the portal's value first):");
    for (const line of [
      '    // NOT READ (Provisioning > Settings > Scope): a deploy writes sync only assigned users and groups; set the portal\'s value.\n    scope: "assignedOnly",',
      '    // NOT READ (Provisioning > Settings > Notification Email): a deploy writes no notification email; set the portal\'s value.\n    // notifications: { email: "idm-team@contoso.com", sendOnFailure: true },',
      "    accidentalDeletions: { threshold: 500 },",
      '    // NOT READ (Provisioning Status): a deploy writes provisioning on (the job is started); set the portal\'s value.\n    provisioning: "on",',
    ]) {
      expect(r.stdout).toContain(line);
    }
  });

  test.each([
    [
      "another app's template (its rule connects other directories)",
      () => schemaFixture("microsoft-doc-salesforce"),
      () => jobFixture("removed-defaults"),
      'the job\'s rule "USER_GROUP_TO_SCIM" ("Azure Active Directory" -> "customappsso") connects directories no rule of the template connects',
    ],
    [
      "an object mapped to another target object",
      () => schemaFixture("users-first"),
      () => jobFixture("removed-defaults").map((r: any) => ({ ...r, objectMappings: r.objectMappings.map((om: any) => (om.sourceObjectName === "Group" ? { ...om, targetObjectName: "Team" } : om)) })),
      'object "Group" maps to "Team" in the job and to "Group" in the template (rule "USER_GROUP_TO_SCIM")',
    ],
    [
      "a target attribute of another type",
      () => ({ synchronizationRules: schemaFixture("users-first"), directories: [{ name: "customappsso", objects: [{ name: "User", attributes: [{ name: "active", type: "Boolean" }, { name: "userName", type: "String" }] }] }] }),
      () => ({ synchronizationRules: jobFixture("removed-defaults"), directories: [{ name: "customappsso", objects: [{ name: "User", attributes: [{ name: "active", type: "String" }, { name: "userName", type: "String" }] }] }] }),
      'attribute "active" of object "User" in directory "customappsso" is "String" in the job and "Boolean" in the template',
    ],
  ])("a job schema not made from the given template is refused in one line: %s", async (_what, template, job, difference) => {
    const t = write(dir, `t-${Math.random()}.json`, template());
    const j = write(dir, `j-${Math.random()}.json`, job());
    const argv = args(j).map((a) => (a === template_ ? t : a));
    const r = await run(argv, dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: `import: --schema ${j} was not made from --template ${t}: ${difference}; expected the job's schema and the schema of the template it was created from (GET .../jobs/{id}/schema and .../templates/{templateId}/schema of the same app)\n`,
    });
  });

  test("a hostile schema's cdktf token text (a mapping default) is refused, nothing written", async () => {
    const job = JSON.parse(JSON.stringify(jobFixture("inexpressible")));
    const displayName = job.find((r: any) => r.objectMappings)?.objectMappings.flatMap((o: any) => o.attributeMappings).find((m: any) => m.targetAttributeName === "displayName");
    displayName.defaultValue = "${TfToken[TOKEN.3]}";
    const r = await run(args(write(dir, "token-text.json", job)), dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: "import: Graph data holds cdktf token text (${TfToken[...]}), which cdktf would turn into a Terraform reference: userMappings[0].defaultValue; change the value in the portal (or its schema) and import again\n",
    });
  });

  test("an existing --out is not overwritten without --force", async () => {
    const job = write(dir, "job3.json", jobFixture("removed-defaults"));
    writeFileSync(join(dir, "mine.ts"), "// mine\n");
    const a = args(job).slice(0, -2).concat(["--out", "mine.ts"]);
    expect(await run(a, dir)).toEqual({ code: 1, stdout: "", stderr: "import: --out mine.ts exists; pass --force to overwrite it (review the changes with git diff)\n" });
    expect(readFileSync(join(dir, "mine.ts"), "utf8")).toBe("// mine\n");
    expect((await run([...a, "--force"], dir)).code).toBe(0);
    expect(readFileSync(join(dir, "mine.ts"), "utf8")).toContain("export class PortalAppStack");
  });

  test("--out through a symbolic link is refused, a dangling one too (a pull request can commit one); nothing is written", async () => {
    const job = write(dir, "job4.json", jobFixture("removed-defaults"));
    const outside = mkdtempSync(join(tmpdir(), "import-outside-"));
    mkdirSync(join(dir, "linked"));
    symlinkSync(join(outside, "planted.ts"), join(dir, "linked", "app.ts"));
    const a = args(job).slice(0, -2).concat(["--out", "linked/app.ts"]);
    const refused = "import: --out linked/app.ts: is a symbolic link; expected a regular file or a new path (links are not followed)\n";
    expect(await run(a, dir)).toEqual({ code: 1, stdout: "", stderr: refused });
    expect(await run([...a, "--force"], dir)).toEqual({ code: 1, stdout: "", stderr: refused });
    expect(existsSync(join(outside, "planted.ts"))).toBe(false);
    // A directory that is a link is refused as well.
    symlinkSync(outside, join(dir, "elsewhere"));
    expect(await run(args(job).slice(0, -2).concat(["--out", "elsewhere/app.ts"]), dir)).toEqual({
      code: 1,
      stdout: "",
      stderr: "import: --out elsewhere/app.ts: its directory is a symbolic link; expected a real directory (links are not followed)\n",
    });
    expect(existsSync(join(outside, "app.ts"))).toBe(false);
  });
});

describe("npm run import: the generated file synthesizes", () => {
  const HOSTILE = 'Evil" }); process.exit(3); /* `${var.x}` */ \\u2028 // end';
  const dir = project();

  test("written beside the project's constructs/, compiled and synthesized, it declares exactly the imported app", async () => {
    const template = write(dir, "t.json", schemaFixture("users-first"));
    const job = write(dir, "j.json", jobFixture("nested-expressions"));
    const r = await run(["--tenant", "contoso.onmicrosoft.com", "--app", HOSTILE, "--schema", job, "--template", template, "--tenant-url", "https://scim.example.com/scim", "--stack", "adopted", "--out", "stacks/portal.ts"], dir);
    expect(r.code).toBe(0);
    const code = readFileSync(join(dir, "stacks", "portal.ts"), "utf8");
    expect(code).toContain('from "../constructs";');
    expect(code).toContain('displayName: "Evil\\" }); process.exit(3); /* `${var.x}` */ \\\\u2028 // end",');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const generated = require(join(dir, "stacks", "portal.ts"));
    const stackClass = Object.values<any>(generated).find((v) => typeof v === "function" && /Stack$/.test(v.name));
    const stack = new stackClass(Testing.app());
    expect(stack.node.id).toBe("adopted");
    const json = JSON.parse(Testing.synth(stack));
    const application: any = Object.values(json.resource.azuread_application_from_template)[0];
    expect(application.display_name).toBe('Evil" }); process.exit(3); /* `$${var.x}` */ \\u2028 // end');
    const declared: any = Object.values(json.locals).find((l: any) => typeof l === "object" && l.objects);
    expect(Object.keys(declared.objects.User.mappings).sort()).toEqual(["displayname", 'emails[type eq "work"].value', "externalid", "locale", "nickname", "preferredlanguage", "title"]);
    expect(r.stderr).toContain("import: the token is never read: set TF_VAR_evil-process-exit-3-var-x-u2028-end_secret_token".replace(/-/g, "_"));
  });
  test("the token variable it names is the one synth uses, also when another stack declares the same app id", async () => {
    const template = write(dir, "t4.json", schemaFixture("users-first"));
    const job = write(dir, "j4.json", jobFixture("removed-defaults"));
    const r = await run(["--tenant", "contoso.onmicrosoft.com", "--app", "iProva", "--connector", "iprova", "--schema", job, "--template", template, "--stack", "contoso-prod", "--out", "stacks/iprova.ts"], dir);
    expect(r.code).toBe(0);
    const alternative = 'TF_VAR_contoso_prod_iprova_secret_token if another stack also declares an app "iprova"; npm run synth lists the variables a deploy needs';
    expect(r.stderr.split("\n").filter((l) => l.includes("token is never read"))).toEqual([
      `import: the token is never read: set TF_VAR_iprova_secret_token to the app's Secret Token before cdktf diff/deploy (${alternative})`,
    ]);
    const code = readFileSync(join(dir, "stacks", "iprova.ts"), "utf8");
    expect(code).toContain(` * The app's token is not read or written here: set TF_VAR_iprova_secret_token before diff and deploy\n * (${alternative}).\n`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { IprovaStack } = require(join(dir, "stacks", "iprova.ts"));
    const alone = new IprovaStack(Testing.app());
    expect(alone.node.findChild("iprova").tokenVariableName).toBe("iprova_secret_token");
    // Beside the example tenant, which declares "iprova" too: the stack-qualified name.
    const app = Testing.app();
    const imported = new IprovaStack(app);
    new ScimProvisionedApp(new EntraTenantStack(app, "example-tenant", { tenantId: "contoso.onmicrosoft.com" }), "iprova", { connector: Connectors.iprova() });
    expect(`TF_VAR_${imported.node.findChild("iprova").tokenVariableName}`).toBe("TF_VAR_contoso_prod_iprova_secret_token");
  });

  test("a schema file name that would close the header comment stays inside it", async () => {
    // Directories "j*" and " process.exit(4); " holding "*.json": the path reads "j*/ process.exit(4); /*.json".
    const name = "j*/ process.exit(4); /*.json";
    mkdirSync(join(dir, "schemas", "j*", " process.exit(4); "), { recursive: true });
    const template = write(dir, "t3.json", schemaFixture("users-first"));
    const job = write(dir, name, jobFixture("nested-expressions"));
    const r = await run(["--tenant", "contoso.onmicrosoft.com", "--app", "Files", "--schema", job, "--template", template, "--tenant-url", "https://scim.example.com/scim", "--out", "stacks/files.ts"], dir);
    expect(r.code).toBe(0);
    const code = readFileSync(join(dir, "stacks", "files.ts"), "utf8");
    const header = code.slice(0, code.indexOf("\n */\n"));
    expect(header).not.toContain("*/");
    expect(header).toContain("j*\\/ process.exit(4); /*.json");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(() => require(join(dir, "stacks", "files.ts"))).not.toThrow();
  });

  test("a display name the constructs refuse (a line separator) stops the import with their message, exit 1", async () => {
    const template = write(dir, "t2.json", schemaFixture("users-first"));
    const r = await run(["--tenant", "contoso.onmicrosoft.com", "--app", "Two\u2028lines", "--schema", template, "--template", template, "--tenant-url", "https://scim.example.com/scim", "--out", "-"], dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: 'import: the app as read would not synthesize: imported/two-lines: displayName: "Two‹U+2028›lines" contains a control character or line break; expected one line of text\n',
    });
  });
});
