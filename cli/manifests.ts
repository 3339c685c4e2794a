/**
 * Reads the secret-free provisioning manifests that synth writes beside each stack
 * (cdktf.out/stacks/<stack>/provisioning.json). Every CLI (verify, review, drift) starts here,
 * so a missing or malformed manifest is reported the same way everywhere.
 *
 * A manifest may come from a pull request, so it is read as untrusted input: symbolic links are
 * not followed (a link to /etc/passwd or to a secret file is refused, not read), only a regular
 * file of bounded size is read, errors never quote the file's content, and every field is
 * checked by the manifest's zod schema, with synth's length caps, before anything uses it.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, Manifest, ManifestSchema } from "../manifest/schema";
import { parseJson } from "./json-text";
import { printable } from "./printable";

/**
 * Largest manifest read. A tenant of a hundred apps with declared mappings is well under 1 MiB;
 * the bound keeps every string, and every report built from them, far from V8's string limit.
 */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** A problem with the input files: CLIs print its message and exit 2 (drift: 1). Always one printable line. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(printable(message));
    this.name = "ManifestError";
  }
}

export interface LoadOptions {
  /** Synth output directory. @default "cdktf.out" */
  readonly outDir?: string;
  /** Only this stack. @default - every stack that has a manifest */
  readonly stack?: string;
  /**
   * Return no manifests, rather than fail, when the output has a stacks directory but no manifest
   * (or none for `stack`): a base branch that predates one. A missing stacks directory still fails.
   * @default false
   */
  readonly noneIsEmpty?: boolean;
}

const lstat = (path: string): Stats | undefined => lstatSync(path, { throwIfNoEntry: false });

const notALink = (path: string, what: string) =>
  new ManifestError(`${path}: is a symbolic link; expected ${what} as synth writes it (links are not followed)`);

/** `<outDir>/stacks`, which must be a real directory. */
export function stacksDirectory(outDir: string): string {
  const dir = join(outDir, "stacks");
  const st = lstat(dir);
  if (st?.isSymbolicLink()) throw notALink(dir, "the stacks directory");
  if (!st?.isDirectory()) throw new ManifestError(`${dir}: no synthesized stacks; run 'npm run synth' first (or pass --out DIR)`);
  return dir;
}

/**
 * The stacks under `<outDir>/stacks` that hold `file` (provisioning.json, cdk.tf.json), sorted.
 * A stack directory that is a symbolic link is an error, not a skip: it is never read.
 */
export function stackNames(outDir: string, file: string): string[] {
  const dir = stacksDirectory(outDir);
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = lstat(path);
    if (st?.isSymbolicLink()) throw notALink(path, "a stack directory");
    if (st?.isDirectory() && lstat(join(path, file)) !== undefined) found.push(name);
  }
  return found;
}

/** The file's text: a regular file, not a link, at most MAX_MANIFEST_BYTES. */
function readManifestText(file: string): string {
  const st = lstat(file);
  if (st === undefined) throw new ManifestError(`${file}: cannot read manifest: it does not exist; run 'npm run synth' to write it`);
  if (st.isSymbolicLink()) throw notALink(file, "the manifest file");
  if (!st.isFile()) throw new ManifestError(`${file}: is not a regular file; expected the manifest file synth writes`);
  let fd: number;
  try {
    // O_NOFOLLOW: the file cannot be swapped for a link between the check above and the open;
    // O_NONBLOCK: nor for a FIFO that would block the open forever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    throw new ManifestError(`${file}: cannot read manifest: ${(err as NodeJS.ErrnoException).code ?? "open failed"}`);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new ManifestError(`${file}: is not a regular file; expected the manifest file synth writes`);
    if (opened.size > MAX_MANIFEST_BYTES) {
      throw new ManifestError(`${file}: is ${opened.size} bytes; expected a manifest of at most ${MAX_MANIFEST_BYTES} bytes, as synth writes it`);
    }
    return readFileSync(fd, "utf8");
  } catch (err) {
    if (err instanceof ManifestError) throw err;
    throw new ManifestError(`${file}: cannot read manifest: ${(err as NodeJS.ErrnoException).code ?? "read failed"}`);
  } finally {
    closeSync(fd);
  }
}

/** A zod issue path as printed: `apps.0.users.mappings.3.target`, each key printable and short. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.length ? path.map((p) => (typeof p === "number" ? String(p) : printable(String(p), 60))).join(".") : "(root)";
}

/**
 * Parses one manifest file; throws ManifestError naming the file and the first bad field.
 * @param stack the stack directory the file is in, which the manifest must name. @default - not checked
 */
export function readManifest(file: string, stack?: string): Manifest {
  const json = parseJson(readManifestText(file));
  if (!json.ok) throw new ManifestError(`${file}: cannot read manifest: ${json.error}; run 'npm run synth' to regenerate it`);
  const parsed = ManifestSchema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ManifestError(`${file}: ${fieldPath(issue.path)}: ${issue.message}; run 'npm run synth' to regenerate it`);
  }
  if (stack !== undefined && parsed.data.stack !== stack) {
    // Reports and diffs pair stacks by this name: a manifest copied under another stack's
    // directory would be compared with the wrong base.
    throw new ManifestError(
      `${file}: stack: names stack ${JSON.stringify(printable(parsed.data.stack, 60))}, not the directory it is in; run 'npm run synth' to regenerate it`,
    );
  }
  return parsed.data;
}

/** Loads every stack's manifest under `<outDir>/stacks`, sorted by stack name. */
export function loadManifests(options: LoadOptions = {}): Manifest[] {
  const outDir = options.outDir ?? "cdktf.out";
  const stacksDir = join(outDir, "stacks");
  const stacks = stackNames(outDir, MANIFEST_FILE);
  if (options.stack !== undefined && !stacks.includes(options.stack)) {
    if (options.noneIsEmpty) return [];
    throw new ManifestError(
      `stack '${options.stack}' has no ${MANIFEST_FILE} under ${stacksDir}; stacks found: ${stacks.join(", ") || "none"}`,
    );
  }
  const selected = options.stack !== undefined ? [options.stack] : stacks;
  if (selected.length === 0) {
    if (options.noneIsEmpty) return [];
    throw new ManifestError(`${stacksDir}: no ${MANIFEST_FILE} found; run 'npm run synth' first`);
  }
  return selected.map((stack) => readManifest(join(stacksDir, stack, MANIFEST_FILE), stack));
}
