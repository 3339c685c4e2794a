/**
 * The catalog of Entra's attribute-mapping functions: the complete "List of Functions" of
 * Microsoft's reference (MicrosoftDocs/entra-docs, docs/identity/app-provisioning/
 * functions-for-customizing-application-data.md, revision 1241ebe7, ms.date 08/06/2024): 43
 * functions, and AssertiveAppRoleAssignmentsComplex, which the same docs document in
 * customize-application-attributes.md ("Provisioning a role to a SCIM app"): 44.
 *
 * Beyond the arity, each function may check its argument list at parse time (synth, import,
 * preview), where the reference makes an argument list meaningless: Replace with nothing to
 * replace or nothing to replace it with, an interval DateAdd does not know, a role function not
 * given [appRoleAssignments]. Only literal arguments are checked; values computed at run time are
 * the evaluator's to refuse.
 *
 * Each parameter carries the key Graph uses in attributeMappingSource.parameters. Confirmed keys
 * (graph-sync.md section 1): Mid source/start/length, Not source, Replace source/Find/Replacement,
 * SingleAppRoleAssignment source. The other keys are the documented parameter names:
 * UNCONFIRMED as Graph keys (read them with GET .../schema/functions).
 */

import type { Expression } from "./parser";
import { formatDateTime } from "./dates";
import { EvaluationError } from "./errors";
import { parseInteger } from "./integers";

export interface FunctionParam {
  /** Graph parameter key. */
  readonly key: string;
  readonly optional?: boolean;
  /** A literal given here must be a whole number (decimal or &H hexadecimal). */
  readonly integer?: boolean;
}

/** The arguments as written: null for an omitted one. */
export type Arguments = ReadonlyArray<Expression | null>;

export interface FunctionSpec {
  readonly name: string;
  /** Fixed positional parameters. */
  readonly params: readonly FunctionParam[];
  /**
   * Repeating parameters after the fixed ones: `key(n)` names the n-th (1-based) repeated argument;
   * `min` repeated arguments are required; `pairs` means they come in key/value pairs (Switch).
   */
  readonly rest?: { readonly key: (n: number) => string; readonly min: number; readonly pairs?: boolean };
  /** Must be the whole expression, not nested in another function (SelectUniqueValue). */
  readonly topLevelOnly?: boolean;
  /**
   * What is wrong with an argument list the arity allows but the reference makes meaningless,
   * as the reason of a one-line error starting with the function's name; undefined when fine.
   */
  readonly check?: (args: Arguments) => string | undefined;
}

const req = (key: string): FunctionParam => ({ key });
const opt = (key: string): FunctionParam => ({ key, optional: true });
const int = (key: string): FunctionParam => ({ key, integer: true });
const optInt = (key: string): FunctionParam => ({ key, optional: true, integer: true });

/** The literal text of an argument ("..." or a number), or undefined when it is computed. */
export function literal(arg: Expression | null | undefined): string | undefined {
  if (!arg) return undefined;
  if (arg.kind === "string") return arg.value;
  if (arg.kind === "number") return arg.raw;
  return undefined;
}

const given = (arg: Expression | null | undefined): boolean => arg !== null && arg !== undefined;

/** DateAdd's and DateDiff's intervals, as the reference lists them. */
export const DATE_INTERVALS: Readonly<Record<string, string>> = { yyyy: "year", m: "month", d: "day", ww: "week", h: "hour", n: "minute", s: "second" };

function checkInterval(name: string) {
  return (args: Arguments): string | undefined => {
    const interval = literal(args[0]);
    if (interval === undefined || Object.prototype.hasOwnProperty.call(DATE_INTERVALS, interval)) return undefined;
    return `${name}: interval ${JSON.stringify(interval)} is not one of the reference's intervals; expected one of ${Object.keys(DATE_INTERVALS).map((k) => `"${k}"`).join(", ")}`;
  };
}

/** The role functions take the [appRoleAssignments] attribute, as the reference writes them. */
function checkRoles(name: string) {
  return (args: Arguments): string | undefined => {
    const arg = args[0];
    if (arg?.kind === "attribute" && arg.name.toLowerCase() === "approleassignments") return undefined;
    return `${name}: expected the attribute [appRoleAssignments] as its argument, as in ${name}([appRoleAssignments])`;
  };
}

/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)
 * does one of five things, by which arguments are given (the reference's "behaves differently
 * depending on the parameters provided"); any other combination replaces nothing.
 */
function checkReplace(args: Arguments): string | undefined {
  const [, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template] = args;
  if (!given(oldValue) && !given(regexPattern)) {
    return "Replace: nothing to replace; expected oldValue (argument 2) or regexPattern (argument 3)";
  }
  if (given(oldValue)) {
    if (!given(replacementValue) && !given(template)) {
      return 'Replace: no replacement for oldValue; expected replacementValue (argument 5) or template (argument 7), e.g. Replace([mail], "@old.com", , , "@new.com", , )';
    }
    return undefined;
  }
  if (given(template)) return "Replace: template (argument 7) needs oldValue (argument 2), the text replaced in the template; expected oldValue";
  if (given(replacementValue)) return undefined;
  if (given(replacementAttributeName)) {
    return given(regexGroupName) ? undefined : "Replace: replacementAttributeName (argument 6) needs regexGroupName (argument 4), the group taken from it; expected regexGroupName";
  }
  return "Replace: no replacement for regexPattern; expected replacementValue (argument 5), or regexGroupName (argument 4) with replacementAttributeName (argument 6)";
}

function checkInStr(args: Arguments): string | undefined {
  const compare = args[3];
  if (!given(compare)) return undefined;
  const name = compare?.kind === "enum" ? compare.name : literal(compare);
  if (name === "vbTextCompare" || name === "vbBinaryCompare") return undefined;
  if (compare?.kind !== "string" && compare?.kind !== "number" && compare?.kind !== "enum") return undefined;
  return `InStr: compareType ${JSON.stringify(name)} is not vbTextCompare or vbBinaryCompare`;
}

function checkItem(args: Arguments): string | undefined {
  const index = literal(args[1]);
  return index !== undefined && parseInteger(index) !== undefined && parseInteger(index)! < 1n ? "Item: index is 1-based (the reference: \"Index 0 shouldn't be used\"); expected 1 or more" : undefined;
}

function checkRandomString(args: Arguments): string | undefined {
  const numbers = args.slice(0, 5).map((a) => {
    const text = literal(a);
    return text === undefined ? undefined : parseInteger(text);
  });
  const length = numbers[0];
  if (length !== undefined && (length < 1n || length > 256n)) return `RandomString: Length ${length} is outside 1-256 (the reference: "256 characters max")`;
  for (const [i, n] of numbers.entries()) if (n !== undefined && n < 0n) return `RandomString: argument ${i + 1} is negative; expected 0 or more`;
  if (numbers.every((n) => n !== undefined)) {
    const minimums = numbers.slice(1).reduce((a, b) => (a as bigint) + (b as bigint), 0n) as bigint;
    if (minimums > (length as bigint)) return `RandomString: the minimums add up to ${minimums}, more than Length ${length}; expected Length at least their sum`;
  }
  return undefined;
}

function checkFormats(args: Arguments): string | undefined {
  for (const [i, name] of [[2, "inputFormat"], [3, "outputFormat"]] as const) {
    const format = literal(args[i]);
    if (format === undefined) continue;
    try {
      formatDateTime(0, format, `FormatDateTime: ${name}`);
    } catch (err) {
      if (err instanceof EvaluationError) return err.message;
      throw err;
    }
  }
  return undefined;
}

const SPECS: FunctionSpec[] = [
  { name: "Append", params: [req("source"), req("suffix")] },
  { name: "AppRoleAssignmentsComplex", params: [req("source")], check: checkRoles("AppRoleAssignmentsComplex") },
  // customize-application-attributes.md; Graph key "source" as in a published script's attributeMappingSource (UNCONFIRMED in Graph's docs).
  { name: "AssertiveAppRoleAssignmentsComplex", params: [req("source")], check: checkRoles("AssertiveAppRoleAssignmentsComplex") },
  { name: "BitAnd", params: [int("value1"), int("value2")] },
  { name: "CBool", params: [req("expression")] },
  { name: "CDate", params: [req("expression")] },
  { name: "Coalesce", params: [], rest: { key: (n) => `source${n}`, min: 1 } },
  { name: "ConvertToBase64", params: [req("source")] },
  { name: "ConvertToUTF8Hex", params: [req("source")] },
  { name: "Count", params: [req("attribute")] },
  { name: "CStr", params: [req("value")] },
  { name: "DateAdd", params: [req("interval"), req("value"), req("dateTime")], check: checkInterval("DateAdd") },
  { name: "DateDiff", params: [req("interval"), req("date1"), req("date2")], check: checkInterval("DateDiff") },
  { name: "DateFromNum", params: [int("value")] },
  { name: "FormatDateTime", params: [req("source"), opt("dateTimeStyles"), req("inputFormat"), req("outputFormat")], check: checkFormats },
  { name: "Guid", params: [] },
  { name: "IgnoreFlowIfNullOrEmpty", params: [req("expression")] },
  { name: "IIF", params: [req("condition"), req("valueIfTrue"), req("valueIfFalse")] },
  { name: "InStr", params: [req("value1"), req("value2"), optInt("start"), opt("compareType")], check: checkInStr },
  { name: "IsNull", params: [req("expression")] },
  { name: "IsNullOrEmpty", params: [req("expression")] },
  { name: "IsPresent", params: [req("expression")] },
  { name: "IsString", params: [req("expression")] },
  { name: "Item", params: [req("attribute"), int("index")], check: checkItem },
  { name: "Join", params: [req("separator")], rest: { key: (n) => `source${n}`, min: 1 } },
  { name: "Left", params: [req("String"), int("NumChars")] },
  { name: "Mid", params: [req("source"), int("start"), int("length")] },
  { name: "NormalizeDiacritics", params: [req("source")] },
  { name: "Not", params: [req("source")] },
  { name: "Now", params: [] },
  { name: "NumFromDate", params: [req("value")] },
  { name: "PCase", params: [req("source"), opt("wordSeparators")] },
  {
    name: "RandomString",
    params: [int("Length"), int("MinimumNumbers"), int("MinimumSpecialCharacters"), int("MinimumCapital"), int("MinimumLowerCase"), opt("CharactersToAvoid")],
    check: checkRandomString,
  },
  // The doc's heading shows Redact() but its parameter table requires one attribute or value.
  { name: "Redact", params: [req("source")] },
  { name: "RemoveDuplicates", params: [req("attribute")] },
  {
    name: "Replace",
    // Graph names oldValue "Find" and replacementValue "Replacement" (the Salesforce example);
    // the other keys are the documented names, UNCONFIRMED.
    params: [req("source"), opt("Find"), opt("regexPattern"), opt("regexGroupName"), opt("Replacement"), opt("replacementAttributeName"), opt("template")],
    check: checkReplace,
  },
  { name: "SelectUniqueValue", params: [], rest: { key: (n) => `uniqueValueRule${n}`, min: 2 }, topLevelOnly: true },
  { name: "SingleAppRoleAssignment", params: [req("source")], check: checkRoles("SingleAppRoleAssignment") },
  { name: "Split", params: [req("source"), req("delimiter")] },
  { name: "StripSpaces", params: [req("source")] },
  {
    name: "Switch",
    params: [req("source"), opt("defaultValue")],
    rest: { key: (n) => (n % 2 === 1 ? `key${(n + 1) / 2}` : `value${n / 2}`), min: 2, pairs: true },
  },
  { name: "ToLower", params: [req("source"), opt("culture")] },
  { name: "ToUpper", params: [req("source"), opt("culture")] },
  { name: "Word", params: [req("String"), int("WordNumber"), req("Delimiters")] },
];

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(SPECS.map((s) => [s.name, s]));

/** Bare words the reference uses as arguments (InStr's compareType). */
export const ENUM_CONSTANTS: ReadonlySet<string> = new Set(["vbTextCompare", "vbBinaryCompare"]);

/** The function whose name matches case-insensitively, for "did you mean" hints. */
export function suggestFunction(name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const spec of SPECS) if (spec.name.toLowerCase() === lower) return spec.name;
  // One edit away (a typo such as "Joinn" or "Repalce").
  for (const spec of SPECS) if (editDistance(spec.name.toLowerCase(), lower) <= 1) return spec.name;
  return undefined;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) dp[i][j] = Math.min(dp[i][j], dp[i - 2][j - 2] + 1);
    }
  }
  return dp[a.length][b.length];
}
