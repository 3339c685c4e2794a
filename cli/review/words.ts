/**
 * An app's settings in a reviewer's words. Shared by the review report and the review diff, so
 * a setting reads the same in both. Never reads or prints a token value: the manifest has none.
 *
 * Everything returned here is markdown: each manifest string in it went through markdown.ts
 * (`text` or `code`), and tenant URLs lose their credentials. Drift reuses the clause words with
 * plain-text quoting (its output is sanitized for the terminal where it is pushed).
 */
import { OPERATORS } from "../../constructs/schema/operators";
import type { AppManifest, MappingEntry, ScopeGroup } from "../../manifest/schema";
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

/** A mapping as one line: target <- source (default, matching, apply). */
export function mappingInWords(m: MappingEntry): string {
  const parts = [m.source !== null ? code(m.source) : "(constant)"];
  if (m.defaultValue !== undefined) parts.push(`default ${code(m.defaultValue)}`);
  if (m.matching !== undefined) parts.push(`matching ${m.matching}`);
  if (m.apply === "onCreateOnly") parts.push("on create only");
  return parts.join(", ");
}
