/** The table verify prints for people. */
import type { VerifyResult } from "./run";

export function renderTable(result: VerifyResult): string {
  const lines: string[] = [];
  for (const app of result.apps) {
    lines.push(`${app.ok ? "PASS" : "FAIL"}  ${app.stack}/${app.app}  ${app.tenantUrl}`);
    for (const c of app.checks) {
      const mark = !c.ok ? "✗" : c.warning ? "!" : "✓";
      const status = c.status !== undefined ? String(c.status) : "-";
      lines.push(`  ${mark} ${c.name.padEnd(24)} ${status.padStart(3)} ${`${c.ms} ms`.padStart(8)}  ${c.message}`);
    }
  }
  const failed = result.apps.filter((a) => !a.ok).length;
  lines.push("");
  lines.push(failed === 0 ? `${result.apps.length} app(s) verified, all passed` : `${failed} of ${result.apps.length} app(s) failed`);
  return lines.join("\n") + "\n";
}
