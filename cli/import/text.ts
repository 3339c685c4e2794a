/**
 * Text from Graph or from a file, made safe for where it lands: a terminal line or a `//` comment
 * in generated code (no control characters, no line breaks, no ANSI escapes), always quoted.
 */

/** A string quoted for a message: JSON escapes plus the C1 controls and line separators JSON leaves raw; cut at 80. */
export function quote(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Any JSON value for a message: a string as `quote` writes it, anything else as its JSON (cut at 80, same escapes). */
export function quoteJson(value: unknown): string {
  if (typeof value === "string") return quote(value);
  const json = JSON.stringify(value) ?? "null";
  const cut = json.length > 80 ? `${json.slice(0, 77)}...` : json;
  return cut.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One line for a terminal or a `//` comment: every control character and line break replaced by "?". */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
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
