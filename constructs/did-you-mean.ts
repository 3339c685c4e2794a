/**
 * "Did you mean" for a name the user typed that is not one of a known set (a prop such as
 * `souce`): the known name that matches case-insensitively, else the nearest within two edits
 * (a swap of two neighbouring letters counts as one), else nothing.
 */
export function closest(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const candidates = [...known];
  const sameCase = candidates.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: { name: string; distance: number } | undefined;
  for (const k of candidates) {
    const d = editDistance(lower, k.toLowerCase());
    if (d <= 2 && (best === undefined || d < best.distance)) best = { name: k, distance: d };
  }
  return best?.name;
}

/** Optimal string alignment distance; 3 stands for "more than 2" (names are short). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
