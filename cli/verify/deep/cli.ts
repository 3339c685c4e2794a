/**
 * The --deep branch of the verify CLI: runs the deep tests, prints the table or the JSON, and
 * turns Ctrl-C (or a CI job's SIGTERM) into "stop after the current request, then clean up".
 */
import { renderDeepTable } from "./report";
import { runDeep, type DeepOptions } from "./run";

export interface DeepCliOptions extends Pick<DeepOptions, "outDir" | "stack" | "app" | "timeoutMs" | "caFile" | "keepGoing"> {
  readonly json: boolean;
}

interface Io {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export async function runDeepCli(options: DeepCliOptions, io: Io): Promise<number> {
  const interrupt = new AbortController();
  const onSignal = () => {
    if (interrupt.signal.aborted) {
      // A second interrupt means "now": say what may be left behind.
      io.stderr.write("verify --deep: interrupted again; exiting without cleanup: objects named entra-provisioning-probe-* may remain in the app\n");
      process.exit(130);
    }
    io.stderr.write("verify --deep: interrupted; deleting the probe objects before exiting (interrupt again to exit at once)\n");
    interrupt.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const result = await runDeep({
      ...options,
      signal: interrupt.signal,
      onAppDone: options.json ? undefined : (done, total, app) => {
        if (total > 1) io.stderr.write(`[${done}/${total}] ${app.stack}/${app.app} ${app.ok ? "ok" : "FAILED"}\n`);
      },
    });
    io.stdout.write(options.json ? JSON.stringify(result) + "\n" : renderDeepTable(result));
    return result.ok ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
