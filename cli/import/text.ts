/**
 * Text from Graph or from a file, made safe for where it lands: a terminal line or a comment in
 * generated code. Everything goes through cli/printable.ts, the filter every other command uses:
 * control characters, line breaks, ANSI escapes, bidirectional overrides and invisible format
 * characters become visible stand-ins (in a quoted string, \uXXXX escapes), so a name from the
 * tenant can neither drive the terminal nor reorder what a reviewer reads in the generated file.
 */
import { printable, printableJson } from "../printable";

/** A string quoted for a message: JSON, with every unsafe character as a \uXXXX escape; cut at 80. */
export function quote(value: string): string {
  return printableJson(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** Any JSON value for a message: a string as `quote` writes it, anything else as its JSON (cut at 80, same escapes). */
export function quoteJson(value: unknown): string {
  if (typeof value === "string") return quote(value);
  const json = value === undefined ? "null" : printableJson(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** One line for a terminal or a `//` comment: every unsafe character as a visible stand-in (cli/printable.ts). */
export function oneLine(text: string): string {
  return printable(text);
}

/** Text for a line of a block comment: one line, and no "*" + "/" that would close the comment. */
export function commentLine(text: string): string {
  return oneLine(text).replace(/\*\//g, "*\\/");
}
/** JSON with keys sorted at every level, for comparing documents whatever order their keys come in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
