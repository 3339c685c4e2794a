/**
 * The generated TypeScript: one ScimProvisionedApp for the imported app, in a function that
 * declares it in any tenant stack, plus a stack class with just this app. Every string from Graph
 * or a file lands as a JSON.stringify'd string literal (line separators escaped too) or, in a `//`
 * comment, as one line without control characters: nothing from the tenant can end a literal or
 * a comment and become code. No secret is read or written: the app uses its default token variable.
 */
import type { AdoptIds } from "../../constructs/adopt";
import type { Assignment } from "../../constructs/assignments";
import { stackTokenVariableName, tokenVariableName } from "../../constructs/token-variables";
import type { ConnectorChoice } from "./connector";
import type { SchemaDeclarations } from "./schema-diff";
import { printableJson } from "../printable";
import { commentLine, oneLine } from "./text";
import { type UnreadSetting, unreadLine } from "./unread";

/** Everything the generated file declares about one app. */
export interface ImportedApp {
  readonly tenantId: string;
  readonly stackId: string;
  /** Construct id of the app (names its resources and its token variable). */
  readonly appId: string;
  readonly displayName: string;
  readonly connector: ConnectorChoice;
  readonly tenantUrl?: string;
  readonly provisioning?: "on" | "off";
  /** Assignments, each with an optional note for a comment (the principal's display name). */
  readonly assignments: ReadonlyArray<Assignment & { readonly note?: string }>;
  readonly declarations: SchemaDeclarations;
  readonly adopt?: AdoptIds;
  /** What the import could not express, one line each, for the file's header. */
  readonly notImported: readonly string[];
  /** Settings the import could not read: declared explicitly, each with a comment, and listed in the header. */
  readonly unread: readonly UnreadSetting[];
  /** Where the data came from, for the header (e.g. `Microsoft Graph, tenant contoso.onmicrosoft.com`). */
  readonly source: string;
}

/**
 * A TypeScript string literal: JSON's escapes, plus \uXXXX for what JSON leaves raw and a reader
 * must see (line separators, C1 controls, bidirectional overrides, zero-width characters: a
 * literal cannot reorder or hide the code around it; cli/printable.ts).
 */
export function tsString(value: string): string {
  return printableJson(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript expression for plain data (strings, numbers, booleans, arrays, objects). */
export function tsValue(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (typeof value === "string") return tsString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => tsValue(v, inner));
    const flat = `[${items.join(", ")}]`;
    return flat.length <= 100 && !flat.includes("\n") ? flat : `[\n${items.map((i) => `${inner}${i},`).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const items = entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : tsString(k)}: ${tsValue(v, inner)}`);
    const flat = `{ ${items.join(", ")} }`;
    return flat.length <= 100 && !flat.includes("\n") ? flat : `{\n${items.map((i) => `${inner}${i},`).join("\n")}\n${indent}}`;
  }
  throw new Error(`tsValue: cannot write a ${typeof value}`);
}

function connectorCall(c: ConnectorChoice): string {
  switch (c.key) {
    case "iprova":
    case "airstack":
      return `Connectors.${c.key}()`;
    case "smartFile":
      return `Connectors.smartFile(${tsValue({ siteName: c.siteName }, "    ")})`;
    case "ipassSmartConnect":
      return `Connectors.ipassSmartConnect(${tsValue({ registeredDomains: [...c.registeredDomains] }, "    ")})`;
    case "genericScim":
      return `Connectors.genericScim(${tsValue({ galleryName: c.galleryName, templateId: c.templateId, objects: [...c.objects], extraTargets: c.extraTargets && [...c.extraTargets] }, "    ")})`;
  }
}

/** `iprova-portal` -> `IprovaPortal`: a TypeScript name made only of [A-Za-z0-9]. */
function pascal(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
  return /^[A-Za-z]/.test(name) ? name : `App${name}`;
}

/** A construct id from a display name: lower-case letters, digits and "-", at most 64. */
export function appIdFrom(displayName: string): string {
  const id = displayName
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return id === "" ? "imported-app" : id;
}

export function tokenEnvOf(app: ImportedApp): string {
  return `TF_VAR_${tokenVariableName(app.appId)}`;
}

/**
 * The variable's name depends on the whole cdktf app (token-variables.ts): once another stack
 * declares the same app id (the example tenant declares the four gallery apps), the imported app
 * (its stack's naming is "auto") reads `<stack>_<id>_secret_token`. Import cannot see main.ts,
 * so it names both forms.
 */
export function tokenEnvAlternative(app: ImportedApp): string {
  return `TF_VAR_${stackTokenVariableName(app.stackId, app.appId)} if another stack also declares an app ${JSON.stringify(app.appId)}; npm run synth lists the variables a deploy needs`;
}

/** The generated file. `constructsImport` is the module path of constructs/ from the file. */
export function generateFile(app: ImportedApp, constructsImport: string): string {
  const name = pascal(app.appId);
  const d = app.declarations;
  const props: string[] = [];
  const add = (key: string, value: unknown) => props.push(`    ${key}: ${tsValue(value, "    ")},`);
  props.push(`    connector: ${connectorCall(app.connector)},`);
  add("displayName", app.displayName);
  if (app.tenantUrl !== undefined) add("tenantUrl", app.tenantUrl);
  if (app.provisioning !== undefined) add("provisioning", app.provisioning);
  for (const s of app.unread) {
    props.push(`    // NOT READ (${commentLine(s.portal)}): a deploy writes ${commentLine(s.deployWrites)}; set the portal's value.`);
    if (s.value !== undefined) add(s.prop, s.value);
    else if (s.example !== undefined) props.push(`    // ${commentLine(s.example)}`);
  }
  if (app.assignments.length > 0) {
    props.push("    assignments: [");
    for (const a of app.assignments) {
      if (a.note) props.push(`      // ${oneLine(a.note)}`);
      props.push(`      ${tsValue({ user: a.user, group: a.group, role: a.role }, "      ")},`);
    }
    props.push("    ],");
  }
  if (d.userMappings.length > 0) add("userMappings", d.userMappings);
  if (d.userScope.length > 0) add("userScope", d.userScope);
  if (d.provisionGroups === false) add("provisionGroups", false);
  if (d.groupMappings.length > 0) add("groupMappings", d.groupMappings);
  if (d.groupScope.length > 0) add("groupScope", d.groupScope);
  if (d.targetAttributes.users.length + d.targetAttributes.groups.length > 0) {
    add("targetAttributes", {
      ...(d.targetAttributes.users.length > 0 ? { users: d.targetAttributes.users } : {}),
      ...(d.targetAttributes.groups.length > 0 ? { groups: d.targetAttributes.groups } : {}),
    });
  }
  // onDemand stays unset: an adopted app is already provisioning; nothing is sent on demand.
  if (app.adopt) add("adopt", app.adopt);

  const header = [
    "/**",
    ` * Generated by \`npm run import\` (${commentLine(app.source)}): review it, then \`cdktf diff\`.`,
    ` * The app's token is not read or written here: set ${commentLine(tokenEnvOf(app))} before diff and deploy`,
    ` * (${commentLine(tokenEnvAlternative(app))}).`,
    " * Only what differs from the app's template is declared; the template keeps everything else.",
  ];
  if (!app.adopt) header.push(" * No adopt ids: a deploy of this file CREATES a new app beside any existing one.");
  if (app.unread.length > 0) {
    header.push(" *", " * NOT READ from the portal, and WRITTEN by a deploy of this file as declared below (set each to the portal's value first):");
    for (const s of app.unread) header.push(` * - ${commentLine(unreadLine(s))}`);
  }
  if (app.notImported.length > 0) {
    header.push(" *", " * Not imported (nothing declares these; review them in the portal):");
    for (const line of app.notImported) header.push(` * - ${commentLine(line)}`);
  }
  header.push(" */");

  return [
    ...header,
    'import type { Construct } from "constructs";',
    `import { Connectors, EntraTenantStack, ScimProvisionedApp } from ${tsString(constructsImport)};`,
    "",
    `/** Declares the imported app in a tenant stack. */`,
    `export function declare${name}(stack: EntraTenantStack): ScimProvisionedApp {`,
    `  return new ScimProvisionedApp(stack, ${tsString(app.appId)}, {`,
    ...props,
    "  });",
    "}",
    "",
    `/** A tenant stack with just this app: \`new ${name}Stack(app)\` in main.ts (or call declare${name} from your own stack). */`,
    `export class ${name}Stack extends EntraTenantStack {`,
    `  constructor(scope: Construct, id = ${tsString(app.stackId)}) {`,
    `    super(scope, id, { tenantId: ${tsString(app.tenantId)} });`,
    `    declare${name}(this);`,
    "  }",
    "}",
    "",
  ].join("\n");
}
