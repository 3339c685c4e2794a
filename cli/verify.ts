/**
 * npm run verify -- [--out DIR] [--stack S] [--app ID] [--json] [--concurrency N] [--timeout-ms N] [--ca FILE]
 *
 * Probes every app's SCIM endpoint the way Entra's Test Connection does, with the token from the
 * environment variable Terraform reads (TF_VAR_<id>_secret_token). Exit 0 all pass, 1 any app
 * fails, 2 usage or manifest error.
 *
 * --deep [--keep-going]: the write test of cli/verify/deep (create, match, PATCH, disable, manager,
 * groups, paging, errors, delete, then cleanup); opt-in because it writes to the app.
 */
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { ManifestError } from "./manifests";
import { renderTable } from "./verify/report";
import { runVerify, SelectionError } from "./verify/run";
import { runDeepCli } from "./verify/deep/cli";

const USAGE = "usage: npm run verify -- [--out DIR] [--stack S] [--app ID] [--json] [--concurrency N] [--timeout-ms N] [--ca FILE] [--deep [--keep-going]]";

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} takes a positive whole number, got "${value}"`);
  return Number(value);
}

class UsageError extends Error {}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          out: { type: "string" },
          stack: { type: "string" },
          app: { type: "string" },
          json: { type: "boolean" },
          concurrency: { type: "string" },
          "timeout-ms": { type: "string" },
          ca: { type: "string" },
          help: { type: "boolean" },
          deep: { type: "boolean" },
          "keep-going": { type: "boolean" },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new UsageError((err as Error).message.split("\n")[0]);
    }
    if (values.help) {
      io.stdout.write(USAGE + "\n");
      return 0;
    }
    if (values.ca !== undefined && !existsSync(values.ca)) throw new UsageError(`--ca ${values.ca}: no such file`);
    const concurrency = positiveInt("--concurrency", values.concurrency, 8);
    const timeoutMs = positiveInt("--timeout-ms", values["timeout-ms"], 10_000);
    if (values["keep-going"] && !values.deep) throw new UsageError("--keep-going only applies to --deep");
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
      onAppDone: values.json ? undefined : (done, total, app) => {
        if (total > 3) io.stderr.write(`[${done}/${total}] ${app.stack}/${app.app} ${app.ok ? "ok" : "FAILED"}\n`);
      },
    });
    io.stdout.write(values.json ? JSON.stringify(result) + "\n" : renderTable(result));
    return result.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`verify: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof ManifestError || err instanceof SelectionError) {
      io.stderr.write(`verify: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
