/**
 * Preview's output: a table for people, JSON for tools. Every string from the users file, the
 * manifest or the template passes printable() (cli/printable.ts) before it reaches the terminal,
 * and JSON goes through printableJson(): a hostile display name cannot move the cursor, recolour,
 * reorder or split a line.
 */
import type { EvalValue } from "../../expressions";
import { printable, printableJson } from "../printable";
import { countChanges, SCOPE, type ChangeCounts, type UserDiff, type UserPreview } from "./run";

export interface PreviewReport {
  readonly stack: string;
  readonly app: string;
  readonly displayName: string;
  /** Where the mappings come from, in words. */
  readonly mappings: string;
  /** Caveats that apply to this app's mappings. */
  readonly notes: readonly string[];
  readonly users: readonly UserPreview[];
  /** With --base: the users that differ. */
  readonly diffs?: readonly UserDiff[];
  /** With --base: the base directory. */
  readonly base?: string;
}

/** The --json document: `{ app, users: [{ id, userPrincipalName, inScope, scopeGroup?, reason?, attributes, changes? }] }`. */
export function renderJson(report: PreviewReport): string {
  const list = report.diffs ?? report.users;
  return (
    printableJson({
      app: report.app,
      users: list.map((u) => ({
        id: u.id,
        userPrincipalName: u.userPrincipalName,
        inScope: u.inScope,
        ...(u.scopeGroup !== undefined ? { scopeGroup: u.scopeGroup } : {}),
        ...(u.reason !== undefined ? { reason: u.reason } : {}),
        attributes: u.attributes,
        ...("changes" in u ? { changes: (u as UserDiff).changes } : {}),
        ...(u.errors !== undefined ? { errors: u.errors } : {}),
      })),
    }) + "\n"
  );
}

/** Longest cell shown in the table, and longest last cell; --json has every value whole. */
const MAX_CELL = 80;
const MAX_LAST_CELL = 240;

function cell(s: string, max = MAX_CELL): string {
  return printable(s, max);
}

/** A value as the table shows it: text quoted (so "" and spaces show), lists and numbers as JSON. */
export function shown(v: EvalValue | undefined): string {
  if (v === null || v === undefined) return "(none)";
  return JSON.stringify(v);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(headers), ...rows.map(line)];
}

function who(u: UserPreview): string {
  return cell(u.userPrincipalName ?? u.id);
}

function scopeWords(u: UserPreview): string {
  if (u.inScope) return u.scopeGroup !== undefined ? `in: ${cell(u.scopeGroup, 40)}` : "in";
  return "out";
}

/** The label of the row that says why a user is out of scope. */
const WHY = "(why)";

/** "312 users change userName; 4 leave scope; 2 enter scope" (already printable). */
export function countsInWords(counts: ChangeCounts): string {
  const users = (n: number) => `${n} user${n === 1 ? "" : "s"}`;
  const parts = counts.attributes.map(([a, n]) => `${users(n)} change ${printable(a, MAX_CELL)}`);
  if (counts.leave > 0) parts.push(`${counts.leave} leave scope`);
  if (counts.enter > 0) parts.push(`${counts.enter} enter scope`);
  if (counts.failing > 0) parts.push(`${users(counts.failing)} with mappings that fail`);
  return parts.length === 0 ? "no user changes" : parts.join("; ");
}

export function renderTable(report: PreviewReport): string {
  const inScope = report.users.filter((u) => u.inScope).length;
  const lines = [
    `Preview of ${cell(report.stack)}/${cell(report.app)} (${cell(report.displayName)}): ${report.users.length} user(s), ${inScope} in scope`,
    `Mappings: ${printable(report.mappings)}`,
    "Attributes are what the app receives when the user is created in it; out-of-scope users receive nothing.",
    ...report.notes.map((n) => `Note: ${printable(n)}`),
    "",
  ];
  if (report.diffs !== undefined) {
    lines.push(`Compared with ${cell(report.base ?? "")}: ${report.diffs.length} user(s) differ (${countsInWords(countChanges(report.diffs))})`, "");
    if (report.diffs.length === 0) return lines.join("\n") + "\n";
    const rows: string[][] = [];
    for (const d of report.diffs) {
      d.changes.forEach((c, i) => {
        const before = c.attribute === SCOPE ? (c.before ? "in" : "out") : cell(shown(c.before));
        const after = c.attribute === SCOPE ? (d.inScope ? scopeWords(d) : `out: ${cell(d.reason ?? "", MAX_LAST_CELL)}`) : cell(shown(c.after), MAX_LAST_CELL);
        rows.push([i === 0 ? who(d) : "", cell(c.attribute), before, after]);
      });
      for (const e of d.errors ?? []) rows.push(["", cell(e.attribute), "", `(fails) ${cell(e.message, MAX_LAST_CELL)}`]);
    }
    lines.push(...table(["USER", "ATTRIBUTE", "BEFORE", "AFTER"], rows));
    return lines.join("\n") + "\n";
  }
  const rows: string[][] = [];
  for (const u of report.users) {
    const cells: Array<[string, string]> = [];
    if (!u.inScope) cells.push([WHY, cell(u.reason ?? "", MAX_LAST_CELL)]);
    for (const [name, value] of Object.entries(u.attributes)) cells.push([cell(name), cell(shown(value), MAX_LAST_CELL)]);
    for (const e of u.errors ?? []) cells.push([cell(e.attribute), `(fails) ${cell(e.message, MAX_LAST_CELL)}`]);
    if (cells.length === 0) cells.push(["", ""]);
    cells.forEach(([name, value], i) => rows.push([...(i === 0 ? [who(u), scopeWords(u)] : ["", ""]), name, value]));
  }
  lines.push(...table(["USER", "SCOPE", "ATTRIBUTE", "VALUE"], rows));
  return lines.join("\n") + "\n";
}
