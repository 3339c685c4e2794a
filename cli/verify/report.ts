/** The table verify prints for people. */
import type { VerifyResult } from "./run";

export function renderTable(result: VerifyResult): string {
  const lines: string[] = [];
  for (const app of result.apps) {
    lines.push(`${app.skipped ? "SKIP" : app.ok ? "PASS" : "FAIL"}  ${app.stack}/${app.app}  ${app.tenantUrl}`);
    for (const c of app.checks) {
      if (app.skipped) {
        lines.push(`  - ${c.message}`);
        continue;
      }
      const mark = !c.ok ? "✗" : c.warning ? "!" : "✓";
      const status = c.status !== undefined ? String(c.status) : "-";
      lines.push(`  ${mark} ${c.name.padEnd(24)} ${status.padStart(3)} ${`${c.ms} ms`.padStart(8)}  ${c.message}`);
    }
  }
  const failed = result.apps.filter((a) => !a.ok).length;
  const skipped = result.apps.filter((a) => a.skipped).length;
  const probed = result.apps.length - skipped;
  lines.push("");
  const verdict = failed === 0 ? `${probed} app(s) verified, all passed` : `${failed} of ${probed} app(s) failed`;
  lines.push(skipped === 0 ? verdict : `${verdict}; ${skipped} skipped (token not sent: see --trust-base)`);
  return lines.join("\n") + "\n";
}
