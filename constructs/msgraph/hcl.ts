/**
 * HCL rendering for `cdktf synth --hcl`. cdktf 0.21's renderer guesses at untyped values and gets
 * Graph JSON wrong: it crashes on null, writes "[userPrincipalName]" or "123" unquoted, leaves
 * quotes and backslashes unescaped in some paths, and renders maps of lists and nested attributes as
 * garbage. So every structured value is rendered here into one exact HCL expression, and handed to
 * cdktf as a string template holding that single interpolation (`"${ <expr> }"`), which Terraform
 * evaluates to the expression's own value - object, list or number, not a string.
 */
import * as cdktf from "cdktf";
import type { IConstruct } from "constructs";

/** HCL attribute descriptor as cdktf's HCL renderer reads it. */
export function hcl(value: unknown, type: "simple" | "map" | "struct" | "list", storageClassType: string, isBlock = false) {
  return { value, isBlock, type, storageClassType };
}

/**
 * An attribute whose value is rendered exactly, whatever its shape (see the file comment).
 * Tokens are resolved here, first: cdktf would otherwise read our `${ ... }` wrapper as an
 * expression it is already inside, and write the references in it without their `${}`.
 */
export function hclExact(scope: IConstruct, value: unknown) {
  if (value === undefined) return undefined;
  const resolved = cdktf.Tokenization.resolve(value, { scope, preparing: false, resolver: new cdktf.DefaultTokenResolver(new cdktf.StringConcat()) });
  return hcl(`\${${hclExpression(resolved)}}`, "simple", "string");
}

/** A single-line HCL expression with the value of `value` (JSON data, possibly holding cdktf tokens). */
export function hclExpression(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    return cdktf.Token.isUnresolved(value) ? wholeToken(cdktf.Tokenization.reverseNumber(value)!) : String(value);
  }
  if (typeof value === "string") return hclString(value);
  if (cdktf.Tokenization.isResolvable(value)) return wholeToken(value);
  if (Array.isArray(value)) {
    // A list token (cdktf encodes it as a one-element string array) stays a reference.
    if (cdktf.Token.isUnresolved(value)) return wholeToken(cdktf.Tokenization.reverseList(value)!);
    return `[${value.map(hclExpression).join(", ")}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${hclString(k)} = ${hclExpression(v)}`).join(", ")}}`;
  }
  throw new Error(`cannot render a ${typeof value} as HCL`);
}

// A template with one interpolation keeps the referenced value's type (list, object, number).
function wholeToken(token: cdktf.IResolvable): string {
  return `"${cdktf.Token.asString(token)}"`;
}

/**
 * A quoted HCL string with the same meaning the string has in cdk.tf.json: quotes, backslashes and
 * control characters are escaped; template syntax is not, because Terraform reads JSON strings as
 * templates too ("$${" is a literal "${" in both). cdktf token markers resolve to `${...}`.
 */
export function hclString(s: string): string {
  return `"${mapLiterals(s, escapeLiteral)}"`;
}

/** Applies `f` to the literal text of `s`, leaving cdktf token markers as they are. */
function mapLiterals(s: string, f: (literal: string) => string): string {
  if (!cdktf.Token.isUnresolved(s)) return f(s);
  const markers = cdktf.Tokenization.reverseString(s).tokens.map((t) => cdktf.Token.asString(t));
  let out = "";
  let rest = s;
  while (rest.length > 0) {
    const hits = markers.map((m) => ({ m, at: rest.indexOf(m) })).filter((h) => h.at >= 0);
    if (hits.length === 0) return out + f(rest);
    const first = hits.reduce((a, b) => (b.at < a.at ? b : a));
    out += f(rest.slice(0, first.at)) + first.m;
    rest = rest.slice(first.at + first.m.length);
  }
  return out;
}

function escapeLiteral(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A string attribute: plain when cdktf renders it right, exact when it holds characters cdktf would not escape. */
export function hclStringAttr(scope: IConstruct, value: string | undefined) {
  if (value === undefined) return undefined;
  const literal = cdktf.Token.isUnresolved(value) ? cdktf.Tokenization.reverseString(value).literals.map(String).join("") : value;
  return /["\\\r\n\t]|\$\{|%\{/.test(literal) ? hclExact(scope, value) : hcl(value, "simple", "string");
}
