/**
 * An app's settings in a reviewer's words. Shared by the review report and the review diff, so
 * a setting reads the same in both. Never reads or prints a token value: the manifest has none.
 */
import type { AppManifest, MappingEntry, ScopeGroup } from "../../manifest/schema";

const OPERATOR_WORDS: Record<string, string> = {
  "&": "is found in",
  "!&": "is not found in",
  ENDS_WITH: "ends with",
  EQUALS: "equals",
  Greater_Than: "is greater than",
  Greater_Than_OR_EQUALS: "is greater than or equal to",
  Includes: "includes",
  "IS FALSE": "is false",
  "IS NOT NULL": "is not empty",
  "IS NULL": "is empty",
  "IS TRUE": "is true",
  "NOT EQUALS": "does not equal",
  "NOT REGEX MATCH": "does not match regex",
  "REGEX MATCH": "matches regex",
};

export const code = (s: string) => "`" + s.replace(/`/g, "'") + "`";

/** One scoping filter: its clauses joined with AND. */
export function filterInWords(group: ScopeGroup): string {
  return group.all
    .map((c) => `${c.attribute} ${OPERATOR_WORDS[c.operator] ?? c.operator}${c.values.length ? " " + c.values.map(code).join(", ") : ""}`)
    .join(" AND ");
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
    ["Mapping mode", app.mappingMode === "merge" ? "merge over connector defaults" : "replace connector defaults"],
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
