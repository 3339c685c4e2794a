/** The full review report: every app as a reviewer thinks of it. */
import type { AppManifest, Manifest, ObjectMapping } from "../../manifest/schema";
import {
  KEPT,
  applyInWords,
  assignmentInWords,
  attributeInWords,
  code,
  filterInWords,
  matchingAttributeInWords,
  matchingInWords,
  settingsInWords,
  sourceInWords,
  text,
} from "./words";

/**
 * What is declared for one object: only declarations are in the manifest; every other mapping and
 * filter is the app's own (its gallery template, or the portal), which deploy leaves as it is.
 */
function mappingTable(title: string, mapping: ObjectMapping, mode: AppManifest["mappingMode"]): string[] {
  const noun = title.startsWith("User") ? "user" : "group";
  const scopeTitle = title.replace("mappings", "scope");
  const lines: string[] = [];
  if (mapping.mappings.length === 0 && mapping.removed.length === 0) {
    lines.push(`**${title}**: none declared; the app's template mappings apply unchanged`, "");
  } else {
    lines.push(`**${title}** declared (matching attribute: ${matchingAttributeInWords(mapping)}); every other mapping is the app's template`, "");
    if (mapping.mappings.length > 0) {
      lines.push("| Target | Source | Default | Matching | Apply |", "|---|---|---|---|---|");
      // Replace mode writes every field: a default value left out is none, not the app's.
      const noDefault = mode === "replace" ? "" : KEPT;
      for (const m of mapping.mappings) {
        lines.push(
          `| ${code(m.target)} | ${sourceInWords(m)} | ${m.defaultValue !== undefined ? code(m.defaultValue) : noDefault} | ${matchingInWords(m)} | ${applyInWords(m)} |`,
        );
      }
      if (mode === "merge" && mapping.mappings.some((m) => m.source === undefined || m.defaultValue === undefined || m.matching === undefined || m.apply === undefined)) {
        lines.push("", `${KEPT}: not declared, so the app's own value stays (Entra's default for a target the app does not map).`);
      }
      lines.push("");
    }
    if (mapping.removed.length > 0) lines.push(`Removed from the app's mappings: ${mapping.removed.map(code).join(", ")}`, "");
  }
  if (mapping.targetAttributes.length > 0) {
    lines.push(
      `Attributes added to the app's ${noun} schema (by name; a field not shown stays as the app has it, or String, single-valued, optional for a new one): ${mapping.targetAttributes.map(attributeInWords).join(", ")}`,
      "",
    );
  }
  if (mapping.scope.length === 0 && mapping.removedScope.length === 0 && mapping.requiredClauses.length === 0) {
    lines.push(`${scopeTitle}: none declared; the app's own scoping filters (usually none: every ${noun} in scope) apply`);
  } else {
    if (mapping.scope.length > 0) {
      lines.push(`${scopeTitle} declared (filters are OR-ed, clauses AND-ed; the app's other filters are kept):`);
      mapping.scope.forEach((g, i) => lines.push(`- ${i > 0 ? "OR " : ""}${text(g.name)}: ${filterInWords(g)}`));
    }
    if (mapping.removedScope.length > 0) lines.push(`${scopeTitle}: removed filters: ${mapping.removedScope.map(text).join(", ")}`);
    if (mapping.requiredClauses.length > 0) {
      lines.push(`${scopeTitle}: AND-ed into every filter by the connector: ${filterInWords({ name: "", all: mapping.requiredClauses })}`);
    }
  }
  lines.push("");
  return lines;
}

/**
 * Limitations that several apps share (Entra's Default Access rule, say), with the apps they
 * apply to: the report states each once, above the apps, rather than on every app.
 */
function sharedLimitations(manifests: readonly Manifest[]): Map<string, string[]> {
  const apps = new Map<string, string[]>();
  for (const m of manifests) for (const app of m.apps) for (const l of new Set(app.limitations)) apps.set(l, [...(apps.get(l) ?? []), `${m.stack}/${app.id}`]);
  return new Map([...apps].filter(([, list]) => list.length > 1));
}

export function renderReport(manifests: readonly Manifest[]): string {
  const lines: string[] = ["# Provisioning review", ""];
  for (const m of manifests) lines.push(`- Stack ${code(m.stack)}: tenant ${code(m.tenantId)} (${text(m.environment)}), ${m.apps.length} app(s)`);
  lines.push("");
  const shared = sharedLimitations(manifests);
  const total = manifests.reduce((n, m) => n + m.apps.length, 0);
  for (const [limitation, apps] of shared) {
    const which = apps.length === total ? "every app" : apps.map(text).join(", ");
    lines.push(`> **Warning** (${which}) ${text(limitation)}`, "");
  }
  for (const manifest of manifests) {
    for (const app of manifest.apps) {
      lines.push(`## ${text(manifest.stack)}/${text(app.id)}: ${text(app.displayName)}`, "");
      for (const limitation of new Set(app.limitations)) if (!shared.has(limitation)) lines.push(`> **Warning** ${text(limitation)}`, "");
      for (const warning of new Set(app.warnings)) lines.push(`> **Warning** ${text(warning)}`, "");
      lines.push("| Setting | Value |", "|---|---|");
      for (const [k, v] of settingsInWords(app)) lines.push(`| ${k} | ${v} |`);
      lines.push("");
      if (app.assignments.length === 0) lines.push("Assignments: none", "");
      else lines.push("Assignments:", ...app.assignments.map((a) => `- ${assignmentInWords(a)}`), "");
      lines.push(...mappingTable("User mappings", app.users, app.mappingMode));
      if (app.groups) lines.push(...mappingTable("Group mappings", app.groups, app.mappingMode));
    }
  }
  return lines.join("\n");
}
