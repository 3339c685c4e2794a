/**
 * The review diff: what changed between two synth outputs (e.g. main and a pull request), app by
 * app, setting by setting and mapping by mapping. The text a pull-request comment carries.
 */
import type { AppManifest, Manifest, MappingEntry, ObjectMapping } from "../../manifest/schema";
import { assignmentInWords, attributeInWords, code, filterInWords, mappingInWords, matchingAttributeInWords, settingsInWords, text } from "./words";

type Mode = AppManifest["mappingMode"];

export interface AppChange {
  readonly stack: string;
  /** App id, or null for a change to the stack itself (tenant, cloud). */
  readonly app: string | null;
  readonly displayName: string;
  readonly change: "added" | "removed" | "changed";
  /** One line per change, in words. */
  readonly lines: string[];
  /** With a users file: what the change does to people, in words (markdown). */
  effect?: string;
}

type Keyed = { stack: string; app: AppManifest };

function index(manifests: readonly Manifest[]): Map<string, Keyed> {
  // JSON, not "stack/app": a stack "a/b" with app "c" must not pair with stack "a" and app "b/c".
  return new Map(manifests.flatMap((m) => m.apps.map((app): [string, Keyed] => [JSON.stringify([m.stack, app.id]), { stack: m.stack, app }])));
}

function mappingChanges(label: string, before: ObjectMapping | null, after: ObjectMapping | null, modes: { before: Mode; after: Mode }): string[] {
  if (before === null && after === null) return [];
  if (before === null) return [`${label}s are now provisioned`];
  if (after === null) return [`${label}s are no longer provisioned`];
  const lines: string[] = [];
  const key = (m: MappingEntry) => m.target.toLowerCase();
  const old = new Map(before.mappings.map((m) => [key(m), m]));
  const now = new Map(after.mappings.map((m) => [key(m), m]));
  const words = (m: MappingEntry, mode: Mode) => mappingInWords(m, mode);
  for (const m of after.mappings) {
    const was = old.get(key(m));
    if (!was) lines.push(`${label} mapping ${code(m.target)} added: ${words(m, modes.after)}`);
    else if (words(was, modes.before) !== words(m, modes.after)) lines.push(`${label} mapping ${code(m.target)} changed: ${words(was, modes.before)} → ${words(m, modes.after)}`);
  }
  for (const m of before.mappings) if (!now.has(key(m))) lines.push(`${label} mapping ${code(m.target)} no longer declared (was ${words(m, modes.before)}); the app keeps it as it is: declare { target, remove: true } to remove it`);
  const wasRemoved = new Set(before.removed.map((t) => t.toLowerCase()));
  const isRemoved = new Set(after.removed.map((t) => t.toLowerCase()));
  for (const t of after.removed) if (!wasRemoved.has(t.toLowerCase())) lines.push(`${label} mapping ${code(t)} removed from the app's mappings`);
  for (const t of before.removed) if (!isRemoved.has(t.toLowerCase())) lines.push(`${label} mapping ${code(t)} no longer removed (a removed mapping is not restored by this: restore it in the portal or declare it)`);
  if (matchingAttributeInWords(before) !== matchingAttributeInWords(after)) {
    lines.push(`${label} matching attribute changed: ${matchingAttributeInWords(before)} → ${matchingAttributeInWords(after)}`);
  }
  const oldAttributes = new Map((before.targetAttributes ?? []).map((a) => [a.name.toLowerCase(), attributeInWords(a)]));
  const newAttributes = new Map((after.targetAttributes ?? []).map((a) => [a.name.toLowerCase(), attributeInWords(a)]));
  for (const [k, words] of newAttributes) {
    const was = oldAttributes.get(k);
    if (was === undefined) lines.push(`${label} attribute added to the app's schema: ${words}`);
    else if (was !== words) lines.push(`${label} attribute of the app's schema changed: ${was} → ${words}`);
  }
  for (const [k, words] of oldAttributes) {
    if (!newAttributes.has(k)) lines.push(`${label} attribute ${words} no longer declared; the app's schema keeps it as it is (remove it in the portal's attribute list)`);
  }
  for (const n of after.removedScope) if (!before.removedScope.includes(n)) lines.push(`${label} scoping filter "${text(n)}" removed from the app's filters`);
  for (const n of before.removedScope) if (!after.removedScope.includes(n)) lines.push(`${label} scoping filter "${text(n)}" no longer removed`);
  const oldScope = new Map(before.scope.map((g) => [g.name, filterInWords(g)]));
  const newScope = new Map(after.scope.map((g) => [g.name, filterInWords(g)]));
  for (const [name, words] of newScope) {
    const was = oldScope.get(name);
    if (was === undefined) lines.push(`${label} scoping filter "${text(name)}" added: ${words}`);
    else if (was !== words) lines.push(`${label} scoping filter "${text(name)}" changed: ${was} → ${words}`);
  }
  for (const [name, words] of oldScope) {
    if (!newScope.has(name)) lines.push(`${label} scoping filter "${text(name)}" no longer declared (was ${words}); the app keeps it as it is: declare { name, remove: true } to remove it`);
  }
  return lines;
}

export function diffApps(before: AppManifest, after: AppManifest): string[] {
  const lines: string[] = [];
  const old = new Map(settingsInWords(before));
  for (const [setting, value] of settingsInWords(after)) {
    const was = old.get(setting);
    if (was !== value) lines.push(`${setting}: ${was} → ${value}`);
  }
  const oldAssignments = new Set(before.assignments.map(assignmentInWords));
  const newAssignments = new Set(after.assignments.map(assignmentInWords));
  for (const a of newAssignments) if (!oldAssignments.has(a)) lines.push(`Assignment added: ${a}`);
  for (const a of oldAssignments) if (!newAssignments.has(a)) lines.push(`Assignment removed: ${a}`);
  for (const l of after.limitations) if (!before.limitations.includes(l)) lines.push(`Connector limitation added: ${text(l)}`);
  for (const l of before.limitations) if (!after.limitations.includes(l)) lines.push(`Connector limitation removed: ${text(l)}`);
  const modes = { before: before.mappingMode, after: after.mappingMode };
  lines.push(...mappingChanges("User", before.users, after.users, modes));
  lines.push(...mappingChanges("Group", before.groups, after.groups, modes));
  const oldWarnings = new Set(before.warnings ?? []);
  const newWarnings = new Set(after.warnings ?? []);
  for (const w of newWarnings) if (!oldWarnings.has(w)) lines.push(`**Warning** ${text(w)}`);
  for (const w of oldWarnings) if (!newWarnings.has(w)) lines.push(`Warning no longer raised: ${text(w)}`);
  return lines;
}

export function diffManifests(base: readonly Manifest[], current: readonly Manifest[]): AppChange[] {
  const before = index(base);
  const after = index(current);
  const changes: AppChange[] = [];
  for (const m of current) {
    const was = base.find((b) => b.stack === m.stack);
    if (!was) continue;
    const lines: string[] = [];
    if (was.tenantId !== m.tenantId) lines.push(`Tenant: ${code(was.tenantId)} → ${code(m.tenantId)} (every app of the stack moves to another tenant)`);
    if (was.environment !== m.environment) lines.push(`Cloud: ${text(was.environment)} → ${text(m.environment)}`);
    if (lines.length > 0) changes.push({ stack: m.stack, app: null, displayName: m.stack, change: "changed", lines });
  }
  for (const [key, { stack, app }] of after) {
    const was = before.get(key);
    if (!was) {
      const lines = [...settingsInWords(app).map(([k, v]) => `${k}: ${v}`), ...(app.warnings ?? []).map((w) => `**Warning** ${text(w)}`)];
      changes.push({ stack, app: app.id, displayName: app.displayName, change: "added", lines });
    } else {
      const lines = diffApps(was.app, app);
      if (lines.length > 0) changes.push({ stack, app: app.id, displayName: app.displayName, change: "changed", lines });
    }
  }
  for (const [key, { stack, app }] of before) {
    if (!after.has(key)) changes.push({ stack, app: app.id, displayName: app.displayName, change: "removed", lines: [`${text(app.displayName)} and its provisioning job are removed (the app is deleted from the tenant)`] });
  }
  return changes;
}

export function renderDiff(changes: readonly AppChange[]): string {
  if (changes.length === 0) return "No provisioning changes.\n";
  const lines = ["# Provisioning changes", ""];
  for (const c of changes) {
    lines.push(c.app === null ? `## ${text(c.stack)} (stack ${c.change})` : `## ${text(c.stack)}/${text(c.app)}: ${text(c.displayName)} (${c.change})`, "");
    if (c.effect !== undefined) lines.push(`- ${c.effect}`);
    for (const l of c.lines) lines.push(`- ${l}`);
    lines.push("");
  }
  return lines.join("\n");
}
