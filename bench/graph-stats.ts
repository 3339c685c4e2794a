/**
 * The Graph-cost bench's arithmetic, apart from any deploy so a test can check it on a tiny fake:
 * the sandbox's counts (`METHOD /version/template` -> n) split into Graph and sign-in requests,
 * totals per app, and each path template's count over the measured app counts split into a
 * fixed part and a part per app (the line through the two largest app counts).
 */

/** What the sandbox's stats() returns. */
export interface SandboxCounts {
  readonly total: number;
  readonly requests: Readonly<Record<string, number>>;
}

export interface SplitCounts {
  /** `METHOD /v1.0/...` and `METHOD /beta/...`: Microsoft Graph. */
  readonly graph: Record<string, number>;
  /** Everything else the sandbox answered: token, OpenID discovery, instance discovery, cloud metadata. */
  readonly signIn: Record<string, number>;
  /** Refused proxy tunnels (`CONNECT (refused)`): something tried to go past the sandbox. */
  readonly refused: number;
  readonly graphTotal: number;
  readonly signInTotal: number;
}

const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

export function splitCounts(counts: SandboxCounts): SplitCounts {
  const graph: Record<string, number> = {};
  const signIn: Record<string, number> = {};
  let refused = 0;
  for (const [key, n] of Object.entries(counts.requests)) {
    const [method, template = ""] = key.split(" ", 2);
    if (method === "CONNECT") refused += n;
    else if (/^\/(v1\.0|beta)(\/|$)/.test(template)) graph[key] = n;
    else signIn[key] = n;
  }
  return { graph, signIn, refused, graphTotal: sum(graph), signInTotal: sum(signIn) };
}

/** A count rounded to two decimals (per-app figures). */
export const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * count = fixed + perApp x apps, through the two largest app counts measured. The smallest run is
 * left out on purpose: one app is one connector (an iPass app), not the workload's mix, while 10
 * and 100 apps hold every connector in the same proportion. With one app count the split is
 * unknown: everything is per app, fixed undefined.
 */
export function fixedAndPerApp(points: ReadonlyArray<{ apps: number; count: number }>): { fixed: number | undefined; perApp: number } {
  const byApps = [...new Map(points.map((p) => [p.apps, p])).values()].sort((a, b) => b.apps - a.apps);
  if (byApps.length < 2) {
    const p = byApps[0];
    return { fixed: undefined, perApp: p ? p.count / p.apps : 0 };
  }
  const [large, small] = byApps;
  const perApp = (large.count - small.count) / (large.apps - small.apps);
  return { fixed: small.count - perApp * small.apps, perApp };
}

export interface TemplateRow {
  readonly key: string;
  /** Count at each measured app count (0 where the template was not requested). */
  readonly counts: Readonly<Record<number, number>>;
  readonly fixed: number | undefined;
  readonly perApp: number;
}

/** Each template's counts over the runs (one per app count), with its fixed and per-app parts, largest per-app first. */
export function byTemplate(runs: ReadonlyArray<{ apps: number; counts: Readonly<Record<string, number>> }>): TemplateRow[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.counts)))];
  return keys
    .map((key) => {
      const counts = Object.fromEntries(runs.map((r) => [r.apps, r.counts[key] ?? 0]));
      const { fixed, perApp } = fixedAndPerApp(runs.map((r) => ({ apps: r.apps, count: r.counts[key] ?? 0 })));
      return { key, counts, fixed: fixed === undefined ? undefined : round2(fixed), perApp: round2(perApp) };
    })
    .sort((a, b) => b.perApp - a.perApp || a.key.localeCompare(b.key));
}

/** A markdown table cell for a fixed part: "?" when unknown, 0 for rounding residue. */
export function fixedCell(fixed: number | undefined): string {
  if (fixed === undefined) return "?";
  return Math.abs(fixed) < 0.05 ? "0" : String(fixed);
}
