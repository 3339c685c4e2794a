/** The full review report: every app as a reviewer thinks of it. */
import type { Manifest, ObjectMapping } from "../../manifest/schema";
import { assignmentInWords, code, filterInWords, settingsInWords } from "./words";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function mappingTable(title: string, mapping: ObjectMapping): string[] {
  const lines = [`**${title}** (matching attribute: ${code(mapping.matchingAttribute)})`, "", "| Target | Source | Default | Matching | Apply |", "|---|---|---|---|---|"];
  for (const m of mapping.mappings) {
    lines.push(
      `| ${cell(code(m.target))} | ${m.source !== null ? cell(code(m.source)) : "(constant)"} | ${m.defaultValue !== undefined ? cell(code(m.defaultValue)) : ""} | ${m.matching ?? ""} | ${m.apply === "onCreateOnly" ? "on create only" : "always"} |`,
    );
  }
  lines.push("");
  if (mapping.scope.length === 0) {
    lines.push(`${title.replace("mappings", "scope")}: no scoping filter (every ${title.startsWith("User") ? "user" : "group"} in scope is provisioned)`);
  } else {
    lines.push(`${title.replace("mappings", "scope")} (filters are OR-ed, clauses AND-ed):`);
    mapping.scope.forEach((g, i) => lines.push(`- ${i > 0 ? "OR " : ""}${cell(g.name)}: ${filterInWords(g)}`));
  }
  lines.push("");
  return lines;
}

export function renderReport(manifests: readonly Manifest[]): string {
  const lines: string[] = ["# Provisioning review", ""];
  for (const m of manifests) lines.push(`- Stack ${code(m.stack)}: tenant ${code(m.tenantId)} (${m.environment}), ${m.apps.length} app(s)`);
  lines.push("");
  for (const manifest of manifests) {
    for (const app of manifest.apps) {
      lines.push(`## ${manifest.stack}/${app.id}: ${app.displayName}`, "");
      for (const limitation of app.limitations) lines.push(`> **Warning** ${limitation}`, "");
      lines.push("| Setting | Value |", "|---|---|");
      for (const [k, v] of settingsInWords(app)) lines.push(`| ${k} | ${cell(v)} |`);
      lines.push("");
      if (app.assignments.length === 0) lines.push("Assignments: none", "");
      else lines.push("Assignments:", ...app.assignments.map((a) => `- ${assignmentInWords(a)}`), "");
      lines.push(...mappingTable("User mappings", app.users));
      if (app.groups) lines.push(...mappingTable("Group mappings", app.groups));
    }
  }
  return lines.join("\n");
}
