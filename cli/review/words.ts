/**
 * An app's settings in a reviewer's words. Shared by the review report and the review diff, so
 * a setting reads the same in both. Never reads or prints a token value: the manifest has none.
 *
 * Everything returned here is markdown: each manifest string in it went through markdown.ts
 * (`text` or `code`), and tenant URLs lose their credentials. Drift reuses the clause words with
 * plain-text quoting (its output is sanitized for the terminal where it is pushed).
 */
import { OPERATORS } from "../../constructs/schema/operators";
import type { AppManifest, MappingEntry, ObjectMapping, ScopeGroup, TargetAttributeEntry } from "../../manifest/schema";
import { misleadingHost, redactUrl } from "../printable";
import { code, text } from "./markdown";

export { code, text };

// The operator table of the constructs (pure data, no cdktf), so review reads filters in the same
// words the construct documents.
const OPERATOR_WORDS: ReadonlyMap<string, string> = new Map([...OPERATORS.values()].map((o) => [o.name, o.words]));

/** Quotes a value for plain text (drift output goes to logs and job summaries, not markdown). */
export const quoted = (s: string) => `"${s}"`;

/** How a clause shows its parts: names (attribute, unknown operator) and values. */
export interface ClauseStyle {
  readonly name: (s: string) => string;
  readonly value: (s: string) => string;
}

/** Review's markdown: names as text, values as code. */
export const MARKDOWN: ClauseStyle = { name: text, value: code };
/** Drift's plain text: names as they are, values in double quotes. */
export const PLAIN: ClauseStyle = { name: (s) => s, value: quoted };

/** One clause in words, e.g. department equals `Sales`; unknown operators are shown as written. */
export function clauseInWords(c: { attribute: string; operator: string; values: readonly string[] }, style: ClauseStyle = MARKDOWN): string {
  const operator = OPERATOR_WORDS.get(c.operator) ?? style.name(c.operator);
  return `${style.name(c.attribute)} ${operator}${c.values.length ? " " + c.values.map(style.value).join(", ") : ""}`;
}

/** One scoping filter: its clauses joined with AND. */
export function filterInWords(group: ScopeGroup, style: ClauseStyle = MARKDOWN): string {
  return group.all.map((c) => clauseInWords(c, style)).join(" AND ");
}

/** The settings table rows of an app, as [setting, value] in a fixed order. */
export function settingsInWords(app: AppManifest): Array<[string, string]> {
  return [
    ["Display name", text(app.displayName)],
    ["Connector", `${text(app.connector.galleryName)} (${text(app.connector.key)})`],
    ["Tenant URL", tenantUrlInWords(app.tenantUrl)],
    ["Secret token", app.tokenVariable ? `variable ${code(app.tokenVariable)} (set ${text(app.tokenEnv ?? "no environment variable")})` : "a Terraform reference (not a variable)"],
    ["Objects", app.objects.join(" and ")],
    ["Scope", app.scope === "assignedOnly" ? "assigned users and groups only" : "all users and groups"],
    ["Provisioning", app.provisioning],
    [
      "Notifications",
      app.notifications ? `${text(app.notifications.email)}${app.notifications.sendOnFailure ? " (email on failure)" : " (no email on failure)"}` : "none",
    ],
    ["Accidental deletions", app.accidentalDeletions ? `stop at more than ${app.accidentalDeletions.threshold} deletions per cycle` : "prevention off"],
    ["Mapping mode", app.mappingMode === "merge" ? "merge over the app's template mappings" : "replace the app's mappings where declared"],
    [
      "On-demand provisioning",
      app.onDemand ? [...app.onDemand.users.map((u) => `user ${text(u)}`), ...app.onDemand.groups.map((g) => `group ${text(g)}`)].join(", ") : "none",
    ],
  ];
}

/**
 * A tenant URL as written (credentials redacted), plus the host it really names when that reads
 * otherwise: the URL parser decodes `%2e`, maps fullwidth and other look-alike letters and turns
 * non-ASCII names into punycode, so `https://vendor.com%2eevil.example` or a Cyrillic `е` would
 * show a trusted host while the token goes to another one on deploy.
 */
export function tenantUrlInWords(tenantUrl: string): string {
  const shown = text(redactUrl(tenantUrl));
  const host = misleadingHost(tenantUrl);
  return host === undefined ? shown : `${shown} (host ${code(host)})`;
}

export function assignmentInWords(a: AppManifest["assignments"][number]): string {
  return `${a.principalType} ${code(a.principal)} as ${code(a.role)}`;
}

/** A mapping's source cell: the expression, "(constant)" for none, or the app's own when not declared. */
export function sourceInWords(m: MappingEntry): string {
  return m.source === undefined ? KEPT : m.source === null ? "(constant)" : code(m.source);
}

/** A mapping's matching cell: the precedence, "no" for not a matching attribute, or the app's own. */
export function matchingInWords(m: MappingEntry): string {
  return m.matching === undefined ? KEPT : m.matching === false ? "no" : String(m.matching);
}

/** A mapping's apply cell. */
export function applyInWords(m: MappingEntry): string {
  return m.apply === undefined ? KEPT : m.apply === "onCreateOnly" ? "on create only" : "always";
}

/** What a cell shows for a field the mapping leaves as the app has it (Entra's default for a new target). */
export const KEPT = "(the app's)";

/**
 * A mapping as one line: what it writes, then what it leaves as the app has it, e.g.
 * `ToLower([userPrincipalName])`; keeps the app's matching precedence, apply mode and default value.
 */
export function mappingInWords(m: MappingEntry, mode: AppManifest["mappingMode"] = "merge"): string {
  const parts: string[] = [];
  if (m.source !== undefined) parts.push(sourceInWords(m));
  if (m.defaultValue !== undefined) parts.push(`default ${code(m.defaultValue)}`);
  if (m.matching !== undefined) parts.push(m.matching === false ? "not a matching attribute" : `matching ${m.matching}`);
  if (m.apply !== undefined) parts.push(m.apply === "onCreateOnly" ? "on create only" : "applied always");
  // Replace mode writes every field (no default value where none is declared): nothing is kept.
  const kept =
    mode === "replace"
      ? []
      : [
          m.source === undefined ? "source" : "",
          m.matching === undefined ? "matching precedence" : "",
          m.apply === undefined ? "apply mode" : "",
          m.defaultValue === undefined ? "default value" : "",
        ].filter(Boolean);
  const said = parts.join(", ");
  if (kept.length === 0) return said;
  const keeps = `keeps the app's ${kept.length === 1 ? kept[0] : `${kept.slice(0, -1).join(", ")} and ${kept[kept.length - 1]}`}`;
  return said === "" ? keeps : `${said}; ${keeps}`;
}

/** An attribute definition added to the app's schema, e.g. `badge` (Integer, multi-valued). */
export function attributeInWords(a: TargetAttributeEntry): string {
  const parts = [
    a.type ?? "",
    a.multivalued === undefined ? "" : a.multivalued ? "multi-valued" : "single-valued",
    a.required === undefined ? "" : a.required ? "required" : "optional",
  ].filter(Boolean);
  return parts.length > 0 ? `${code(a.name)} (${parts.join(", ")})` : code(a.name);
}

/** Where an object's matching attribute comes from, in words (what a deploy really leaves matching). */
export function matchingAttributeInWords(o: ObjectMapping): string {
  if (o.matchingAttribute !== null) return code(o.matchingAttribute);
  const off = o.mappings.filter((m) => m.matching === false).map((m) => code(m.target));
  return `the app's own precedence 1${off.length > 0 ? `, not ${off.join(", ")}` : ""}`;
}
