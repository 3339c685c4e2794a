/** The review report and diff on hand-written manifests that exercise every manifest field. */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { main } from "../../cli/review";
import { runCli } from "../support/cli";
import { diffApps } from "../../cli/review/diff";
import { AIRSTACK, SMARTFILE, clone, manifest, writeOut } from "./manifests";

const review = (args: string[]) => runCli(main, args);

describe("review report from a manifest", () => {
  const r = review(["--out", writeOut(manifest([SMARTFILE, AIRSTACK]))]);
  const section = (heading: string) => {
    const start = r.out.indexOf(heading);
    const end = r.out.indexOf("\n## ", start + 1);
    return r.out.slice(start, end < 0 ? undefined : end);
  };

  test("exit 0; one section per app under a stack summary", () => {
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out.startsWith("# Provisioning review\n\n- Stack `prod`: tenant `contoso.onmicrosoft.com` (global), 2 app(s)\n")).toBe(true);
    expect(r.out.match(/^## .*$/gm)).toEqual(["## prod/smartfile: SmartFile (prod)", "## prod/airstack: Airstack"]);
  });

  test("settings in a reviewer's words, never a token value", () => {
    const s = section("## prod/smartfile");
    for (const row of [
      "| Connector | SmartFile (smartFile) |",
      "| Tenant URL | `https://demo1test.smartfile.com/ftp/scim` |",
      "| Secret token | variable `smartfile_secret_token` (set TF_VAR_smartfile_secret_token) |",
      "| Objects | users and groups |",
      "| Scope | assigned users and groups only |",
      "| Provisioning | on |",
      "| Notifications | `idm@contoso.com` (email on failure) |",
      "| Accidental deletions | stop at more than 25 deletions per cycle |",
      "| Mapping mode | merge over the app's template mappings |",
      "| On-demand provisioning | user `alice@contoso.com`, group SmartFile Users |",
    ]) {
      expect(s).toContain(row + "\n");
    }
    const a = section("## prod/airstack");
    for (const row of [
      "| Secret token | a Terraform reference (not a variable) |",
      "| Objects | users |",
      "| Scope | all users and groups |",
      "| Provisioning | off |",
      "| Notifications | none |",
      "| Accidental deletions | prevention off |",
      "| Mapping mode | replace the app's mappings where declared |",
      "| On-demand provisioning | none |",
      "Assignments: none",
      "User scope: none declared; the app's own scoping filters (usually none: every user in scope) apply",
    ]) {
      expect(a).toContain(row + "\n");
    }
    expect(a).not.toContain("Group mappings");
    expect(a).not.toContain("Warning");
  });

  test("connector limitations as warnings; a | in text is escaped (it renders as |, in a table or not)", () => {
    expect(section("## prod/smartfile")).toContain(
      "> **Warning** SmartFile only supports hard deletes.\n\n> **Warning** Group names are limited to 50 characters \\| truncated.\n",
    );
  });

  test("assignments, mapping tables and scoping filters in words (AND inside a filter, OR between filters)", () => {
    expect(section("## prod/smartfile")).toContain(
      [
        "Assignments:",
        "- group `SmartFile Users` as `User`",
        "- user `alice@contoso.com` as `Admin`",
        "",
        "**User mappings** declared (matching attribute: `userName`); every other mapping is the app's template",
        "",
        "| Target | Source | Default | Matching | Apply |",
        "|---|---|---|---|---|",
        "| `userName` | `[userPrincipalName]` | (the app's) | 1 | (the app's) |",
        '| `emails[type eq "work"].value` | `[mail]` | (the app\'s) | (the app\'s) | (the app\'s) |',
        "| `title` | `[jobTitle]` | `Employee` | (the app's) | on create only |",
        "| `userType` | (the app's) | `Member` | no | (the app's) |",
        '| `displayName` | `Join(" ", [givenName], [surname])` | (the app\'s) | (the app\'s) | (the app\'s) |',
        "",
        "(the app's): not declared, so the app's own value stays (Entra's default for a target the app does not map).",
        "",
        'Removed from the app\'s mappings: `phoneNumbers[type eq "work"].value`',
        "",
        "Attributes added to the app's user schema (by name; a field not shown stays as the app has it, or String, single-valued, optional for a new one): `urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge` (Integer, required)",
        "",
        "User scope declared (filters are OR-ed, clauses AND-ed; the app's other filters are kept):",
        "- Contoso sales: userPrincipalName matches regex `.*@(contoso\\.com)$` AND department equals `Sales`",
        "- OR Managers: jobTitle is not empty",
        "",
        "**Group mappings** declared (matching attribute: `displayName`); every other mapping is the app's template",
        "",
        "| Target | Source | Default | Matching | Apply |",
        "|---|---|---|---|---|",
        "| `displayName` | `[displayName]` | (the app's) | 1 | (the app's) |",
        "| `members` | `[members]` | (the app's) | (the app's) | (the app's) |",
        "",
        "(the app's): not declared, so the app's own value stays (Entra's default for a target the app does not map).",
        "",
        "Group scope: none declared; the app's own scoping filters (usually none: every group in scope) apply",
      ].join("\n"),
    );
  });

  test("a | inside a mapping splits the code span around an escaped pipe: one cell, the value whole", () => {
    const app = clone(SMARTFILE);
    app.users.mappings.push({ target: "nickName", source: 'Replace([mail], , "(a|b)", , "", , )', apply: "always" });
    const out = review(["--out", writeOut(manifest([app]))]).out;
    const row = "| `nickName` | `Replace([mail], , \"(a`\\|`b)\", , \"\", , )` | (the app's) | (the app's) | always |";
    expect(out).toContain(row);
    expect(new MarkdownIt({ html: true }).render(`| a | b | c | d | e |\n|---|---|---|---|---|\n${row}\n`)).toContain(
      "<td><code>nickName</code></td>\n<td><code>Replace([mail], , &quot;(a</code>|<code>b)&quot;, , &quot;&quot;, , )</code></td>\n<td>(the app's)</td>",
    );
  });

  test("--stack selects one stack; --format json carries the manifests", () => {
    const out = writeOut(manifest([SMARTFILE]), manifest([AIRSTACK], "staging"));
    expect(review(["--out", out, "--stack", "staging"]).out.match(/^## .*$/gm)).toEqual(["## staging/airstack: Airstack"]);
    const json = JSON.parse(review(["--out", out, "--format", "json"]).out);
    expect(json.stacks.map((m: { stack: string }) => m.stack)).toEqual(["prod", "staging"]);
    expect(json.stacks[0].apps[0]).toEqual(SMARTFILE);
  });
});

test("no token value reaches any output, even with the token variables set", () => {
  const sentinel = "SENTINEL-review-token-9d2f";
  process.env.TF_VAR_smartfile_secret_token = sentinel;
  try {
    const base = writeOut(manifest([AIRSTACK]));
    const out = writeOut(manifest([SMARTFILE, AIRSTACK]));
    for (const args of [["--out", out], ["--out", out, "--format", "json"], ["--out", out, "--base", base], ["--out", out, "--base", base, "--format", "json"]]) {
      const r = review(args);
      expect(r.code).toBe(0);
      expect(r.out).toContain("TF_VAR_smartfile_secret_token");
      expect(r.out + r.err).not.toContain(sentinel);
    }
  } finally {
    delete process.env.TF_VAR_smartfile_secret_token;
  }
});

describe("review diff from manifests", () => {
  test("identical outputs: No provisioning changes.", () => {
    const r = review(["--out", writeOut(manifest([SMARTFILE, AIRSTACK])), "--base", writeOut(manifest([SMARTFILE, AIRSTACK]))]);
    expect(r).toEqual({ code: 0, out: "No provisioning changes.\n", err: "" });
    expect(JSON.parse(review(["--out", writeOut(manifest([SMARTFILE])), "--base", writeOut(manifest([SMARTFILE])), "--format", "json"]).out)).toEqual({
      changed: false,
      apps: [],
    });
  });

  test("every setting, assignment, mapping and filter change, before → after", () => {
    const after = clone(SMARTFILE);
    Object.assign(after, {
      tenantUrl: "https://demo2test.smartfile.com/ftp/scim",
      tokenVariable: "smartfile_token",
      tokenEnv: "TF_VAR_smartfile_token",
      scope: "allUsersAndGroups",
      provisioning: "off",
      notifications: { email: "idm@contoso.com", sendOnFailure: false },
      accidentalDeletions: null,
      mappingMode: "replace",
      onDemand: null,
      groups: null,
      objects: ["users"],
    });
    after.assignments = [SMARTFILE.assignments[0], { principalType: "user", principal: "bob@contoso.com", role: "User" }];
    after.limitations = [SMARTFILE.limitations[0], "Usernames must be unique across SmartFile sites."];
    after.users.matchingAttribute = "externalId";
    // Replace mode: synth writes every field.
    after.users.mappings = [
      { target: "userName", source: "[userPrincipalName]", matching: 2, apply: "always" },
      { target: "externalId", source: "[objectId]", matching: 1, apply: "always" },
      { target: 'emails[type eq "work"].value', source: "[userPrincipalName]", matching: false, apply: "always" },
      { target: "title", source: "[jobTitle]", defaultValue: "Employee", matching: false, apply: "onCreateOnly" },
      { target: "userType", source: null, defaultValue: "Member", matching: false, apply: "always" },
    ];
    after.users.targetAttributes = [
      { name: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", type: "String" },
      { name: "roles", multivalued: true },
    ];
    after.warnings = ['scope: "allUsersAndGroups" with accidentalDeletions { enabled: false } and no scoping filter: (the synth sentence)'];
    after.users.scope = [
      { name: "Contoso sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] },
      { name: "Interns", all: [{ attribute: "employeeType", operator: "EQUALS", values: ["Intern"] }] },
    ];
    expect(diffApps(SMARTFILE, after)).toEqual([
      "Tenant URL: `https://demo1test.smartfile.com/ftp/scim` → `https://demo2test.smartfile.com/ftp/scim`",
      "Secret token: variable `smartfile_secret_token` (set TF_VAR_smartfile_secret_token) → variable `smartfile_token` (set TF_VAR_smartfile_token)",
      "Objects: users and groups → users",
      "Scope: assigned users and groups only → all users and groups",
      "Provisioning: on → off",
      "Notifications: `idm@contoso.com` (email on failure) → `idm@contoso.com` (no email on failure)",
      "Accidental deletions: stop at more than 25 deletions per cycle → prevention off",
      "Mapping mode: merge over the app's template mappings → replace the app's mappings where declared",
      "On-demand provisioning: user `alice@contoso.com`, group SmartFile Users → none",
      "Assignment added: user `bob@contoso.com` as `User`",
      "Assignment removed: user `alice@contoso.com` as `Admin`",
      "Connector limitation added: Usernames must be unique across SmartFile sites.",
      "Connector limitation removed: Group names are limited to 50 characters \\| truncated.",
      "User mapping `userName` changed: `[userPrincipalName]`, matching 1; keeps the app's apply mode and default value → `[userPrincipalName]`, matching 2, applied always",
      "User mapping `externalId` added: `[objectId]`, matching 1, applied always",
      'User mapping `emails[type eq "work"].value` changed: `[mail]`; keeps the app\'s matching precedence, apply mode and default value → `[userPrincipalName]`, not a matching attribute, applied always',
      "User mapping `title` changed: `[jobTitle]`, default `Employee`, on create only; keeps the app's matching precedence → `[jobTitle]`, default `Employee`, not a matching attribute, on create only",
      "User mapping `userType` changed: default `Member`, not a matching attribute; keeps the app's source and apply mode → (constant), default `Member`, not a matching attribute, applied always",
      "User mapping `displayName` no longer declared (was `Join(\" \", [givenName], [surname])`; keeps the app's matching precedence, apply mode and default value); the app keeps it as it is: declare { target, remove: true } to remove it",
      "User matching attribute changed: `userName` → `externalId`",
      "User attribute of the app's schema changed: `urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge` (Integer, required) → `urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge` (String)",
      "User attribute added to the app's schema: `roles` (multi-valued)",
      "User scoping filter \"Contoso sales\" changed: userPrincipalName matches regex `.*@(contoso\\.com)$` AND department equals `Sales` → department equals `Sales`",
      'User scoping filter "Interns" added: employeeType equals `Intern`',
      'User scoping filter "Managers" no longer declared (was jobTitle is not empty); the app keeps it as it is: declare { name, remove: true } to remove it',
      "Groups are no longer provisioned",
      '**Warning** scope: "allUsersAndGroups" with accidentalDeletions { enabled: false } and no scoping filter: (the synth sentence)',
    ]);
    expect(diffApps(after, SMARTFILE)).toContain('Warning no longer raised: scope: "allUsersAndGroups" with accidentalDeletions { enabled: false } and no scoping filter: (the synth sentence)');
  });

  test("apps added and removed, a new stack, a stack moved to another tenant: the PR comment text", () => {
    const base = writeOut(manifest([SMARTFILE, AIRSTACK]));
    const current = writeOut(manifest([SMARTFILE], "prod", "fabrikam.onmicrosoft.com"), manifest([AIRSTACK], "staging"));
    const r = review(["--out", current, "--base", base]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "# Provisioning changes",
        "",
        "## prod (stack changed)",
        "",
        "- Tenant: `contoso.onmicrosoft.com` → `fabrikam.onmicrosoft.com` (every app of the stack moves to another tenant)",
        "",
        "## staging/airstack: Airstack (added)",
        "",
        "- Display name: Airstack",
        "- Connector: Airstack (airstack)",
        "- Tenant URL: `https://api-as.lenovosoftware.com/0/as/common/scim`",
        "- Secret token: a Terraform reference (not a variable)",
        "- Objects: users",
        "- Scope: all users and groups",
        "- Provisioning: off",
        "- Notifications: none",
        "- Accidental deletions: prevention off",
        "- Mapping mode: replace the app's mappings where declared",
        "- On-demand provisioning: none",
        "",
        "## prod/airstack: Airstack (removed)",
        "",
        "- Airstack and its provisioning job are removed (the app is deleted from the tenant)",
        "",
      ].join("\n"),
    );
  });

  test("a base with no manifests (base branch predates provisioning, or its synth failed) compares against nothing", () => {
    const empty = mkdtempSync(join(tmpdir(), "review-base-"));
    mkdirSync(join(empty, "stacks"));
    const r = review(["--out", writeOut(manifest([AIRSTACK])), "--base", empty, "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).apps.map((a: { app: string; change: string }) => [a.app, a.change])).toEqual([["airstack", "added"]]);
    // --stack: a stack the base does not have yet
    const r2 = review(["--out", writeOut(manifest([AIRSTACK], "staging")), "--base", writeOut(manifest([SMARTFILE])), "--stack", "staging", "--format", "json"]);
    expect(JSON.parse(r2.out).apps.map((a: { app: string; change: string }) => [a.app, a.change])).toEqual([["airstack", "added"]]);
  });

  test("a --base directory that does not exist is an error (exit 2), not an empty base", () => {
    const missing = join(tmpdir(), "review-no-such-dir-7f3a");
    const r = review(["--out", writeOut(manifest([AIRSTACK])), "--base", missing]);
    expect(r).toEqual({ code: 2, out: "", err: `review: ${join(missing, "stacks")}: no synthesized stacks; run 'npm run synth' first (or pass --out DIR)\n` });
  });

  test("usage errors exit 64 with the usage line", () => {
    expect(review(["--bogus"])).toEqual({
      code: 64,
      out: "",
      err: "review: Unknown option '--bogus'\nusage: npm run review -- [--out DIR] [--base DIR [--users USERS.json] [--groups GROUPS.json] [--templates DIR]] [--format markdown|json] [--stack S] [--help]\n",
    });
    expect(review(["stray"]).code).toBe(64);
  });
});
