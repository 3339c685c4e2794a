/**
 * The machine's Go, run through the module proxy it is configured with. Every failure becomes one
 * line that says what is missing: Go itself, the proxy's consent to serve a module, or the build.
 */
import { spawn, spawnSync } from "node:child_process";

export class GoError extends Error {}

/** `go version go1.26.8 linux/amd64`, or a GoError when there is no go on PATH. */
export function goVersion(env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync("go", ["version"], { env, encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new GoError("Go is not installed (no `go` on PATH): the providers are built from source with Go >= 1.26 through the Go module proxy");
  }
  return r.stdout.trim();
}

/** The environment of every go command: no toolchain switch behind our back, modules on. */
function goEnv(extra: Record<string, string>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // GOTOOLCHAIN=local: a module that needs a newer Go says so instead of fetching another toolchain.
  return { ...env, GO111MODULE: "on", GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", ...extra };
}

/** Runs go with output captured; rejects with the one line that explains a failure. */
export function runGo(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; extraEnv?: Record<string, string>; what: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("go", [...args], { cwd: options.cwd, env: goEnv(options.extraEnv ?? {}, options.env ?? process.env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", (err) => reject(new GoError(`${options.what}: could not run go (${err.message})`)));
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new GoError(`${options.what}: ${explainGoFailure(stderr)}`));
    });
  });
}

/**
 * go's own error, shortened to its cause. The proxy's refusal is the common one on a restricted
 * network: `reading https://<proxy>/<module>/@v/<v>.info: 403 Forbidden` followed by
 * `server response: This module version is not available.`
 */
export function explainGoFailure(stderr: string): string {
  const status = /reading https?:\/\/\S+: (\d{3} [A-Za-z ]+)/.exec(stderr);
  if (status) {
    const response = /server response:\s*(.+)/.exec(stderr);
    return `the Go module proxy refused it: ${status[1].trim()}${response ? ` (${response[1].trim()})` : ""}`;
  }
  const dial = /dial tcp[^\n]*|no such host[^\n]*|connection refused[^\n]*|i\/o timeout/.exec(stderr);
  if (dial) return `the Go module proxy could not be reached (${dial[0].trim()})`;
  const toolchain = /requires go >= ([\d.]+)/.exec(stderr);
  if (toolchain) return `needs Go >= ${toolchain[1]} (the machine's go is older)`;
  const first = stderr.split("\n").map((l) => l.trim()).find((l) => l.length > 0 && !l.startsWith("go: downloading"));
  return `the build failed: ${first ?? "go exited without a message"}`;
}
