/**
 * Reads the secret-free provisioning manifests that synth writes beside each stack
 * (cdktf.out/stacks/<stack>/provisioning.json). Every CLI (verify, review, drift) starts here,
 * so a missing or malformed manifest is reported the same way everywhere.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, Manifest, ManifestSchema } from "../manifest/schema";

/** A problem with the input files: CLIs print its message and exit 2. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ManifestError";
  }
}

export interface LoadOptions {
  /** Synth output directory. @default "cdktf.out" */
  readonly outDir?: string;
  /** Only this stack. @default - every stack that has a manifest */
  readonly stack?: string;
}

/** Parses one manifest file; throws ManifestError naming the file and the first bad field. */
export function readManifest(file: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ManifestError(`${file}: cannot read manifest: ${(err as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length ? issue.path.join(".") : "(root)";
    throw new ManifestError(`${file}: ${path}: ${issue.message}; run 'npm run synth' to regenerate it`);
  }
  return parsed.data;
}

/** Loads every stack's manifest under `<outDir>/stacks`, sorted by stack name. */
export function loadManifests(options: LoadOptions = {}): Manifest[] {
  const outDir = options.outDir ?? "cdktf.out";
  const stacksDir = join(outDir, "stacks");
  if (!existsSync(stacksDir) || !statSync(stacksDir).isDirectory()) {
    throw new ManifestError(`${stacksDir}: no synthesized stacks; run 'npm run synth' first (or pass --out DIR)`);
  }
  const stacks = readdirSync(stacksDir)
    .filter((name) => existsSync(join(stacksDir, name, MANIFEST_FILE)))
    .sort();
  if (options.stack !== undefined && !stacks.includes(options.stack)) {
    throw new ManifestError(
      `stack '${options.stack}' has no ${MANIFEST_FILE} under ${stacksDir}; stacks found: ${stacks.join(", ") || "none"}`,
    );
  }
  const selected = options.stack !== undefined ? [options.stack] : stacks;
  if (selected.length === 0) {
    throw new ManifestError(`${stacksDir}: no ${MANIFEST_FILE} found; run 'npm run synth' first`);
  }
  return selected.map((stack) => readManifest(join(stacksDir, stack, MANIFEST_FILE)));
}
