/**
 * Parse-time validation (synth, import and preview parse with the same parser): every documented
 * function parses, the role functions included, and an argument list the reference makes
 * meaningless is one line naming the function and what is missing.
 */
import { ExpressionError, FUNCTIONS, parseExpression } from "../../expressions";
import { PUBLISHED_EXAMPLES } from "../fixtures/expressions";
import { REFERENCE_EXAMPLES } from "./reference-examples";

function parseError(text: string): string {
  try {
    parseExpression(text);
  } catch (err) {
    if (err instanceof ExpressionError) return err.message;
    throw err;
  }
  throw new Error(`parsed: ${text}`);
}

describe("every documented function parses", () => {
  test("the catalogue: the reference's 43 functions and AssertiveAppRoleAssignmentsComplex", () => {
    expect([...FUNCTIONS.keys()].sort()).toEqual(
      [
        "Append", "AppRoleAssignmentsComplex", "AssertiveAppRoleAssignmentsComplex", "BitAnd", "CBool", "CDate", "Coalesce", "ConvertToBase64", "ConvertToUTF8Hex",
        "Count", "CStr", "DateAdd", "DateDiff", "DateFromNum", "FormatDateTime", "Guid", "IgnoreFlowIfNullOrEmpty", "IIF", "InStr", "IsNull", "IsNullOrEmpty",
        "IsPresent", "IsString", "Item", "Join", "Left", "Mid", "NormalizeDiacritics", "Not", "Now", "NumFromDate", "PCase", "RandomString", "Redact",
        "RemoveDuplicates", "Replace", "SelectUniqueValue", "SingleAppRoleAssignment", "Split", "StripSpaces", "Switch", "ToLower", "ToUpper", "Word",
      ].sort(),
    );
  });

  test.each([...PUBLISHED_EXAMPLES, ...REFERENCE_EXAMPLES.map((e) => e.expression)].map((e) => [e]))("%s", (text) => {
    expect(() => parseExpression(text)).not.toThrow();
  });

  test.each([["SingleAppRoleAssignment([appRoleAssignments])"], ["AppRoleAssignmentsComplex([appRoleAssignments])"], ["AssertiveAppRoleAssignmentsComplex([appRoleAssignments])"]])(
    "the role function %s",
    (text) => {
      expect(parseExpression(text)).toMatchObject({ kind: "call", args: [{ kind: "attribute", name: "appRoleAssignments" }] });
    },
  );
});

describe("argument lists the reference makes meaningless are one line naming the function and what is missing", () => {
  test.each([
    [
      'Replace([userPrincipalName], "@old.com", "@new.com")',
      'column 1: Replace: no replacement for oldValue; expected replacementValue (argument 5) or template (argument 7), e.g. Replace([mail], "@old.com", , , "@new.com", , )',
    ],
    ["Replace([mail])", "column 1: Replace: nothing to replace; expected oldValue (argument 2) or regexPattern (argument 3)"],
    ['Replace([mail], , , , "x", , )', "column 1: Replace: nothing to replace; expected oldValue (argument 2) or regexPattern (argument 3)"],
    ['Replace([mail], , "@.*", , , , )', "column 1: Replace: no replacement for regexPattern; expected replacementValue (argument 5), or regexGroupName (argument 4) with replacementAttributeName (argument 6)"],
    ['Replace([a], , "(?<g>x)", , , [b], )', "column 1: Replace: replacementAttributeName (argument 6) needs regexGroupName (argument 4), the group taken from it; expected regexGroupName"],
    ['Replace([a], , "x", , , , "t")', "column 1: Replace: template (argument 7) needs oldValue (argument 2), the text replaced in the template; expected oldValue"],
    ["SingleAppRoleAssignment([roles])", "column 1: SingleAppRoleAssignment: expected the attribute [appRoleAssignments] as its argument, as in SingleAppRoleAssignment([appRoleAssignments])"],
    ['AppRoleAssignmentsComplex("Admin")', "column 1: AppRoleAssignmentsComplex: expected the attribute [appRoleAssignments] as its argument, as in AppRoleAssignmentsComplex([appRoleAssignments])"],
    ['DateAdd("q", 1, Now())', 'column 1: DateAdd: interval "q" is not one of the reference\'s intervals; expected one of "yyyy", "m", "d", "ww", "h", "n", "s"'],
    ['DateDiff("days", Now(), Now())', 'column 1: DateDiff: interval "days" is not one of the reference\'s intervals; expected one of "yyyy", "m", "d", "ww", "h", "n", "s"'],
    ['Join("@", SelectUniqueValue([a], [b]), "x")', 'column 11: SelectUniqueValue must be the whole expression (the reference: it "must be at the top-level and can\'t be nested"); expected SelectUniqueValue(...) alone'],
    ['Mid([a], "one", 2)', 'column 1: Mid: argument 2 (start) is "one"; expected a whole number'],
    ["Item([proxyAddresses], 0)", 'column 1: Item: index is 1-based (the reference: "Index 0 shouldn\'t be used"); expected 1 or more'],
    ["RandomString(300,0,0,0,0)", 'column 1: RandomString: Length 300 is outside 1-256 (the reference: "256 characters max")'],
    ["RandomString(5,3,3,0,0)", "column 1: RandomString: the minimums add up to 6, more than Length 5; expected Length at least their sum"],
    ['InStr("a", "b", 1, "vbFuzzy")', 'column 1: InStr: compareType "vbFuzzy" is not vbTextCompare or vbBinaryCompare'],
    ['FormatDateTime([a], , "yyyy", "U")', 'column 1: FormatDateTime: outputFormat: "U" is not a supported standard date format; expected a custom format such as "yyyy-MM-dd" (or one of d D t T f F g G m M y Y o O s u r R)'],
  ])("%s", (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  test("a computed argument is the evaluator's to check, not the parser's", () => {
    expect(() => parseExpression("DateAdd([unit], 1, Now())")).not.toThrow();
    expect(() => parseExpression("Mid([a], [start], 2)")).not.toThrow();
    expect(() => parseExpression('Replace([a], [old], , , [new], , )')).not.toThrow();
  });
});
