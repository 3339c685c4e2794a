/**
 * The one place the sandbox checks an attribute-mapping expression: schema PUT calls
 * `expressionProblem`, which answers undefined (valid) or one line saying what is wrong.
 *
 * Syntax (Entra docs, functions-for-customizing-application-data): `[attribute]`, `"string"` with
 * `\"` and `\\` escapes, bare numbers, `Function(arg, , arg)` with empty positions for omitted
 * optional arguments; case-sensitive function names from the documented list.
 * This is an interim checker until the shared cdktf-free expression parser (expressions/) lands;
 * then this module calls its parseExpression and nothing else changes.
 */

/** Entra's documented functions (functions-for-customizing-application-data, 43 functions). */
export const FUNCTIONS: ReadonlySet<string> = new Set([
  "Append", "AppRoleAssignmentsComplex", "BitAnd", "CBool", "CDate", "Coalesce", "ConvertToBase64", "ConvertToUTF8Hex",
  "Count", "CStr", "DateAdd", "DateDiff", "DateFromNum", "FormatDateTime", "Guid", "IgnoreFlowIfNullOrEmpty", "IIF", "InStr",
  "IsNull", "IsNullOrEmpty", "IsPresent", "IsString", "Item", "Join", "Left", "Mid", "NormalizeDiacritics", "Not", "Now",
  "NumFromDate", "PCase", "RandomString", "Redact", "RemoveDuplicates", "Replace", "SelectUniqueValue", "SingleAppRoleAssignment",
  "Split", "StripSpaces", "Switch", "ToLower", "ToUpper", "Word",
]);

class Problem extends Error {}

/** A recursive-descent check of one expression; throws Problem. */
function check(text: string): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "[") {
      const end = text.indexOf("]", i);
      if (end < 0) throw new Problem(`unclosed '[' at position ${i + 1}`);
      if (text.slice(i + 1, end).trim() === "") throw new Problem(`empty attribute name at position ${i + 1}`);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Problem("unterminated string constant");
        if (text[i] === "\\") i += 2;
        else if (text[i] === '"') {
          i++;
          break;
        } else i++;
      }
    } else if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!m) throw new Problem(`unexpected '${c}' at position ${i + 1}`);
      i += m[0].length;
    } else if (c !== undefined && /[A-Za-z]/.test(c)) {
      const m = /^[A-Za-z][A-Za-z0-9]*/.exec(text.slice(i)) as RegExpExecArray;
      const name = m[0];
      i += name.length;
      ws();
      if (text[i] !== "(") throw new Problem(`'${name}' at position ${i - name.length + 1} is neither a function call nor a quoted constant`);
      if (!FUNCTIONS.has(name)) throw new Problem(`unknown function '${name}'`);
      i++;
      ws();
      if (text[i] === ")") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== "," && text[i] !== ")") value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === ")") {
          i++;
          return;
        }
        throw new Problem(i >= text.length ? `missing ')' after the arguments of ${name}` : `unexpected '${text[i]}' at position ${i + 1}`);
      }
    } else {
      throw new Problem(c === undefined ? "unexpected end of expression" : `unexpected '${c}' at position ${i + 1}`);
    }
  };
  value();
  ws();
  if (i < text.length) throw new Problem(`unexpected '${text[i]}' at position ${i + 1}`);
}

/** undefined when `expression` is a valid mapping expression, else what is wrong. */
export function expressionProblem(expression: string): string | undefined {
  if (expression.trim() === "") return "empty expression";
  try {
    check(expression);
    return undefined;
  } catch (err) {
    if (err instanceof Problem) return err.message;
    throw err;
  }
}
