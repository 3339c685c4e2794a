/**
 * The catalog of Entra's attribute-mapping functions: the complete "List of Functions" of
 * Microsoft's reference (MicrosoftDocs/entra-docs, docs/identity/app-provisioning/
 * functions-for-customizing-application-data.md, revision 1241ebe7, ms.date 08/06/2024): 43 functions.
 *
 * Each parameter carries the key Graph uses in attributeMappingSource.parameters. Confirmed keys
 * (graph-sync.md section 1): Mid source/start/length, Not source, Replace source/Find/Replacement,
 * SingleAppRoleAssignment source. The other keys are the documented parameter names:
 * UNCONFIRMED as Graph keys (read them with GET .../schema/functions).
 */

export interface FunctionParam {
  /** Graph parameter key. */
  readonly key: string;
  readonly optional?: boolean;
}

export interface FunctionSpec {
  readonly name: string;
  /** Fixed positional parameters. */
  readonly params: readonly FunctionParam[];
  /**
   * Repeating parameters after the fixed ones: `key(n)` names the n-th (1-based) repeated argument;
   * `min` repeated arguments are required; `pairs` means they come in key/value pairs (Switch).
   */
  readonly rest?: { readonly key: (n: number) => string; readonly min: number; readonly pairs?: boolean };
}

const req = (key: string): FunctionParam => ({ key });
const opt = (key: string): FunctionParam => ({ key, optional: true });

const SPECS: FunctionSpec[] = [
  { name: "Append", params: [req("source"), req("suffix")] },
  { name: "AppRoleAssignmentsComplex", params: [req("source")] },
  { name: "BitAnd", params: [req("value1"), req("value2")] },
  { name: "CBool", params: [req("expression")] },
  { name: "CDate", params: [req("expression")] },
  { name: "Coalesce", params: [], rest: { key: (n) => `source${n}`, min: 1 } },
  { name: "ConvertToBase64", params: [req("source")] },
  { name: "ConvertToUTF8Hex", params: [req("source")] },
  { name: "Count", params: [req("attribute")] },
  { name: "CStr", params: [req("value")] },
  { name: "DateAdd", params: [req("interval"), req("value"), req("dateTime")] },
  { name: "DateDiff", params: [req("interval"), req("date1"), req("date2")] },
  { name: "DateFromNum", params: [req("value")] },
  { name: "FormatDateTime", params: [req("source"), opt("dateTimeStyles"), req("inputFormat"), req("outputFormat")] },
  { name: "Guid", params: [] },
  { name: "IgnoreFlowIfNullOrEmpty", params: [req("expression")] },
  { name: "IIF", params: [req("condition"), req("valueIfTrue"), req("valueIfFalse")] },
  { name: "InStr", params: [req("value1"), req("value2"), opt("start"), opt("compareType")] },
  { name: "IsNull", params: [req("expression")] },
  { name: "IsNullOrEmpty", params: [req("expression")] },
  { name: "IsPresent", params: [req("expression")] },
  { name: "IsString", params: [req("expression")] },
  { name: "Item", params: [req("attribute"), req("index")] },
  { name: "Join", params: [req("separator")], rest: { key: (n) => `source${n}`, min: 1 } },
  { name: "Left", params: [req("String"), req("NumChars")] },
  { name: "Mid", params: [req("source"), req("start"), req("length")] },
  { name: "NormalizeDiacritics", params: [req("source")] },
  { name: "Not", params: [req("source")] },
  { name: "Now", params: [] },
  { name: "NumFromDate", params: [req("value")] },
  { name: "PCase", params: [req("source"), opt("wordSeparators")] },
  {
    name: "RandomString",
    params: [req("Length"), req("MinimumNumbers"), req("MinimumSpecialCharacters"), req("MinimumCapital"), req("MinimumLowerCase"), opt("CharactersToAvoid")],
  },
  // The doc's heading shows Redact() but its parameter table requires one attribute or value.
  { name: "Redact", params: [req("source")] },
  { name: "RemoveDuplicates", params: [req("attribute")] },
  {
    name: "Replace",
    // Graph names oldValue "Find" and replacementValue "Replacement" (the Salesforce example);
    // the other keys are the documented names, UNCONFIRMED.
    params: [req("source"), opt("Find"), opt("regexPattern"), opt("regexGroupName"), opt("Replacement"), opt("replacementAttributeName"), opt("template")],
  },
  { name: "SelectUniqueValue", params: [], rest: { key: (n) => `uniqueValueRule${n}`, min: 2 } },
  { name: "SingleAppRoleAssignment", params: [req("source")] },
  { name: "Split", params: [req("source"), req("delimiter")] },
  { name: "StripSpaces", params: [req("source")] },
  {
    name: "Switch",
    params: [req("source"), opt("defaultValue")],
    rest: { key: (n) => (n % 2 === 1 ? `key${(n + 1) / 2}` : `value${n / 2}`), min: 2, pairs: true },
  },
  { name: "ToLower", params: [req("source"), opt("culture")] },
  { name: "ToUpper", params: [req("source"), opt("culture")] },
  { name: "Word", params: [req("String"), req("WordNumber"), req("Delimiters")] },
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
