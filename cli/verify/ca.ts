/**
 * --ca FILE: a PEM file of extra CA certificates. Checked before anything is probed, so a path to
 * a directory, an unreadable file or a file that holds no certificate is a usage error (one line,
 * exit 2) rather than a stack trace or a silently ignored option. The file's content is never
 * echoed: it may be any file the path points at.
 */
import { X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { printable, capped } from "./shown";

/** Largest --ca file read; a CA bundle is a few hundred KiB at most. */
const MAX_CA_BYTES = 4 * 1024 * 1024;

/** A --ca path that cannot be used; the message names the path (sanitized) and what is expected. */
export class CaFileError extends Error {
  constructor(path: string, problem: string) {
    super(`--ca ${JSON.stringify(capped(printable(path), 200))}: ${problem}; expected a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)`);
    this.name = "CaFileError";
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;

/** Reads and checks the file; returns the PEM text of its certificates. */
export function readCaPem(path: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new CaFileError(path, "is a directory");
    if (!stat.isFile()) throw new CaFileError(path, "is not a regular file");
    size = stat.size;
  } catch (err) {
    if (err instanceof CaFileError) throw err;
    throw new CaFileError(path, (err as { code?: string }).code === "ENOENT" ? "no such file" : `cannot be read (${errorCode(err)})`);
  }
  if (size > MAX_CA_BYTES) throw new CaFileError(path, `is larger than ${MAX_CA_BYTES / 1024 / 1024} MiB`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CaFileError(path, `cannot be read (${errorCode(err)})`);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new CaFileError(path, "holds no PEM certificate");
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new CaFileError(path, `certificate ${i + 1} is not a valid X.509 certificate`);
    }
  });
  return blocks.join("\n") + "\n";
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && /^[A-Z0-9_]{1,32}$/.test(code) ? code : "error";
}
