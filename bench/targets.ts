/**
 * The benchmark's targets and the exit code they give `npm run bench`: 0 when every measured
 * target holds, 1 when one fails, so CI (or a script) can act on a regression without reading
 * the table. A target whose size was not measured (`--synth 10,100`) is not judged.
 */
export interface SynthRow {
  readonly apps: number;
  readonly ratio: number;
  readonly l3RssMb: number;
}

export interface VerifyRow {
  readonly apps: number;
  readonly ratio: number;
}

export interface Target {
  readonly target: string;
  readonly value: string;
  readonly holds: boolean;
}

export function targetsOf(synth: readonly SynthRow[], verify: readonly VerifyRow[]): Target[] {
  const big = synth.find((r) => r.apps === 1000);
  const bigVerify = verify.find((r) => r.apps === 1000);
  const targets: Target[] = [];
  if (big) {
    targets.push({ target: "synth of 1000 apps <= 1.2x the hand-written L1 program's time", value: `${big.ratio}x`, holds: big.ratio <= 1.2 });
    targets.push({ target: "synth of 1000 apps under 400 MB peak RSS", value: `${big.l3RssMb} MB`, holds: big.l3RssMb < 400 });
  }
  if (bigVerify) targets.push({ target: "verify of 1000 apps <= 1.3x the plain undici loop's time", value: `${bigVerify.ratio}x`, holds: bigVerify.ratio <= 1.3 });
  return targets;
}

/** `HOLDS  ...` / `FAILS  ...` lines. */
export function targetLines(targets: readonly Target[]): string[] {
  return targets.map((t) => `${t.holds ? "HOLDS" : "FAILS"}  ${t.target}: ${t.value}`);
}

/** 1 when any target fails, else 0. */
export function exitCodeOf(targets: readonly Target[]): number {
  return targets.some((t) => !t.holds) ? 1 : 0;
}
