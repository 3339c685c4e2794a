/**
 * npm run verify -- [--out DIR] [--stack S] [--app ID] [--json] [--concurrency N] [--timeout-ms N] [--ca FILE]
 *
 * Probes every app's SCIM endpoint the way Entra's Test Connection does, with the token from the
 * environment variable Terraform reads (TF_VAR_<id>_secret_token). Exit 0 all pass, 1 any app
 * fails, 2 manifest error, 64 usage error.
 *
 * --deep [--keep-going]: the write test of cli/verify/deep (create, match, PATCH, disable, manager,
 * groups, paging, errors, delete, then cleanup); opt-in because it writes to the app.
 */
import { ManifestError } from "./manifests";
import { renderTable } from "./verify/report";
import { runVerify, SelectionError } from "./verify/run";
import { runDeepCli } from "./verify/deep/cli";
import { CaFileError, readCaPem } from "./verify/ca";
import { capped, printable } from "./verify/shown";
import { type CommandSpec, EXIT_USAGE, commandLineOrExit, usageError } from "./usage";

export const VERIFY_COMMAND: CommandSpec = {
  command: "npm run verify --",
  summary:
    "Probes every synthesized app's SCIM endpoint as Entra's Test Connection does, with the token from\n" +
    "the TF_VAR_ variable named in the manifest. --deep also writes probe objects (opt-in).",
  options: [
    { name: "out", arg: "DIR", description: "synth output to read", default: "cdktf.out" },
    { name: "stack", arg: "S", description: "only this stack", default: "every stack" },
    { name: "app", arg: "ID", description: "only this app id", default: "every app" },
    { name: "json", description: "print one JSON report instead of the table" },
    { name: "concurrency", arg: "N", description: "apps probed at once, 1 to 64", default: "8" },
    { name: "timeout-ms", arg: "N", description: "deadline per request, 1 to 600000", default: "10000" },
    { name: "ca", arg: "FILE", description: "PEM file of extra CA certificates to trust", default: "the system's CAs" },
    { name: "trust-base", arg: "DIR", description: "send a token only to an origin this synth output (the base branch's) already sends it to; skip other apps", default: "every app is probed" },
    { name: "deep", description: "create, match, update, disable and delete probe objects in the app (writes to it)" },
    { name: "keep-going", description: "with --deep: run every test after a failure", under: "deep" },
  ],
  exitCodes: [
    [0, "every app passed"],
    [1, "an app failed (or, with --deep, a probe object could not be removed)"],
    [2, "manifest error (none synthesized, unreadable, or no app matches --stack/--app); nothing was probed"],
  ],
};

/** A whole number from 1 to `max`; anything else (a fraction, 1e3, 2147483648 for a timer) is a usage error. */
function wholeNumber(flag: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`${flag} takes a whole number from 1 to ${max}, got ${JSON.stringify(value.slice(0, 40))}`);
  }
  return Number(value);
}

class UsageError extends Error {}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const parsed = commandLineOrExit("verify", VERIFY_COMMAND, argv, io);
    if (typeof parsed === "number") return parsed;
    const values = parsed as {
      out?: string; stack?: string; app?: string; json?: boolean; concurrency?: string;
      "timeout-ms"?: string; ca?: string; deep?: boolean; "keep-going"?: boolean; "trust-base"?: string;
    };
    // Read once here so a bad --ca is a usage error before anything is probed.
    if (values.ca !== undefined) readCaPem(values.ca);
    const concurrency = wholeNumber("--concurrency", values.concurrency, 8, 64);
    const timeoutMs = wholeNumber("--timeout-ms", values["timeout-ms"], 10_000, 600_000);
    if (values["keep-going"] && !values.deep) throw new UsageError("--keep-going only applies to --deep");
    // --deep writes to the app and is run by hand when onboarding it, never on a pull request's manifest.
    if (values["trust-base"] !== undefined && values.deep) throw new UsageError("--trust-base does not apply to --deep");
    if (values.deep) {
      return await runDeepCli({ outDir: values.out, stack: values.stack, app: values.app, timeoutMs, caFile: values.ca, keepGoing: values["keep-going"] ?? false, json: values.json ?? false }, io);
    }
    const result = await runVerify({
      outDir: values.out,
      stack: values.stack,
      app: values.app,
      concurrency,
      timeoutMs,
      caFile: values.ca,
      trustBase: values["trust-base"],
      onAppDone: values.json ? undefined : (done, total, app) => {
        if (total > 3) io.stderr.write(`[${done}/${total}] ${app.stack}/${app.app} ${app.ok ? "ok" : "FAILED"}\n`);
      },
    });
    io.stdout.write(values.json ? JSON.stringify(result) + "\n" : renderTable(result));
    return result.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError || err instanceof CaFileError) {
      io.stderr.write(usageError("verify", VERIFY_COMMAND, capped(printable(err.message), 400)));
      return EXIT_USAGE;
    }
    if (err instanceof ManifestError || err instanceof SelectionError) {
      // One line whatever the manifest holds (its text may be quoted in a parse error).
      io.stderr.write(`verify: ${capped(printable(err.message), 600)}\n`);
      return 2;
    }
    io.stderr.write(unexpected(err));
    return 2;
  }
}

/**
 * Anything else that stops the run before a report exists (an unreadable --out directory, say):
 * one line, no stack trace. Per-app failures never get here; they are rows of the report.
 */
export function unexpected(err: unknown): string {
  const kind = err instanceof Error && /^[A-Za-z]{1,40}$/.test(err.name) ? err.name : "error";
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message.split("\n")[0] : "";
  return `verify: stopped before any report (${kind}${typeof code === "string" ? ` ${capped(printable(code), 40)}` : ""}): ${capped(printable(message), 200)}\n`;
}

/** Runs verify as the process (npm run verify, the package bin): its exit code, never a stack trace. */
export function runAsProcess(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      // main reports its own errors; this is the last line of defence against a stack trace.
      process.stderr.write(unexpected(err));
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runAsProcess(process.argv.slice(2));
