/**
 * The build cache, outside the repository so that a clean clone (and CI's) reuses it:
 * `<root>/providers/<name>/<version>/` holds the binary and `build.json`, written last. A folder
 * without a readable build.json, or whose binary's checksum differs from it, is not trusted: it is
 * what an interrupted build leaves, and it is rebuilt.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** ENTRA_PROVISIONING_CACHE, else $XDG_CACHE_HOME/entra-provisioning, else ~/.cache/entra-provisioning. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ENTRA_PROVISIONING_CACHE) return env.ENTRA_PROVISIONING_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "entra-provisioning");
}

export interface BuildRecord {
  /** What was built, e.g. "azuread" or "tofu". */
  readonly name: string;
  readonly version: string;
  /** `module@version` as given to go. */
  readonly source: string;
  /** The binary's file name inside the folder. */
  readonly binary: string;
  readonly sha256: string;
  /** `go version` of the build. */
  readonly go: string;
  readonly builtAt: string;
  /** Set when this is not the pinned version but a build of a local checkout (stand-in.ts). */
  readonly standIn?: StandIn;
}

/** What build.json says of a stand-in. */
export interface StandIn {
  /** Where it was built from: the checkout's path, and its commit when it is a git checkout. */
  readonly builtFrom: string;
  /**
   * Provider-block arguments synth writes that the stand-in does not know. Only `environment` can
   * be missing (msgraph has it since 0.5.0); synth leaves it out when the environment says so.
   */
  readonly lacks: readonly string[];
}

export function entryDir(root: string, kind: string, name: string, version: string): string {
  return join(root, kind, name, version);
}

/** Synchronous on purpose: test files decide at declaration time whether they can run. */
export function sha256Of(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** The record of a complete build in `dir`, or undefined when there is none to trust. */
export function readBuild(dir: string): BuildRecord | undefined {
  let record: BuildRecord;
  try {
    record = JSON.parse(readFileSync(join(dir, "build.json"), "utf8")) as BuildRecord;
  } catch {
    return undefined;
  }
  const binary = join(dir, record.binary ?? "");
  if (typeof record.binary !== "string" || record.binary.includes("/") || !existsSync(binary)) return undefined;
  return sha256Of(binary) === record.sha256 ? record : undefined;
}

/**
 * Builds into a fresh sibling folder and moves it into place only once the binary and its record
 * are written; a failed or interrupted build leaves no folder that readBuild would trust.
 */
export async function installAtomically(
  dir: string,
  build: (tmp: string) => Promise<Omit<BuildRecord, "sha256" | "builtAt">>,
): Promise<BuildRecord> {
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const built = await build(tmp);
    const record: BuildRecord = { ...built, sha256: sha256Of(join(tmp, built.binary)), builtAt: new Date().toISOString() };
    writeFileSync(join(tmp, "build.json"), JSON.stringify(record, null, 2) + "\n");
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return record;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
