/**
 * An app's settings in a reviewer's words. Shared by the review report and the review diff, so
 * a setting reads the same in both. Never reads or prints a token value: the manifest has none.
 */
import { OPERATORS } from "../../constructs/schema/operators";
import type { AppManifest, MappingEntry, ScopeGroup } from "../../manifest/schema";

// The operator table of the constructs (pure data, no cdktf), so review reads filters in the same
// words the construct documents.
const OPERATOR_WORDS: ReadonlyMap<string, string> = new Map([...OPERATORS.values()].map((o) => [o.name, o.words]));

export const code = (s: string) => "`" + s.replace(/`/g, "'") + "`";

/** Quotes a value for plain text (drift output goes to logs and job summaries, not markdown). */
export const quoted = (s: string) => `"${s}"`;

/** One clause in words, e.g. department equals `Sales`; unknown operators are shown as written. */
export function clauseInWords(c: { attribute: string; operator: string; values: readonly string[] }, quote: (s: string) => string = code): string {
  return `${c.attribute} ${OPERATOR_WORDS.get(c.operator) ?? c.operator}${c.values.length ? " " + c.values.map(quote).join(", ") : ""}`;
}

/** One scoping filter: its clauses joined with AND. */
export function filterInWords(group: ScopeGroup, quote: (s: string) => string = code): string {
  return group.all.map((c) => clauseInWords(c, quote)).join(" AND ");
}

/** The settings table rows of an app, as [setting, value] in a fixed order. */
export function settingsInWords(app: AppManifest): Array<[string, string]> {
  return [
    ["Display name", app.displayName],
    ["Connector", `${app.connector.galleryName} (${app.connector.key})`],
    ["Tenant URL", app.tenantUrl],
    ["Secret token", app.tokenVariable ? `variable ${code(app.tokenVariable)} (set ${app.tokenEnv})` : "a Terraform reference (not a variable)"],
    ["Objects", app.objects.join(" and ")],
    ["Scope", app.scope === "assignedOnly" ? "assigned users and groups only" : "all users and groups"],
    ["Provisioning", app.provisioning],
    [
      "Notifications",
      app.notifications ? `${app.notifications.email}${app.notifications.sendOnFailure ? " (email on failure)" : " (no email on failure)"}` : "none",
    ],
    ["Accidental deletions", app.accidentalDeletions ? `stop at more than ${app.accidentalDeletions.threshold} deletions per cycle` : "prevention off"],
    ["Mapping mode", app.mappingMode === "merge" ? "merge over the app's template mappings" : "replace the app's mappings where declared"],
    [
      "On-demand provisioning",
      app.onDemand ? [...app.onDemand.users.map((u) => `user ${u}`), ...app.onDemand.groups.map((g) => `group ${g}`)].join(", ") : "none",
    ],
  ];
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
