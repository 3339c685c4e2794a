import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/review";
import { App, Connectors, EntraTenantStack, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";

/** Synthesizes one stack with the given apps; returns the out dir. */
function synth(apps: Record<string, ScimProvisionedAppProps>): string {
  const outdir = mkdtempSync(join(tmpdir(), "review-"));
  const app = new App({ outdir });
  const stack = new EntraTenantStack(app, "prod", { tenantId: "contoso.onmicrosoft.com" });
  for (const [id, props] of Object.entries(apps)) new ScimProvisionedApp(stack, id, props);
  app.synth();
  return outdir;
}

function review(args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(args, { stdout: { write: (s: string) => ((out += s), true) } as any, stderr: { write: (s: string) => ((err += s), true) } as any });
  return { code, out, err };
}

/** An app exercising every field. */
const FULL: ScimProvisionedAppProps = {
  connector: Connectors.smartFile({ siteName: "demo1test" }),
  displayName: "SmartFile (prod)",
  scope: "allUsersAndGroups",
  provisioning: "off",
  notifications: { email: "idm@contoso.com", sendOnFailure: false },
  accidentalDeletions: { threshold: 25 },
  assignments: [
    { group: "SmartFile Users", role: "User" },
    { user: "alice@contoso.com", role: "Admin" },
  ],
  userMappings: [
    { target: "title", source: "[jobTitle]", apply: "onCreateOnly", defaultValue: "Employee" },
    { target: "userType", defaultValue: "Member" },
  ],
  userScope: [{ name: "Staff", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }, { attribute: "jobTitle", operator: "IS NOT NULL" }] }],
  groupScope: [{ name: "Synced", all: [{ attribute: "displayName", operator: "REGEX MATCH", values: ["^SF-"] }] }],
  onDemand: { users: ["alice@contoso.com"], groups: ["SmartFile Users"] },
};

describe("review report", () => {
  test("a warning several apps share is stated once, above the apps, naming them; an app's own stays on the app", () => {
    const r = review(["--out", synth({ airstack: { connector: Connectors.airstack() }, iprova: { connector: Connectors.iprova() } })]);
    expect(r.code).toBe(0);
    const rule = "Users assigned with the Default Access role are excluded from provisioning (the app's Microsoft provisioning tutorial): assign a real application role.";
    const warnings = r.out.split("\n").filter((l) => l.startsWith("> **Warning**"));
    expect(warnings.filter((l) => l.includes("Default Access"))).toEqual([`> **Warning** (every app) ${rule}`]);
    expect(r.out.indexOf(rule)).toBeLessThan(r.out.indexOf("## prod/airstack"));
    // Each app's own limitations, with the tutorial they come from, stay under the app.
    const airstack = r.out.slice(r.out.indexOf("## prod/airstack"), r.out.indexOf("## prod/iprova"));
    expect(airstack).toContain("(Microsoft's Airstack provisioning tutorial, `https://learn.microsoft.com/entra/identity/saas-apps/airstack-provisioning-tutorial`).");
    expect(r.out.slice(r.out.indexOf("## prod/iprova"))).toContain("(Microsoft's iProva (now Zenya) provisioning tutorial, `https://learn.microsoft.com/entra/identity/saas-apps/zenya-provisioning-tutorial`)");
  });

  test("a warning shared by some apps names them", () => {
    const r = review(["--out", synth({ a: { connector: Connectors.airstack() }, b: { connector: Connectors.airstack(), displayName: "Airstack 2" }, c: { connector: Connectors.genericScim({ objects: ["users"] }), tenantUrl: "https://scim.example.com/scim" } })]);
    expect(r.out).toContain("> **Warning** (prod/a, prod/b) Generate the token with Generate under Settings > Azure Config");
  });

  test("every field, in a reviewer's words", () => {
    const r = review(["--out", synth({ smartfile: FULL })]);
    expect(r.code).toBe(0);
    const out = r.out;
    expect(out).toContain("## prod/smartfile: SmartFile (prod)");
    expect(out).toContain("> **Warning** SmartFile only supports hard deletes");
    for (const row of [
      "| Display name | SmartFile (prod) |",
      "| Connector | SmartFile (smartFile) |",
      "| Tenant URL | `https://demo1test.smartfile.com/ftp/scim` |",
      "| Secret token | variable `smartfile_secret_token` (set TF_VAR_smartfile_secret_token) |",
      "| Objects | users and groups |",
      "| Scope | all users and groups |",
      "| Provisioning | off |",
      "| Notifications | `idm@contoso.com` (no email on failure) |",
      "| Accidental deletions | stop at more than 25 deletions per cycle |",
      "| Mapping mode | merge over the app's template mappings |",
      "| On-demand provisioning | user `alice@contoso.com`, group SmartFile Users |",
      "- group `SmartFile Users` as `User`",
      "- user `alice@contoso.com` as `Admin`",
      "**User mappings** declared (matching attribute: the app's own precedence 1); every other mapping is the app's template",
      "| `title` | `[jobTitle]` | `Employee` | (the app's) | on create only |",
      "| `userType` | (the app's) | `Member` | (the app's) | (the app's) |",
      "- Staff: department equals `Sales` AND jobTitle is not empty",
      "**Group mappings**: none declared; the app's template mappings apply unchanged",
      "- Synced: displayName matches regex `^SF-`",
    ]) {
      expect(out).toContain(row);
    }
    expect(out).not.toContain("`userName`"); // only declarations: the template's mappings are not listed
  });

  test("what a deploy really leaves matching: a source-only redeclaration keeps the app's precedence; matching: false hands it on", () => {
    const upn = review(["--out", synth({ iprova: { connector: Connectors.iprova(), userMappings: [{ target: "userName", source: "ToLower([userPrincipalName], )" }] } })]).out;
    expect(upn).toContain("**User mappings** declared (matching attribute: the app's own precedence 1); every other mapping is the app's template");
    expect(upn).toContain("| `userName` | `ToLower([userPrincipalName], )` | (the app's) | (the app's) | (the app's) |");
    const moved = review([
      "--out",
      synth({ iprova: { connector: Connectors.iprova(), userMappings: [{ target: "userName", matching: false }, { target: "externalId", source: "[objectId]", matching: 1 }] } }),
    ]).out;
    expect(moved).toContain("**User mappings** declared (matching attribute: `externalId`); every other mapping is the app's template");
    expect(moved).toContain("| `userName` | (the app's) | (the app's) | no | (the app's) |");
    const off = review(["--out", synth({ iprova: { connector: Connectors.iprova(), userMappings: [{ target: "userName", matching: false }, { target: "externalId", source: "[objectId]", matching: 2 }] } })]).out;
    expect(off).toContain("(matching attribute: the app's own precedence 1, not `userName`)");
  });

  test("target attributes and risky combinations, each warning once", () => {
    const out = review([
      "--out",
      synth({
        airstack: {
          connector: Connectors.airstack(),
          scope: "allUsersAndGroups",
          accidentalDeletions: { enabled: false },
          targetAttributes: { users: [{ name: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", type: "Integer" }] },
          userMappings: [{ target: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", source: "[employeeId]" }],
        },
      }),
    ]).out;
    expect(out).toContain("`urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge` (Integer)");
    expect(out.match(/> \*\*Warning\*\* scope: "allUsersAndGroups" with accidentalDeletions \{ enabled: false \} and no scoping filter/g)).toHaveLength(1);
  });

  test("json format carries the manifests", () => {
    const r = review(["--out", synth({ smartfile: FULL }), "--format", "json"]);
    expect(JSON.parse(r.out).stacks[0].apps[0].id).toBe("smartfile");
  });
});

describe("review diff against a base synth output", () => {
  const base = () => synth({ smartfile: FULL, airstack: { connector: Connectors.airstack() } });

  test("no changes", () => {
    const r = review(["--out", base(), "--base", base()]);
    expect(r.out).toBe("No provisioning changes.\n");
  });

  test("app by app, setting by setting, mapping by mapping", () => {
    const changed = synth({
      smartfile: {
        ...FULL,
        provisioning: "on",
        assignments: [{ group: "SmartFile Users", role: "User" }],
        userMappings: [{ target: "title", source: "[department]" }, { target: "userType", defaultValue: "Member" }, { target: 'phoneNumbers[type eq "fax"].value', remove: true }],
        userScope: [{ name: "Staff", all: [{ attribute: "department", operator: "EQUALS", values: ["Support"] }] }],
      },
      iprova: { connector: Connectors.iprova() },
    });
    const r = review(["--out", changed, "--base", base()]);
    expect(r.code).toBe(0);
    expect(r.out.split("\n")).toEqual([
      "# Provisioning changes",
      "",
      "## prod/smartfile: SmartFile (prod) (changed)",
      "",
      "- Provisioning: off → on",
      "- Assignment removed: user `alice@contoso.com` as `Admin`",
      "- User mapping `title` changed: `[jobTitle]`, default `Employee`, on create only; keeps the app's matching precedence → `[department]`; keeps the app's matching precedence, apply mode and default value",
      '- User mapping `phoneNumbers[type eq "fax"].value` removed from the app\'s mappings',
      "- User scoping filter \"Staff\" changed: department equals `Sales` AND jobTitle is not empty → department equals `Support`",
      "",
      "## prod/iprova: iProva (added)",
      "",
      "- Display name: iProva",
      "- Connector: iProva (iprova)",
      "- Tenant URL: `https://identitymanagement.services.iProva.nl/scim`",
      "- Secret token: variable `iprova_secret_token` (set TF_VAR_iprova_secret_token)",
      "- Objects: users and groups",
      "- Scope: assigned users and groups only",
      "- Provisioning: on",
      "- Notifications: none",
      "- Accidental deletions: stop at more than 500 deletions per cycle",
      "- Mapping mode: merge over the app's template mappings",
      "- On-demand provisioning: none",
      "",
      "## prod/airstack: Airstack (removed)",
      "",
      "- Airstack and its provisioning job are removed (the app is deleted from the tenant)",
      "",
    ]);
  });

  test("json diff", () => {
    const changed = synth({ smartfile: { ...FULL, scope: "assignedOnly" }, airstack: { connector: Connectors.airstack() } });
    const parsed = JSON.parse(review(["--out", changed, "--base", base(), "--format", "json"]).out);
    expect(parsed).toEqual({
      changed: true,
      apps: [{ stack: "prod", app: "smartfile", displayName: "SmartFile (prod)", change: "changed", lines: ["Scope: all users and groups → assigned users and groups only"] }],
    });
  });
});

describe("review errors", () => {
  test("a usage error exits 64, a manifest error 2, each with one line", () => {
    expect(review(["--format", "html"])).toEqual({ code: 64, out: "", err: 'review: --format takes markdown or json, got "html"\nusage: npm run review -- [--out DIR] [--base DIR [--users USERS.json] [--groups GROUPS.json] [--templates DIR]] [--format markdown|json] [--stack S] [--help]\n' });
    const dir = mkdtempSync(join(tmpdir(), "bad-"));
    mkdirSync(join(dir, "stacks", "prod"), { recursive: true });
    writeFileSync(join(dir, "stacks", "prod", "provisioning.json"), JSON.stringify({ version: 1, stack: "prod" }));
    const r = review(["--out", dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`review: ${join(dir, "stacks", "prod", "provisioning.json")}: tenantId: Invalid input: expected string, received undefined; run 'npm run synth' to regenerate it\n`);
    void readFileSync;
  });
});
