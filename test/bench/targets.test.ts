/** `npm run bench` exits 1 when a target fails (bench/targets.ts decides; bench/run.ts exits with it). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exitCodeOf, targetLines, targetsOf } from "../../bench/targets";

const synth = (ratio: number, l3RssMb: number) => [{ apps: 10, ratio: 3, l3RssMb: 90 }, { apps: 1000, ratio, l3RssMb }];

describe("bench targets", () => {
  test("every target holding: exit 0", () => {
    const targets = targetsOf(synth(1.1, 380), [{ apps: 1000, ratio: 1.2 }]);
    expect(targetLines(targets)).toEqual([
      "HOLDS  synth of 1000 apps <= 1.2x the hand-written L1 program's time: 1.1x",
      "HOLDS  synth of 1000 apps under 400 MB peak RSS: 380 MB",
      "HOLDS  verify of 1000 apps <= 1.3x the plain undici loop's time: 1.2x",
    ]);
    expect(exitCodeOf(targets)).toBe(0);
  });

  test.each([
    ["synth time", synth(1.25, 380), [{ apps: 1000, ratio: 1.2 }]],
    ["synth memory", synth(1.15, 505), [{ apps: 1000, ratio: 1.2 }]],
    ["verify time", synth(1.15, 380), [{ apps: 1000, ratio: 1.31 }]],
  ])("a failing target (%s): a FAILS line and exit 1", (_what, s, v) => {
    const targets = targetsOf(s, v);
    expect(targetLines(targets).filter((l) => l.startsWith("FAILS  "))).toHaveLength(1);
    expect(exitCodeOf(targets)).toBe(1);
  });

  test("sizes not measured are not judged", () => {
    expect(targetsOf([{ apps: 10, ratio: 9, l3RssMb: 999 }], [])).toEqual([]);
    expect(exitCodeOf([])).toBe(0);
  });

  test("bench/run.ts exits with that code", () => {
    const run = readFileSync(join(__dirname, "..", "..", "bench", "run.ts"), "utf8");
    expect(run).toContain("return exitCodeOf(targets);");
    expect(run).toMatch(/mainBench\(\)\.then\(\(code\) => \{\n\s+process\.exitCode = code;/);
  });
});
