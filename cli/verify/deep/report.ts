/** The table `verify --deep` prints for people: per app, one row per test, with what to fix. */
import { printable } from "../shown";
import type { DeepResult } from "./run";

export function renderDeepTable(result: DeepResult): string {
  const lines: string[] = [];
  for (const app of result.apps) {
    lines.push(`${app.ok ? "PASS" : "FAIL"}  ${printable(app.stack)}/${printable(app.app)}  ${printable(app.tenantUrl)}  (verify --deep)`);
    const width = Math.max(20, ...app.checks.map((c) => c.name.length));
    lines.push(`  ${"test".padEnd(width)}  ${"result".padEnd(6)}  ${"HTTP".padStart(4)}  ${"ms".padStart(6)}  what to fix`);
    for (const c of app.checks) {
      const verdict = !c.ok ? "FAIL" : c.skipped ? "skip" : c.warning ? "warn" : "pass";
      const status = c.status !== undefined ? String(c.status) : "-";
      const advice = c.ok && !c.warning ? `- (${printable(c.message)})` : printable(c.message);
      lines.push(`  ${c.name.padEnd(width)}  ${verdict.padEnd(6)}  ${status.padStart(4)}  ${String(c.ms).padStart(6)}  ${advice}`);
    }
    lines.push("");
  }
  const failed = result.apps.filter((a) => !a.ok).length;
  lines.push(failed === 0 ? `${result.apps.length} app(s) passed every deep test` : `${failed} of ${result.apps.length} app(s) failed`);
  return lines.join("\n") + "\n";
}
