/**
 * Issue 12 item 1: every user string that lands in Terraform JSON comes back from a real terraform
 * as the literal the user wrote. Hostile strings go into every string prop; the synthesized JSON
 * is searched for every string that carries one of them; each such string is copied into an
 * `output` of a provider-free configuration (resource references in it replaced by a stub
 * variable), terraform applies it, and each output must hold the hostile text literally.
 * Props that must be identifiers (ids, extraTargets, tenant id) are shown to be rejected instead.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { Connectors, EntraTenantStack, ScimProvisionedApp } from "../../constructs";
import { errorOf, newStack } from "../helpers";
import { describeWithTerraform, runTerraform } from "../support/terraform";

/** Template syntax, escapes, quotes, backslashes and unicode; each case is marked so it can be found. */
const NASTY = '${file("/etc/hostname")} %{ if true }x%{ endif } $${ %%{ \\ "q" é 😀 ${var.x_secret_token}';
/** The same without whitespace, for fields that are one token (emails, URLs). */
const NASTY_TIGHT = '${file("/etc/hostname")}%{if(true)}x%{endif}$${%%{\'é${var.x_secret_token}';

const props = {
  displayName: `H01 ${NASTY}`,
  email: `H02.${NASTY_TIGHT}@contoso.com`,
  tenantUrl: `https://scim.example.com/H03/${NASTY_TIGHT.replace(/'/g, "")}/v2?tenant=H04${NASTY_TIGHT.replace(/'/g, "")}`,
  group: `H05 ${NASTY}`,
  role: `H06 ${NASTY}`,
  onDemandGroup: `H07 ${NASTY}`,
  galleryName: `H08 ${NASTY}`,
  defaultValue: `H09 ${NASTY}\nsecond line`,
  constant: `H10 ${NASTY}`,
  scopeName: `H11 ${NASTY}`,
  scopeValue: `H12 ${NASTY}\ttab`,
};

/** Expression-language string literal: backslash and quote escaped (graph-sync.md section 3). */
const expressionString = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

function hostileStack() {
  const stack = newStack();
  new ScimProvisionedApp(stack, "hostile", {
    connector: Connectors.genericScim({ objects: ["users", "groups"], galleryName: props.galleryName }),
    displayName: props.displayName,
    tenantUrl: props.tenantUrl,
    notifications: { email: props.email },
    assignments: [
      { group: props.group, role: props.role },
      { user: "pilot@contoso.com", role: props.role },
    ],
    onDemand: { users: ["pilot@contoso.com"], groups: [props.onDemandGroup] },
    userMappings: [
      { target: "title", source: "[jobTitle]", defaultValue: props.defaultValue },
      { target: "nickName", source: `Join(" ", ${expressionString(props.constant)}, [givenName])` },
    ],
    userScope: [{ name: props.scopeName, all: [
          { attribute: "department", operator: "EQUALS", values: [props.scopeValue] },
        ], }],
  });
  return stack;
}

interface Found {
  readonly path: string;
  readonly value: string;
}

/** Every string in the JSON that carries a marker, with its JSON path. */
function markedStrings(node: unknown, path: string, out: Found[]): Found[] {
  if (typeof node === "string") {
    if (/H\d\d/.test(node)) out.push({ path, value: node });
  } else if (Array.isArray(node)) {
    node.forEach((v, i) => markedStrings(v, `${path}[${i}]`, out));
  } else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) markedStrings(v, `${path}.${k}`, out);
  }
  return out;
}

/** The forms a hostile prop may legitimately take inside a longer string: as is, JSON-escaped, expression-escaped. */
function forms(text: string): string[] {
  return [text, JSON.stringify(text).slice(1, -1), expressionString(text).slice(1, -1)];
}

/** Resource and data source references (the only interpolations we write) point at one stub. */
function stubReferences(text: string): string {
  return text.replace(/\b(?:data\.)?(?:azuread|msgraph)_[a-z_]+\.[A-Za-z0-9_-]+/g, "var.stub");
}

function terraformOutputs(outputs: Record<string, string>, stub: unknown): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), "escaping-"));
  const config = {
    variable: { stub: { type: "any" } },
    output: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v }])),
  };
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, "terraform.tfvars.json"), JSON.stringify({ stub }));
  runTerraform(dir, ["init", "-input=false"]);
  runTerraform(dir, ["apply", "-auto-approve", "-input=false"]);
  const result = JSON.parse(runTerraform(dir, ["output", "-json"])) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v.value]));
}

describe("hostile strings in props", () => {
  const json = JSON.parse(Testing.synth(hostileStack()));
  const found = markedStrings(json, "", []);

  test("every hostile prop reaches the Terraform JSON (so the terraform check below covers it)", () => {
    const markers = new Set(found.flatMap((f) => f.value.match(/H\d\d/g) ?? []));
    expect([...markers].sort()).toEqual(Object.values(props).flatMap((v) => v.match(/H\d\d/g) ?? []).sort());
  });

  test("nothing carrying a hostile prop holds an unescaped template marker", () => {
    for (const f of found) {
      if (isStatic(f.path)) continue;
      const withoutOurs = stubReferences(f.value).replace(/\$\{(?:length|one|join|can)\([^]*?\)\}|\$\{var\.stub[^}]*\}/g, "");
      expect({ path: f.path, bad: /(?<![$])\$\{|(?<![%])%\{/.test(withoutOurs.replace(/\$\$\{|%%\{/g, "")) }).toEqual({ path: f.path, bad: false });
    }
  });

  test("static contexts (a variable's description) carry the text as is: Terraform does not evaluate them", () => {
    const statics = found.filter((f) => isStatic(f.path));
    expect(statics.map((f) => f.path)).toEqual([".variable.hostile_secret_token.description"]);
    expect(statics[0].value).toContain(props.displayName);
  });
});

/** Terraform decodes these without an evaluation context: JSON strings there are literal. */
function isStatic(path: string): boolean {
  return /^\.variable\.[^.]+\.description$/.test(path) || path.startsWith(".terraform.backend");
}

describeWithTerraform("hostile strings evaluated by terraform", () => {
  test("each emitted string evaluates to the literal the user wrote", () => {
    const json = JSON.parse(Testing.synth(hostileStack()));
    const found = markedStrings(json, "", []).filter((f) => !isStatic(f.path));
    const outputs = Object.fromEntries(found.map((f, i) => [`o${i}`, stubReferences(f.value)]));
    const stub = {
      app_roles: [{ id: "role-id", display_name: props.role }],
      id: "job",
      object_id: "object",
      object_ids: ["object"],
      template_id: "template",
      output: { rule_id: "rule", state: "Active", status: "ok", quarantine_reason: "none" },
    };
    const values = terraformOutputs(outputs, stub);
    const hostile = Object.values(props);

    found.forEach((f, i) => {
      const value = values[`o${i}`];
      if (typeof value === "boolean") {
        // The role condition: true only when the quoted role equals the stub role, i.e. the literal.
        expect({ path: f.path, value }).toEqual({ path: f.path, value: true });
        return;
      }
      const text = String(value);
      // The role lookup: the role is a quoted string inside the expression; finding the stub's role
      // id proves it compared equal to the literal (checked exactly below).
      if (text === "role-id") return;
      // Markers inside resource names (logical ids) are references, not text: look at the rest.
      for (const marker of stubReferences(f.value).match(/H\d\d/g) ?? []) {
        const original = hostile.find((h) => h.includes(marker)) as string;
        const literal = forms(original).some((form) => text.includes(form));
        expect({ path: f.path, marker, literal }).toEqual({ path: f.path, marker, literal: true });
      }
    });

    // The fields that hold exactly one prop hold exactly it.
    const at = (path: string) => values[`o${found.findIndex((f) => f.path === path)}`];
    const app = Object.keys(json.resource.azuread_application_from_template)[0];
    expect(at(`.resource.azuread_application_from_template.${app}.display_name`)).toBe(props.displayName);
    const secret = Object.keys(json.resource.azuread_synchronization_secret)[0];
    expect(at(`.resource.azuread_synchronization_secret.${secret}.credential[0].value`)).toBe(props.tenantUrl);
    expect(JSON.parse(at(`.resource.azuread_synchronization_secret.${secret}.credential[3].value`) as string).Recipients).toBe(props.email);
    const template = Object.keys(json.data.azuread_application_template)[0];
    expect(at(`.data.azuread_application_template.${template}.display_name`)).toBe(props.galleryName);
    const groups = Object.values(json.data.azuread_groups) as any[];
    expect(groups.map((g) => g.display_names)).toHaveLength(2);
    for (const name of Object.keys(json.data.azuread_groups)) expect([props.group, props.onDemandGroup]).toContain(at(`.data.azuread_groups.${name}.display_names[0]`));
    const request = Object.keys(json.resource.azuread_synchronization_job_provision_on_demand)[0];
    expect(at(`.resource.azuread_synchronization_job_provision_on_demand.${request}.triggers.groups`)).toBe(props.onDemandGroup);
    const assignments = Object.entries(json.resource.azuread_app_role_assignment);
    for (const [name] of assignments) {
      expect(at(`.resource.azuread_app_role_assignment.${name}.app_role_id`)).toBe("role-id");
      expect(at(`.resource.azuread_app_role_assignment.${name}.lifecycle.precondition[0].error_message`)).toMatch(
        new RegExp(`has no role named ${escapeRegExp(JSON.stringify(props.role))}; expected one of ${escapeRegExp(props.role)}$`),
      );
    }
  }, 120_000);
});

describeWithTerraform("static contexts are literal for terraform", () => {
  test("a backend setting and a variable description holding ${...} are taken as written, not evaluated", () => {
    const dir = mkdtempSync(join(tmpdir(), "static-"));
    const config = {
      terraform: { backend: { local: { path: 'state-${upper("x")}.tfstate' } } },
      variable: { v: { type: "string", default: "d", description: '${file("/nonexistent")}' } },
      output: { o: { value: "ok" } },
    };
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
    runTerraform(dir, ["init", "-input=false"]);
    runTerraform(dir, ["apply", "-auto-approve", "-input=false"]);
    expect(existsSync(join(dir, 'state-${upper("x")}.tfstate'))).toBe(true);
  }, 120_000);

  test("so the synthesized backend carries the user's text unescaped", () => {
    const stack = newStack({ backend: { resourceGroupName: "rg", storageAccountName: "st", containerName: "c", key: "H13 ${x}.tfstate" } });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.terraform.backend.azurerm.key).toBe("H13 ${x}.tfstate");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("identifiers are rejected rather than escaped", () => {
  test("extraTargets must be SCIM attribute names", () => {
    expect(
      errorOf(() => new ScimProvisionedApp(newStack(), "app", { connector: Connectors.genericScim({ objects: ["users"], extraTargets: ['x${file("/etc/hostname")}'] }), tenantUrl: "https://scim.example.com" })),
    ).toBe(
      'test/app: connector.extraTargets[0]: "x${file(\\"/etc/hostname\\")}" is not a SCIM attribute name; expected a name such as "costCenter", "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge" or \'phoneNumbers[type eq "pager"].value\'',
    );
  });

  test("a scoping clause's attribute must be an Entra ID attribute name", () => {
    expect(
      errorOf(() => new ScimProvisionedApp(newStack(), "app", { connector: Connectors.iprova(), userScope: [{ name: "s", all: [{ attribute: 'x${file("/etc/hostname")}', operator: "IS NOT NULL" }] }] })),
    ).toBe(
      'test/app: userScope[0].all[0].attribute: "x${file(\\"/etc/hostname\\")}" is not an attribute of Entra ID users; expected one of Entra ID\'s attributes (e.g. "department", "userPrincipalName", "extensionAttribute1") or a directory extension "extension_<appId>_<name>"',
    );
  });

  test("single-line texts refuse line breaks and Terraform references", () => {
    expect(errorOf(() => new ScimProvisionedApp(newStack(), "app", { connector: Connectors.iprova(), displayName: "iProva\n# No provisioning changes." }))).toBe(
      'test/app: displayName: "iProva\\n# No provisioning changes." contains a control character or line break; expected one line of text',
    );
    const stack = newStack();
    const token = "${TfToken[TOKEN.1]}";
    expect(errorOf(() => new ScimProvisionedApp(stack, "app", { connector: Connectors.iprova(), assignments: [{ group: token, role: "User" }] }))).toBe(
      "test/app: assignments[0].group: is a Terraform reference; expected literal text (it is reviewed and written in the manifest)",
    );
  });

  test("a tenant URL with a line break or spaces (which the URL parser would silently drop)", () => {
    expect(errorOf(() => new ScimProvisionedApp(newStack(), "app", { connector: Connectors.genericScim({ objects: ["users"] }), tenantUrl: "https://scim.example.com/\nv2" }))).toBe(
      'test/app: tenantUrl: "https://scim.example.com/\\nv2" contains whitespace or control characters or is longer than 2048 characters; expected a plain https URL',
    );
  });

  test("the tenant id is a GUID or a domain", () => {
    expect(errorOf(() => new EntraTenantStack(Testing.app(), "prod", { tenantId: '${file("/etc/hostname")}' }))).toMatch(/^prod: tenantId: .* is neither a GUID nor a domain/);
  });
});
