/**
 * cdktf token text in props. cdktf represents a value known only at apply (a variable, another
 * resource's attribute) as text: `${TfToken[TOKEN.3]}` for a string, `#{TfToken[...]}` for a list,
 * `&{TfToken[...]}` for a map, and special numbers. At synth it replaces that text, wherever it
 * stands, by the reference it names. So a mapping default, a constant, a scope value or name holding
 * such text (a copy of a real token, or typed, or imported from a hostile schema) would be shown as
 * that text in the manifest and in review, while Terraform receives another resource's value (the
 * secret token variable, say); a list marker in a string even crashes synth with a stack trace.
 *
 * Every string and number of the props is checked, at any depth, before anything else reads them:
 * only `secretToken` may be a reference. One problem per field, in the house format.
 */
import { Token } from "cdktf";
import { fieldPath, type Problem } from "./errors";

/** The markers cdktf's encoding starts a token with (cdktf/lib/tokens/private/encoding.js). */
export const TOKEN_MARKER = /[$#&]\{TfToken\[/;

const TEXT_MESSAGE = "is a Terraform reference; expected literal text (it is reviewed and written in the manifest)";
const NUMBER_MESSAGE = "is a Terraform reference; expected a literal number (it is reviewed and written in the manifest)";

/** Whether a string holds cdktf token text (a marker, or any token cdktf itself recognises). */
export function isTokenText(value: string): boolean {
  return TOKEN_MARKER.test(value) || Token.isUnresolved(value);
}

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The fields of `props` that hold cdktf token text, as problems.
 * @param skip field paths (as fieldPath writes them) not to look into, e.g. `secretToken`
 */
export function tokenTextProblems(props: unknown, skip: readonly string[] = []): Problem[] {
  const problems: Problem[] = [];
  const walk = (value: unknown, path: PropertyKey[]) => {
    const field = fieldPath(path);
    if (skip.includes(field)) return;
    if (typeof value === "string") {
      if (isTokenText(value)) problems.push({ field, message: TEXT_MESSAGE });
    } else if (typeof value === "number") {
      if (Token.isUnresolved(value)) problems.push({ field, message: NUMBER_MESSAGE });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (value !== null && typeof value === "object" && isPlain(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(props, []);
  return problems;
}

/** `problems` without those on a field (or inside one) that token text already reported. */
export function besides(tokenProblems: readonly Problem[], problems: readonly Problem[]): Problem[] {
  const taken = tokenProblems.map((p) => p.field);
  return problems.filter((p) => !taken.some((f) => p.field === f || p.field.startsWith(`${f}.`) || p.field.startsWith(`${f}[`) || f.startsWith(`${p.field}.`) || f.startsWith(`${p.field}[`)));
}
