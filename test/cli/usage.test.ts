/**
 * Every CLI answers --help / -h and a bad command line the same way (issue 13): the help block
 * lists every option with its default and the exit codes, exit 0; an unknown option prints one
 * line naming it plus the usage line, exit 64 (EX_USAGE), a code no CLI uses for a verdict.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DRIFT_COMMAND, main as drift } from "../../cli/drift";
import { IMPORT_COMMAND, main as importMain } from "../../cli/import";
import { PROVIDERS_COMMAND, main as providers } from "../../cli/providers";
import { REVIEW_COMMAND, main as review } from "../../cli/review";
import { EXIT_USAGE, helpText, usageLine, type CommandSpec } from "../../cli/usage";
import { VERIFY_COMMAND, main as verify } from "../../cli/verify";
import { type CliRun, runCliAsync } from "../support/cli";

type Run = (argv: string[]) => Promise<CliRun>;

const capture = (main: (argv: string[], io: any) => number | Promise<number>): Run => (argv) => runCliAsync(main, argv);

const CLIS: Array<[string, CommandSpec, Run]> = [
  ["verify", VERIFY_COMMAND, capture(verify)],
  ["review", REVIEW_COMMAND, capture(review)],
  ["drift", DRIFT_COMMAND, capture(drift)],
  ["import", IMPORT_COMMAND, capture(importMain)],
  ["providers", PROVIDERS_COMMAND, capture(providers)],
];

describe.each(CLIS)("%s command line", (name, spec, run) => {
  test.each([["--help"], ["-h"]])("%s prints the help block to stdout and exits 0", async (flag) => {
    const r = await run([flag]);
    expect(r).toEqual({ code: 0, out: helpText(spec), err: "" });
    expect(r.out.startsWith(`usage: npm run ${name} -- `)).toBe(true);
    for (const o of spec.options) expect(r.out).toMatch(new RegExp(`^  --${o.name}\\b.*${o.description.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m"));
    expect(r.out).toMatch(/^Exit codes:\n {2}0 {3}/m);
    expect(r.out).toMatch(/^ {2}64 {2}usage error \(an unknown option, a missing or bad value\)/m);
    // The verdict codes never mean a usage error.
    for (const [code, meaning] of spec.exitCodes) {
      expect(code).not.toBe(EXIT_USAGE);
      expect(meaning).not.toMatch(/usage/);
    }
  });

  test("--help wins over other options, even bad ones", async () => {
    expect((await run(["--bogus", "--help"])).code).toBe(0);
  });

  test("an unknown option is one line naming it, then the usage line; exit 64", async () => {
    expect(await run(["--bogus"])).toEqual({ code: 64, out: "", err: `${name}: Unknown option '--bogus'\n${usageLine(spec)}\n` });
  });

  test("a positional argument is a usage error", async () => {
    const r = await run(["extra"]);
    expect(r.code).toBe(64);
    expect(r.err.split("\n")).toEqual([expect.stringContaining(`${name}: `), usageLine(spec), ""]);
  });

  test("control characters in a bad option are not echoed to the terminal", async () => {
    const r = await run(["--\u001b[31mred"]);
    expect(r.code).toBe(64);
    expect(r.err).not.toContain("\u001b");
  });
});

describe("defaults in the help block", () => {
  test("every option that has a default states it", () => {
    // Descriptions start in one column, after the longest option.
    expect(helpText(VERIFY_COMMAND)).toMatch(/^ {2}--timeout-ms N +deadline per request, 1 to 600000 \(default: 10000\)$/m);
    expect(helpText(REVIEW_COMMAND)).toMatch(/^ {2}--format markdown\|json {2}output format \(default: markdown\)$/m);
    expect(helpText(DRIFT_COMMAND)).toMatch(/^ {2}--out DIR +synth output to check \(default: cdktf\.out\)$/m);
    const columns = helpText(VERIFY_COMMAND).split("\n").filter((l) => l.startsWith("  --")).map((l) => l.search(/(?<=\S {2,})\S/));
    expect(new Set(columns).size).toBe(1);
  });

  test("a nested option is shown under the one it belongs to", () => {
    expect(usageLine(VERIFY_COMMAND)).toContain("[--deep [--keep-going]]");
  });
});

describe("verify's numeric flags have bounds", () => {
  const run = capture(verify);
  test.each([
    ["--timeout-ms", "2147483648", "from 1 to 600000"],
    ["--timeout-ms", "0", "from 1 to 600000"],
    ["--timeout-ms", "1e3", "from 1 to 600000"],
    ["--concurrency", "65", "from 1 to 64"],
  ])("%s %s is a usage error", async (flag, value, range) => {
    const r = await run([flag, value]);
    expect(r.code).toBe(64);
    expect(r.err.split("\n")[0]).toBe(`verify: ${flag} takes a whole number ${range}, got "${value}"`);
  });
});

test("the CLIs start without loading cdktf (they read manifests, never constructs)", () => {
  const root = join(__dirname, "..", "..");
  const script = "for (const m of ['verify','review','drift']) require('./cli/' + m); console.log(Object.keys(require.cache).filter((k) => /node_modules[\\\\/]cdktf[\\\\/]/.test(k)).length)";
  const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), ["-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
  expect(r.stderr).toBe("");
  expect(r.stdout.trim()).toBe("0");
});

test("a required option is shown without brackets", () => {
  expect(usageLine(IMPORT_COMMAND).startsWith("usage: npm run import -- --tenant T --app NAME|OBJECT_ID [--stack S]")).toBe(true);
  expect(helpText(IMPORT_COMMAND)).toMatch(/^ {2}--tenant T +the tenant \(id or initial domain\) \(required\)$/m);
});

test("EXIT_USAGE is 64 (sysexits EX_USAGE), and every help block ends its exit codes with it", () => {
  expect(EXIT_USAGE).toBe(64);
  const spec: CommandSpec = { command: "npm run x --", summary: "x", options: [], exitCodes: [[0, "fine"], [1, "failed"]] };
  expect(helpText(spec).split("Exit codes:\n")[1]).toBe(
    "  0   fine\n  1   failed\n  64  usage error (an unknown option, a missing or bad value): one line naming it and the usage line on stderr; nothing ran\n",
  );
});

test("a usage error of every CLI run as a process exits 64", () => {
  const root = join(__dirname, "..", "..");
  for (const name of ["verify", "review", "drift", "import"]) {
    const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), [join(root, "cli", `${name}.ts`), "--bogus"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect([name, r.status, r.stdout, r.stderr.split("\n")[0]]).toEqual([name, 64, "", `${name}: Unknown option '--bogus'`]);
  }
}, 120_000);
