/**
 * The values an expression computes with, and the conversions between them.
 *
 * Graph carries every constant as text (a Constant source's `name` is `"1"` for the number 1), and
 * so does this evaluator: string literals and number literals are strings; functions that need a
 * number read one from the text. Besides text there are booleans (CBool, Not, the IS functions,
 * comparisons), numbers (Count, InStr, BitAnd, DateDiff), date/times (CDate, DateAdd, Now,
 * DateFromNum), multi-valued attributes, and the object's app role assignments.
 */
import { formatDateTime } from "./dates";
import { EvaluationError } from "./errors";
import { parseInteger } from "./integers";
import type { AppRoleAssignmentSource, ComplexValue, EvalValue } from "./types";

export { EvaluationError, parseInteger };

/** A UTC date/time (CDate, DateAdd, Now, DateFromNum). Shown as text in M/d/yyyy h:mm:ss tt. */
export class DateTimeValue {
  /** @param ms milliseconds since 1970-01-01T00:00:00Z */
  constructor(readonly ms: number) {}
  toString(): string {
    return formatDateTime(this.ms, "M/d/yyyy h:mm:ss tt");
  }
}

/** The object's app role assignments to this app ([appRoleAssignments]). */
export class RoleAssignments {
  constructor(readonly roles: readonly AppRoleAssignmentSource[]) {}
}

/** SCIM complex values (the roles AppRoleAssignmentsComplex builds). */
export class ComplexValues {
  constructor(readonly items: readonly ComplexValue[]) {}
}

export type Val = null | string | boolean | number | DateTimeValue | readonly string[] | RoleAssignments | ComplexValues;

export function isMulti(v: Val): v is readonly string[] {
  return Array.isArray(v);
}

/** No value at all: null, or a multi-valued attribute with no values. */
export function isNull(v: Val): boolean {
  return v === null || (isMulti(v) && v.length === 0) || (v instanceof RoleAssignments && v.roles.length === 0);
}

/** No value, or the empty string (what IsNullOrEmpty, Switch and the scoping filters treat alike). */
export function isNullOrEmpty(v: Val): boolean {
  return isNull(v) || v === "";
}

/** .NET's Boolean.ToString(): "True" / "False". */
export function boolText(b: boolean): string {
  return b ? "True" : "False";
}

/**
 * The value as one string, or null. A multi-valued attribute with one value is that value.
 * UNCONFIRMED: Microsoft does not say what a single-value function (ToLower, Replace, ...) does
 * with a multi-valued attribute of several values; this evaluator refuses (EvaluationError)
 * rather than pick one.
 */
export function asText(v: Val, where: string): string | null {
  if (v === null) return null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return boolText(v);
  if (typeof v === "number") return numberText(v);
  if (v instanceof DateTimeValue) return v.toString();
  if (v instanceof RoleAssignments) {
    if (v.roles.length === 0) return null;
    if (v.roles.length === 1) return v.roles[0].value;
    throw new EvaluationError(`${where}: [appRoleAssignments] holds ${v.roles.length} roles; expected one (use SingleAppRoleAssignment or AppRoleAssignmentsComplex)`);
  }
  if (v instanceof ComplexValues) throw new EvaluationError(`${where}: expected a string, got the complex roles of AppRoleAssignmentsComplex`);
  if (v.length === 0) return null;
  if (v.length === 1) return v[0];
  throw new EvaluationError(`${where}: expected a single value, got a multi-valued attribute with ${v.length} values`);
}

/** Every value of a (possibly multi-valued) value as strings, nulls dropped. */
export function asTexts(v: Val, where: string): string[] {
  if (v === null) return [];
  if (isMulti(v)) return [...v];
  if (v instanceof RoleAssignments) return v.roles.map((r) => r.value);
  const t = asText(v, where);
  return t === null ? [] : [t];
}

/** Numbers as .NET prints them: integers without a fraction, others in shortest round-trip form. */
export function numberText(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

const DECIMAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The value as a number; throws naming the function and the argument when it is none. */
export function asNumber(v: Val, where: string): number | null {
  if (v === null) return null;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? -1 : 0; // VBA's CInt(True) is -1
  const t = asText(v, where);
  if (t === null) return null;
  const int = parseInteger(t);
  if (int !== undefined) return Number(int);
  if (DECIMAL.test(t)) return Number(t);
  throw new EvaluationError(`${where}: ${JSON.stringify(t)} is not a number`);
}

/** The value as an integer (truncating a fraction, as VBA's Fix does). */
export function asInteger(v: Val, where: string): number | null {
  const n = asNumber(v, where);
  return n === null ? null : Math.trunc(n);
}

/** What an expression yields, as the public API shows it. */
export function toEvalValue(v: Val): EvalValue {
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
  if (v instanceof DateTimeValue) return v.toString();
  if (v instanceof RoleAssignments) return v.roles.length === 0 ? null : v.roles.map((r) => r.value);
  if (v instanceof ComplexValues) return v.items.length === 0 ? null : v.items.map((c) => ({ ...c }));
  return v.length === 0 ? null : [...v];
}
