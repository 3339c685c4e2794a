/**
 * The Graph-cost bench's arithmetic, apart from any deploy so a test can check it on a tiny fake:
 * the sandbox's counts (`METHOD /version/template` -> n) split into Graph and sign-in requests,
 * totals per app, and each path template's count over the measured app counts split into a
 * fixed part and a part per app (a least-squares line through (apps, count)).
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
 * count ~ fixed + perApp x apps, by least squares over the measured points. With one point the
 * split is unknown: everything is per app, fixed undefined.
 */
export function fixedAndPerApp(points: ReadonlyArray<{ apps: number; count: number }>): { fixed: number | undefined; perApp: number } {
  const distinct = new Set(points.map((p) => p.apps));
  if (distinct.size < 2) {
    const p = points[0];
    return { fixed: undefined, perApp: p ? p.count / p.apps : 0 };
  }
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.apps, 0) / n;
  const my = points.reduce((a, p) => a + p.count, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.apps - mx) * (p.count - my), 0);
  const sxx = points.reduce((a, p) => a + (p.apps - mx) ** 2, 0);
  const perApp = sxy / sxx;
  return { fixed: my - perApp * mx, perApp };
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

/** A markdown table cell for a fixed part: "?" when unknown, 0 for tiny least-squares residue. */
export function fixedCell(fixed: number | undefined): string {
  if (fixed === undefined) return "?";
  return Math.abs(fixed) < 0.05 ? "0" : String(fixed);
}
