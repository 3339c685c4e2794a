/**
 * The command line of every CLI (verify, review, drift, import), described once as data: the
 * usage line printed with a usage error, the `--help` block (every option, its default, the exit
 * codes, EXIT_USAGE included) and the parsing. One shape, so the CLIs cannot disagree on `--help` or on what an
 * unknown option does.
 */
import { parseArgs } from "node:util";
import { printable } from "./printable";

export interface OptionSpec {
  /** Long name without dashes, e.g. "out". */
  readonly name: string;
  /** Placeholder of the value (`DIR`, `N`); absent for a switch. */
  readonly arg?: string;
  /** What it does, one line. */
  readonly description: string;
  /** The default as behaviour, e.g. `cdktf.out`; absent when there is none to state. */
  readonly default?: string;
  /** Shown inside the brackets of the option it belongs to, e.g. `--deep [--keep-going]`. */
  readonly under?: string;
  /** Always needed: shown without brackets in the usage line. @default false */
  readonly required?: boolean;
}

export interface CommandSpec {
  /** How it is run, e.g. `npm run verify --`. */
  readonly command: string;
  /** What the command does, one or two lines. */
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  /** Exit code and meaning, in order. */
  readonly exitCodes: readonly (readonly [number, string])[];
}

const HELP: OptionSpec = { name: "help", description: "print this help and exit 0 (also -h)" };

/**
 * The exit code of a usage error (an unknown option, a missing or bad value) in every CLI: 64,
 * EX_USAGE of BSD's sysexits.h. Apart from 0, 1 and 2, which the CLIs use for their verdicts
 * (drift: 2 = drift found), so a script or CI can tell a typo'd flag from a real answer.
 */
export const EXIT_USAGE = 64;

/** The line every `--help` ends its exit codes with. */
const USAGE_EXIT_MEANING = "usage error (an unknown option, a missing or bad value): one line naming it and the usage line on stderr; nothing ran";

function placeholder(o: OptionSpec): string {
  return `--${o.name}${o.arg ? ` ${o.arg}` : ""}`;
}

/** `usage: npm run verify -- [--out DIR] [--deep [--keep-going]] [--help]`. */
export function usageLine(spec: CommandSpec): string {
  const top = [...spec.options.filter((o) => o.under === undefined), HELP];
  const parts = top.map((o) => {
    const nested = spec.options.filter((n) => n.under === o.name).map((n) => ` [${placeholder(n)}]`).join("");
    return o.required ? `${placeholder(o)}${nested}` : `[${placeholder(o)}${nested}]`;
  });
  return `usage: ${spec.command} ${parts.join(" ")}`;
}

/** The `--help` block: usage line, summary, every option with its default, exit codes. */
export function helpText(spec: CommandSpec): string {
  const options = [...spec.options, HELP];
  const width = Math.max(...options.map((o) => placeholder(o).length)) + 2;
  const lines = [usageLine(spec), "", spec.summary, "", "Options:"];
  for (const o of options) {
    const text = o.required ? `${o.description} (required)` : o.default !== undefined ? `${o.description} (default: ${o.default})` : o.description;
    lines.push(`  ${placeholder(o).padEnd(width)}${text}`);
  }
  lines.push("", "Exit codes:");
  // Every CLI documents 64; one whose 64 also covers bad input files says so in its own words.
  const codes = spec.exitCodes.some(([code]) => code === EXIT_USAGE) ? spec.exitCodes : [...spec.exitCodes, [EXIT_USAGE, USAGE_EXIT_MEANING] as const];
  const codeWidth = Math.max(...codes.map(([code]) => String(code).length));
  for (const [code, meaning] of codes) lines.push(`  ${String(code).padEnd(codeWidth)}  ${meaning}`);
  return lines.join("\n") + "\n";
}

export type ParsedValues = Record<string, string | boolean | undefined>;

export type ParseResult =
  | { readonly kind: "run"; readonly values: ParsedValues }
  /** `--help` or `-h`: print `text` to stdout, exit 0. */
  | { readonly kind: "help"; readonly text: string }
  /** An unknown option, a missing value, a positional: print `text` to stderr, exit EXIT_USAGE. */
  | { readonly kind: "usage"; readonly text: string };

/**
 * Parses argv against the spec. `--help`/`-h` wins over everything else on the line; any
 * parse error is one line naming the problem plus the usage line.
 */
export function parseCommandLine(name: string, spec: CommandSpec, argv: readonly string[]): ParseResult {
  if (argv.some((a) => a === "--help" || a === "-h")) return { kind: "help", text: helpText(spec) };
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const o of spec.options) options[o.name] = { type: o.arg ? "string" : "boolean" };
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    return { kind: "run", values: values as ParsedValues };
  } catch (err) {
    return { kind: "usage", text: `${name}: ${firstLine(err)}\n${usageLine(spec)}\n` };
  }
}

/** Where a CLI writes; the real process streams, or strings in tests. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * The start of every CLI's main: the parsed values to run with, or the exit code once `--help`
 * (stdout, 0) or a bad command line (stderr, EXIT_USAGE) has been answered.
 */
export function commandLineOrExit(name: string, spec: CommandSpec, argv: readonly string[], io: CommandIo): ParsedValues | number {
  const parsed = parseCommandLine(name, spec, argv);
  if (parsed.kind === "help") {
    io.stdout.write(parsed.text);
    return 0;
  }
  if (parsed.kind === "usage") {
    io.stderr.write(parsed.text);
    return EXIT_USAGE;
  }
  return parsed.values;
}

/** A usage error found after parsing (a bad value): the same two lines. */
export function usageError(name: string, spec: CommandSpec, message: string): string {
  return `${name}: ${message}\n${usageLine(spec)}\n`;
}

/** Writes a usage error found after parsing to stderr and returns EXIT_USAGE, the code to exit with. */
export function failUsage(io: CommandIo, name: string, spec: CommandSpec, message: string): number {
  io.stderr.write(usageError(name, spec, message));
  return EXIT_USAGE;
}

function firstLine(err: unknown): string {
  // node's messages quote the offending argument as given; keep them to one printable line.
  const text = (err as Error).message.split("\n")[0];
  return printable(text, 200);
}
