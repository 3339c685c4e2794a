/**
 * npm run preview: exit codes, the --json shape, --base changes, bad input files, and hostile
 * strings from the users file escaped in the table.
 */
import { clone } from "../review/manifests";
import { file, GROUPS, hrApp, outWith, preview, USERS } from "./fixtures";

const USAGE = "usage: npm run preview -- --app ID --users USERS.json [--groups GROUPS.json] [--out DIR] [--stack S] [--template TEMPLATE_SCHEMA.json] [--base DIR] [--json] [--help]\n";

describe("npm run preview --json", () => {
  test("each user: scope (the filter that matched, or why not) and the attributes the app receives", () => {
    const out = outWith(hrApp());
    const r = preview(["--out", out, "--app", "hr", "--users", file("users.json", USERS), "--groups", file("groups.json", GROUPS), "--json"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(JSON.parse(r.out)).toEqual({
      app: "hr",
      users: [
        {
          id: "u-ada",
          userPrincipalName: "ada@contoso.com",
          inScope: true,
          scopeGroup: "Contoso",
          attributes: {
            userName: "ada@contoso.com",
            active: "True",
            displayName: "Ada Lovelace",
            'emails[type eq "work"].value': "ada@contoso.com",
            title: "Engineer",
            roles: [{ primary: false, type: "WindowsAzureActiveDirectoryRole", display: "Admin", value: "Admin" }],
            externalId: "E1",
          },
        },
        {
          id: "u-bob",
          userPrincipalName: "bob@contoso.com",
          inScope: true,
          scopeGroup: "Contoso",
          attributes: {
            userName: "bob@contoso.com",
            active: "False",
            displayName: "Bob",
            title: "Employee",
            roles: [{ primary: false, type: "WindowsAzureActiveDirectoryRole", display: "User", value: "User" }],
          },
        },
        { id: "u-carol", userPrincipalName: "carol@contoso.com", inScope: false, reason: "not assigned to the app (scope: assigned users and groups only)", attributes: {} },
        { id: "u-dave", userPrincipalName: "dave@fabrikam.com", inScope: false, reason: '"Contoso": userPrincipalName REGEX MATCH "@contoso\\\\.com$" does not hold', attributes: {} },
      ],
    });
  });

  test("a plain array of users reads like a Graph page", () => {
    const out = outWith(hrApp());
    const r = preview(["--out", out, "--app", "hr", "--users", file("users.json", USERS.value), "--groups", file("groups.json", { value: GROUPS }), "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).users).toHaveLength(4);
  });

  test("a mapping that cannot be evaluated is listed for the user, and the exit code is 1", () => {
    const app = hrApp();
    app.users.mappings.push({ target: "urn:x:hired", source: "CDate([employeeHireDate])", apply: "always" });
    const users = clone(USERS);
    (users.value[0] as Record<string, unknown>).employeeHireDate = "last tuesday";
    const r = preview(["--out", outWith(app), "--app", "hr", "--users", file("users.json", users), "--groups", file("groups.json", GROUPS), "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).users[0].errors).toEqual([
      { attribute: "urn:x:hired", message: 'CDate: argument 1: cannot read "last tuesday" as a date/time; expected ISO 8601 (2021-06-30T08:00:00+08:00, 2021-06-30) or M/d/yyyy h:mm:ss tt' },
    ]);
  });
});

describe("--base: only the users whose scope or attributes differ", () => {
  test("a changed mapping and a changed filter", () => {
    const before = hrApp();
    const after = hrApp();
    after.users.mappings[0] = { target: "userName", source: 'Replace([userPrincipalName], "@contoso.com", , , "@contoso.net", , )', matching: 1, apply: "always" };
    after.users.scope = [{ name: "Contoso", all: [{ attribute: "userPrincipalName", operator: "REGEX MATCH", values: ["@(contoso\\.com|fabrikam\\.com)$"] }, { attribute: "accountEnabled", operator: "IS TRUE", values: [] }] }];
    const args = ["--app", "hr", "--users", file("users.json", USERS), "--groups", file("groups.json", GROUPS)];
    const r = preview(["--out", outWith(after), "--base", outWith(before), ...args, "--json"]);
    expect(r.code).toBe(0);
    const users = JSON.parse(r.out).users;
    expect(users.map((u: { id: string }) => u.id)).toEqual(["u-ada", "u-bob", "u-dave"]);
    expect(users[0].changes).toEqual([{ attribute: "userName", before: "ada@contoso.com", after: "ada@contoso.net" }]);
    expect(users[1]).toMatchObject({ inScope: false, reason: '"Contoso": accountEnabled IS TRUE does not hold', changes: [{ attribute: "(scope)", before: true, after: false }, { attribute: "active", before: "False", after: null }, { attribute: "displayName", before: "Bob", after: null }, { attribute: "roles", before: [{ primary: false, type: "WindowsAzureActiveDirectoryRole", display: "User", value: "User" }], after: null }, { attribute: "title", before: "Employee", after: null }, { attribute: "userName", before: "bob@contoso.com", after: null }] });
    expect(users[2]).toMatchObject({ inScope: true, scopeGroup: "Contoso", changes: [{ attribute: "(scope)", before: false, after: true }, { attribute: "active", before: null, after: "True" }, { attribute: "displayName", before: null, after: "Dave" }, { attribute: "roles", before: null, after: [{ primary: false, type: "WindowsAzureActiveDirectoryRole", display: "User", value: "User" }] }, { attribute: "title", before: null, after: "Employee" }, { attribute: "userName", before: null, after: "dave@fabrikam.com" }] });

    const table = preview(["--out", outWith(after), "--base", outWith(before), ...args]);
    expect(table.out).toContain("3 user(s) differ (1 user change userName; 1 leave scope; 1 enter scope)");
    expect(table.out).toMatch(/ada@contoso\.com +userName +"ada@contoso\.com" +"ada@contoso\.net"\n/);
    expect(table.out).toMatch(/bob@contoso\.com +\(scope\) +in +out: "Contoso": accountEnabled IS TRUE does not hold\n/);
  });

  test("merge mode: a mapping no longer declared stays as the base deployed it (deploy leaves it), so nobody changes", () => {
    const merge = (app: ReturnType<typeof hrApp>) => ({ ...app, mappingMode: "merge" as const });
    const before = merge(hrApp());
    const after = merge(hrApp());
    after.users.mappings = after.users.mappings.filter((m) => m.target !== "title");
    const template = file("template.json", []);
    const args = ["--app", "hr", "--users", file("users.json", USERS), "--groups", file("groups.json", GROUPS), "--template", template, "--json"];
    expect(JSON.parse(preview(["--out", outWith(after), "--base", outWith(before), ...args]).out).users).toEqual([]);
    // Removing it is a change.
    after.users.removed = ["title"];
    const removed = JSON.parse(preview(["--out", outWith(after), "--base", outWith(before), ...args]).out).users;
    expect(removed.map((u: { changes: unknown }) => u.changes)).toEqual([[{ attribute: "title", before: "Engineer", after: null }], [{ attribute: "title", before: "Employee", after: null }]]);
  });

  test("nothing changed: no users listed", () => {
    const args = ["--app", "hr", "--users", file("users.json", USERS), "--groups", file("groups.json", GROUPS), "--json"];
    const r = preview(["--out", outWith(hrApp()), "--base", outWith(hrApp()), ...args]);
    expect(JSON.parse(r.out)).toEqual({ app: "hr", users: [] });
  });

  test("an app the base does not have: every in-scope user enters scope", () => {
    const other = { ...hrApp(), id: "other" };
    const r = preview(["--out", outWith(hrApp()), "--base", outWith(other), "--app", "hr", "--users", file("users.json", USERS), "--groups", file("groups.json", GROUPS), "--json"]);
    expect(JSON.parse(r.out).users.map((u: { id: string; changes: { attribute: string }[] }) => [u.id, u.changes[0].attribute])).toEqual([
      ["u-ada", "(scope)"],
      ["u-bob", "(scope)"],
    ]);
  });
});

describe("exit codes and one-line errors", () => {
  const out = outWith(hrApp());
  const users = file("users.json", USERS);
  const groups = file("groups.json", GROUPS);

  test("--help prints the usage, every option and the exit codes, and exits 0", () => {
    const r = preview(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith(USAGE)).toBe(true);
    expect(r.out).toContain("  64  usage or input error");
  });

  test.each([
    [["--users", "u.json"], "preview: --app is required\n"],
    [["--app", "hr"], "preview: --users is required\n"],
    [["--app", "hr", "--users", "u.json", "--frobnicate"], "preview: Unknown option '--frobnicate'\n"],
  ])("%j exits 64", (args, message) => {
    const r = preview(args);
    expect(r).toEqual({ code: 64, out: "", err: message + USAGE });
    expect(r.err.split("\n")).toHaveLength(3); // the problem, the usage line, the final newline
  });

  test("an app the output does not have", () => {
    expect(preview(["--out", out, "--app", "payroll", "--users", users])).toEqual({
      code: 64,
      out: "",
      err: `preview: --app: no app "payroll" in ${out}; apps found: prod/hr\n${USAGE}`,
    });
  });

  test("a merge-mode app needs its template", () => {
    const merge = { ...hrApp(), mappingMode: "merge" as const };
    const r = preview(["--out", outWith(merge), "--app", "hr", "--users", users, "--groups", groups]);
    expect(r.code).toBe(64);
    expect(r.err.split("\n")[0]).toBe("preview: --template: prod/hr changes its gallery template's mappings (mappingMode merge); pass --template TEMPLATE_SCHEMA.json, the job or template schema (GET .../schema)");
  });

  test("group assignments need the groups file", () => {
    const r = preview(["--out", out, "--app", "hr", "--users", users]);
    expect(r.code).toBe(64);
    expect(r.err.split("\n")[0]).toBe('preview: --groups: prod/hr assigns groups ("Staff"); pass --groups GROUPS.json (GET /groups?$expand=members) to see who they assign');
  });

  test("a users file that is not JSON: the file, the line and the column", () => {
    const bad = file("users.json", '{ "value": [\n  { "id": "u1" },\n  { "id": "u2", }\n] }');
    expect(preview(["--out", out, "--app", "hr", "--users", bad, "--groups", groups])).toEqual({ code: 64, out: "", err: `preview: ${bad}: not valid JSON at line 3, column 17; expected the users as JSON\n` });
  });

  test.each([
    [{ value: [{ id: "u1" }, { userPrincipalName: "x@contoso.com" }] }, "value[1].id: Invalid input: expected string, received undefined"],
    [[{ id: "u1", accountEnabled: "yes" }], "[0].accountEnabled: Invalid input: expected boolean, received string"],
    [{ value: [{ id: "u1", onPremisesExtensionAttributes: { extensionAttribute1: 7 } }] }, "value[0].onPremisesExtensionAttributes.extensionAttribute1: Invalid input: expected string, received number"],
    [{ value: [{ id: "u1" }, { id: "u1" }] }, "value[1].id: is the id of value[0] too; expected each object once"],
    [{ users: [] }, '(document): expected users as Graph returns them: { "value": [...] } or a JSON array'],
  ])("a users file with a bad entry: the file and the entry's position (%#)", (content, message) => {
    const bad = file("users.json", content);
    expect(preview(["--out", out, "--app", "hr", "--users", bad, "--groups", groups])).toEqual({ code: 64, out: "", err: `preview: ${bad}: ${message}\n` });
  });

  test("a users file that does not exist", () => {
    expect(preview(["--out", out, "--app", "hr", "--users", "/nonexistent/users.json", "--groups", groups])).toEqual({ code: 64, out: "", err: "preview: /nonexistent/users.json: cannot read the users (ENOENT)\n" });
  });

  test("a missing synth output is the manifest reader's one line", () => {
    const r = preview(["--out", "/nonexistent/out", "--app", "hr", "--users", users]);
    expect(r).toEqual({ code: 64, out: "", err: "preview: /nonexistent/out/stacks: no synthesized stacks; run 'npm run synth' first (or pass --out DIR)\n" });
  });
});

describe("hostile strings in user data are escaped in the table", () => {
  test("control characters, line breaks and bidi overrides show as visible stand-ins", () => {
    const hostile = clone(USERS);
    hostile.value[0].displayName = "Ada\u001b[2J\u001b]0;pwned\u0007\r\nFAKE ROW\u202egnp.exe\u2028";
    hostile.value[0].userPrincipalName = "ada@contoso.com";
    (hostile.value[0] as Record<string, unknown>).jobTitle = "\u009b31m red";
    const r = preview(["--out", outWith(hrApp()), "--app", "hr", "--users", file("users.json", hostile), "--groups", file("groups.json", GROUPS)]);
    expect(r.code).toBe(0);
    // Nothing a terminal acts on: only printable text and the table's own newlines.
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(r.out).toContain('displayName                   "Ada\\u001b[2J\\u001b]0;pwned\\u0007\\r\\nFAKE ROW‹U+202E›gnp.exe‹U+2028›"');
    expect(r.out).toContain('"‹U+009B›31m red"');
    // Every line of the table is one user row or its continuation: no injected row.
    expect(r.out.split("\n").some((l) => l.startsWith("FAKE ROW"))).toBe(false);
  });

  test("a hostile user principal name and scope reason in the table, and in --json", () => {
    const hostile = clone(USERS);
    hostile.value[3].userPrincipalName = "dave\u001b[31m@fabrikam.com\u202e";
    const args = ["--out", outWith(hrApp()), "--app", "hr", "--users", file("users.json", hostile), "--groups", file("groups.json", GROUPS)];
    const table = preview(args);
    expect(table.out).toContain("dave␛[31m@fabrikam.com‹U+202E›  out");
    const json = preview([...args, "--json"]);
    expect(json.out).not.toMatch(/[\u001b\u202e]/);
    expect(JSON.parse(json.out).users[3].userPrincipalName).toBe("dave\u001b[31m@fabrikam.com\u202e");
  });
});
