/**
 * Every function of Microsoft's expression reference, evaluated: the reference's own examples
 * (reference-examples.ts, each with its page and section), the random ones by the shape the page
 * describes, and the null, empty and multi-valued inputs the reference speaks of.
 */
import { evaluateExpression, EvaluationError, FUNCTIONS, parseExpression, type ExpressionAst } from "../../expressions";
import { RANDOM_EXAMPLES, REFERENCE_EXAMPLES } from "./reference-examples";

const NOW = new Date("2021-08-25T17:41:18Z");

/** A deterministic stand-in for randomness: a fixed sequence in [0, 1). */
function sequence(seed = 1): () => number {
  let x = seed;
  return () => {
    x = (x * 16807) % 2147483647;
    return (x - 1) / 2147483646;
  };
}

function functionsIn(node: ExpressionAst | null, out = new Set<string>()): Set<string> {
  if (node?.kind === "call") {
    out.add(node.name);
    node.args.forEach((a) => functionsIn(a, out));
  } else if (node?.kind === "comparison") {
    functionsIn(node.left, out);
    functionsIn(node.right, out);
  }
  return out;
}

describe("the reference's examples", () => {
  test.each(REFERENCE_EXAMPLES.map((e) => [`${e.source}: ${e.expression.replace(/\s+/g, " ")}`, e]))("%s", (_, example) => {
    const taken = new Set(example.taken ?? []);
    const value = evaluateExpression(example.expression, example.input, {
      now: example.now ? new Date(example.now) : NOW,
      isUnique: example.taken ? (v) => !taken.has(v) : undefined,
    });
    expect(value).toEqual(example.expected);
  });

  test("every function of the catalogue is exercised by an example", () => {
    const used = new Set<string>();
    for (const e of REFERENCE_EXAMPLES) functionsIn(parseExpression(e.expression), used);
    for (const e of Object.values(RANDOM_EXAMPLES)) functionsIn(parseExpression(e.expression), used);
    expect([...FUNCTIONS.keys()].filter((f) => !used.has(f))).toEqual([]);
  });
});

describe("random functions, by the shape the reference describes", () => {
  test(`${RANDOM_EXAMPLES.guid.source}: a version 4 GUID, new each time`, () => {
    const a = evaluateExpression(RANDOM_EXAMPLES.guid.expression, {});
    const b = evaluateExpression(RANDOM_EXAMPLES.guid.expression, {});
    expect(a).toMatch(RANDOM_EXAMPLES.guid.shape);
    expect(b).toMatch(RANDOM_EXAMPLES.guid.shape);
    expect(a).not.toBe(b);
  });

  test(`${RANDOM_EXAMPLES.randomSimple.source}: 6 characters, 3 digits and 3 lower-case letters`, () => {
    for (let seed = 1; seed < 50; seed++) {
      const s = evaluateExpression(RANDOM_EXAMPLES.randomSimple.expression, {}, { random: sequence(seed) }) as string;
      expect(s).toHaveLength(6);
      expect(s.replace(/[^0-9]/g, "")).toHaveLength(3);
      expect(s.replace(/[^a-z]/g, "")).toHaveLength(3);
    }
  });

  test(`${RANDOM_EXAMPLES.randomAvoid.source}: 10 characters, the minimums met, "?" and "," avoided`, () => {
    for (let seed = 1; seed < 200; seed++) {
      const s = evaluateExpression(RANDOM_EXAMPLES.randomAvoid.expression, {}, { random: sequence(seed) }) as string;
      expect(s).toHaveLength(10);
      expect(s.replace(/[^0-9]/g, "").length).toBeGreaterThanOrEqual(2);
      expect(s.replace(/[0-9A-Za-z]/g, "").length).toBeGreaterThanOrEqual(2);
      expect(s.replace(/[^A-Z]/g, "").length).toBeGreaterThanOrEqual(2);
      expect(s.replace(/[^a-z]/g, "").length).toBeGreaterThanOrEqual(1);
      expect(s).not.toMatch(/[?,]/);
    }
  });

  test(`${RANDOM_EXAMPLES.redactRandom.source}: the value flows; only the logs are redacted`, () => {
    expect(evaluateExpression(RANDOM_EXAMPLES.redactRandom.expression, {}, { random: sequence(7) })).toBe(
      evaluateExpression(RANDOM_EXAMPLES.randomSimple.expression, {}, { random: sequence(7) }),
    );
  });
});

describe("NormalizeDiacritics: the reference's table, row by row", () => {
  // functions-for-customizing-application-data.md, NormalizeDiacritics (characters separated by ", ").
  const TABLE: ReadonlyArray<readonly [string, string]> = [
    ["ä, à, â, ã, å, á, ą, ă, ā, ā́, ā̀, ā̂, ā̃, ǟ, ā̈, ǡ, a̱, å̄", "a"],
    ["Ä, À, Â, Ã, Å, Á, Ą, Ă, Ā, Ā́, Ā̀, Ā̂, Ā̃, Ǟ, Ā̈, Ǡ, A̱, Å̄", "A"],
    ["æ, ǣ", "ae"],
    ["Æ, Ǣ", "AE"],
    ["ç, č, ć, c̄, c̱", "c"],
    ["Ç, Č, Ć, C̄, C̱", "C"],
    ["ď, d̄, ḏ", "d"],
    ["Ď, D̄, Ḏ", "D"],
    ["ë, è, é, ê, ę, ě, ė, ē, ḗ, ḕ, ē̂, ē̃, ê̄, e̱, ë̄, e̊̄", "e"],
    ["Ë, È, É, Ê, Ę, Ě, Ė, Ē, Ḗ, Ḕ, Ē̂, Ē̃, Ê̄, E̱, Ë̄, E̊̄", "E"],
    ["ğ, ḡ, g̱", "g"],
    ["Ğ, Ḡ, G̱", "G"],
    ["ï, î, ì, í, ı, ī, ī́, ī̀, ī̂, ī̃, i̱", "i"],
    ["Ï, Î, Ì, Í, İ, Ī, Ī́, Ī̀, Ī̂, Ī̃, I̱", "I"],
    ["ľ, ł, l̄, ḹ, ḻ", "l"],
    ["Ł, Ľ, L̄, Ḹ, Ḻ", "L"],
    ["ñ, ń, ň, n̄, ṉ", "n"],
    ["Ñ, Ń, Ň, N̄, Ṉ", "N"],
    ["ö, ò, ő, õ, ô, ó, ō, ṓ, ṑ, ō̂, ō̃, ȫ, ō̈, ǭ, ȭ, ȱ, o̱", "o"],
    ["Ö, Ò, Ő, Õ, Ô, Ó, Ō, Ṓ, Ṑ, Ō̂, Ō̃, Ȫ, Ō̈, Ǭ, Ȭ, Ȱ, O̱", "O"],
    ["ø, ø̄, œ̄", "oe"],
    ["Ø, Ø̄, Œ̄", "OE"],
    ["ř, r̄, ṟ, ṝ", "r"],
    ["Ř, R̄, Ṟ, Ṝ", "R"],
    ["ß", "ss"],
    ["š, ś, ș, ş, s̄, s̱", "s"],
    ["Š, Ś, Ș, Ş, S̄, S̱", "S"],
    ["ť, ț, t̄, ṯ", "t"],
    ["Ť, Ț, T̄, Ṯ", "T"],
    ["ü, ù, û, ú, ů, ű, ū, ū́, ū̀, ū̂, ū̃, u̇̄, ǖ, ṻ, ṳ̄, u̱", "u"],
    ["Ü, Ù, Û, Ú, Ů, Ű, Ū, Ū́, Ū̀, Ū̂, Ū̃, U̇̄, Ǖ, Ṻ, Ṳ̄, U̱", "U"],
    ["ÿ, ý, ȳ, ȳ́, ȳ̀, ȳ̃, y̱", "y"],
    ["Ÿ, Ý, Ȳ, Ȳ́, Ȳ̀, Ȳ̃, Y̱", "Y"],
    ["ź, ž, ż, z̄, ẕ", "z"],
    ["Ź, Ž, Ż, Z̄, Ẕ", "Z"],
  ];
  test.each(TABLE.map(([chars, normal]) => [chars, normal]))("%s -> %s", (chars, normal) => {
    for (const ch of chars.split(", ")) expect(evaluateExpression("NormalizeDiacritics([x])", { x: `${ch}x` })).toBe(`${normal}x`);
  });

  test("letters outside the table are left as they are (UNCONFIRMED)", () => {
    expect(evaluateExpression("NormalizeDiacritics([x])", { x: "Ŵales ðe đ" })).toBe("Ŵales ðe đ");
  });
});

describe("null, empty and multi-valued inputs", () => {
  const ev = (expression: string, input: Record<string, unknown>) => evaluateExpression(expression, input as never, { now: NOW });

  test("an absent attribute and a null one are the same: no value", () => {
    expect(ev("[mail]", {})).toBeNull();
    expect(ev("[mail]", { mail: null })).toBeNull();
    expect(ev("IsNull([mail])", { mail: null })).toBe(true);
  });

  test("the empty string is a value: Coalesce keeps it, IsNull says no, IsNullOrEmpty says yes", () => {
    expect(ev('Coalesce([mail], "fallback")', { mail: "" })).toBe("");
    expect(ev('Coalesce([mail], "fallback")', {})).toBe("fallback");
    expect(ev("IsNull([mail])", { mail: "" })).toBe(false);
    expect(ev("IsNullOrEmpty([mail])", { mail: "" })).toBe(true);
    expect(ev("IsPresent([mail])", { mail: "" })).toBe(false);
  });

  test("Left and Word give the empty string for a null string, as the reference says", () => {
    expect(ev("Left([x], 3)", {})).toBe("");
    expect(ev('Word([x], 1, " ")', {})).toBe("");
    expect(ev('Left("John", 0)', {})).toBe("");
    expect(ev('Left("John", -1)', {})).toBe("John");
    expect(ev('Left("Jo", 5)', {})).toBe("Jo");
    expect(ev('Word("a b", 0, " ")', {})).toBe("");
    expect(ev('Word("a b", 3, " ")', {})).toBe("");
  });

  test("other string functions give no value for a null source (UNCONFIRMED)", () => {
    for (const e of ['Append([x], "s")', "ToLower([x])", "ToUpper([x])", "Mid([x], 1, 2)", 'Replace([x], "a", , , "b", , )', "StripSpaces([x])", "PCase([x])", "NormalizeDiacritics([x])", 'Split([x], ",")', "CDate([x])", "ConvertToBase64([x])"]) {
      expect([e, ev(e, {})]).toEqual([e, null]);
    }
  });

  test("Join leaves null and empty values out, and has no value when nothing is left", () => {
    expect(ev('Join(" ", [givenName], [middle], [surname])', { givenName: "Ada", middle: "", surname: "Lovelace" })).toBe("Ada Lovelace");
    expect(ev('Join(" ", [a], [b])', {})).toBeNull();
  });

  test("Join joins every value of a multi-valued attribute", () => {
    expect(ev('Join(";", [proxyAddresses], [mail])', { proxyAddresses: ["SMTP:a@c.com", "smtp:b@c.com"], mail: "a@c.com" })).toBe("SMTP:a@c.com;smtp:b@c.com;a@c.com");
  });

  test("a multi-valued attribute flows as a list; an empty one is no value", () => {
    expect(ev("[otherMails]", { otherMails: ["a@c.com", "b@c.com"] })).toEqual(["a@c.com", "b@c.com"]);
    expect(ev("[otherMails]", { otherMails: [] })).toBeNull();
    expect(ev("Count([otherMails])", { otherMails: [] })).toBe(0);
    expect(ev("Count([otherMails])", {})).toBe(0);
    expect(ev("Count([mail])", { mail: "a@c.com" })).toBe(1);
    expect(ev("Item([otherMails], 2)", { otherMails: ["a", "b"] })).toBe("b");
    expect(ev("Item([otherMails], 3)", { otherMails: ["a", "b"] })).toBeNull();
  });

  test("a single-value function given several values refuses, naming the function", () => {
    expect(() => ev("ToLower([otherMails])", { otherMails: ["A", "B"] })).toThrow(new EvaluationError("ToLower: argument 1: expected a single value, got a multi-valued attribute with 2 values"));
    expect(ev("ToLower([otherMails])", { otherMails: ["A"] })).toBe("a");
  });

  test("Switch matches a null or empty source with the key \"\", and has no value without a default", () => {
    expect(ev('Switch([x], "d", "", "empty")', {})).toBe("empty");
    expect(ev('Switch([x], "d", "", "empty")', { x: "" })).toBe("empty");
    expect(ev('Switch([x], , "a", "A")', { x: "b" })).toBeNull();
    expect(ev('Switch([x], , "a", "A")', { x: "A" })).toBeNull();
  });

  test("IIF: a null or empty attribute in the condition fails the check: no value (UNCONFIRMED)", () => {
    expect(ev('IIF(IsPresent([country]), [country], "Other")', {})).toBeNull();
    expect(ev('IIF(IsNullOrEmpty([country]), "Other", [country])', { country: "" })).toBeNull();
    // Only the branch taken is evaluated: a bad date in the other one is no error.
    expect(ev('IIF([a]="x", "yes", CDate("not a date"))', { a: "x" })).toBe("yes");
  });

  test("booleans read as True/False in text, as .NET prints them", () => {
    expect(ev('Switch([accountEnabled], "?", "True", "on", "False", "off")', { accountEnabled: false })).toBe("off");
    expect(ev('Join("-", [accountEnabled])', { accountEnabled: true })).toBe("True");
    expect(ev("CStr([accountEnabled])", { accountEnabled: true })).toBe("True");
    expect(ev("Not([accountEnabled])", { accountEnabled: true })).toBe(false);
    expect(ev("Not([x])", {})).toBe(true);
  });

  test("IgnoreFlowIfNullOrEmpty nested in another function is just no value there", () => {
    expect(ev('Coalesce(IgnoreFlowIfNullOrEmpty([a]), "b")', {})).toBe("b");
  });

  test("attribute names match exactly first, then in any case", () => {
    expect(ev("[Mail]", { mail: "a@c.com" })).toBe("a@c.com");
    expect(ev("[mail]", { mail: "lower", Mail: "upper" })).toBe("lower");
  });
});

describe("evaluation errors are one line naming the function", () => {
  test.each([
    ['CDate("yesterday")', 'CDate: argument 1: cannot read "yesterday" as a date/time; expected ISO 8601 (2021-06-30T08:00:00+08:00, 2021-06-30) or M/d/yyyy h:mm:ss tt'],
    ['FormatDateTime("2020-13-01", , "yyyy-MM-dd", "d")', 'FormatDateTime: "2020-13-01" is not a valid date for the format "yyyy-MM-dd"'],
    ['FormatDateTime("20200101", , "yyyy-MM-dd", "d")', 'FormatDateTime: "20200101" does not match the input format "yyyy-MM-dd"'],
    ['Mid("abc", [n], 1)', 'Mid: argument 2: "x" is not a number'],
    ['ToLower("a", "not a culture!")', 'ToLower: culture "not a culture!" is not an RFC 4646 culture name; expected one such as "en-US" or "tr-TR"'],
    ["DateFromNum(9223372036854775807)", "DateFromNum: 9223372036854775807 is outside the dates a FILETIME can express (1601-01-01 to 9999-12-31)"],
    ['Replace([a], , "(", , "x", , )', 'Replace: "(" is not a valid regular expression (Unterminated group)'],
    ['CBool("maybe")', 'CBool: argument 1: "maybe" is neither True/False nor a number'],
  ])("%s", (expression, message) => {
    expect(() => evaluateExpression(expression, { n: "x", a: "text" })).toThrow(new EvaluationError(message));
  });
});

describe("dates", () => {
  const ev = (expression: string, input: Record<string, string> = {}) => evaluateExpression(expression, input, { now: NOW });

  test("DateAdd keeps .NET's month arithmetic: January 31 plus one month is the end of February", () => {
    expect(ev('DateAdd("m", 1, CDate("2024-01-31"))')).toBe("2/29/2024 12:00:00 AM");
    expect(ev('DateAdd("yyyy", 1, CDate("2024-02-29"))')).toBe("2/28/2025 12:00:00 AM");
    expect(ev('DateAdd("h", 36, CDate("2024-01-01T12:00:00Z"))')).toBe("1/3/2024 12:00:00 AM");
  });

  test("FormatDateTime reads and writes .NET custom formats, names and offsets included", () => {
    expect(ev('FormatDateTime("2015-01-23T10:53:47Z", , "yyyy-MM-ddTHH:mm:ssK", "dddd, MMMM d, yyyy h:mm tt")')).toBe("Friday, January 23, 2015 10:53 AM");
    expect(ev('FormatDateTime("23 Jan 2015", , "dd MMM yyyy", "yyyyMMdd")')).toBe("20150123");
    expect(ev('FormatDateTime("2020-12-31+08:00", , "yyyy-MM-ddzzz", "yyyy-MM-dd HH:mm")')).toBe("2020-12-30 16:00");
    expect(ev('FormatDateTime("  2020-12-31 ", , "yyyy-MM-dd", "o")')).toBe("2020-12-31T00:00:00.0000000Z");
    expect(ev('FormatDateTime("2020-12-31", "AdjustToUniversal", "yyyy-MM-dd", "s")')).toBe("2020-12-31T00:00:00");
    expect(ev("FormatDateTime(Now(), , \"ignored\", \"yyyy'-'MM'-'dd\")")).toBe("2021-08-25");
  });

  test("NumFromDate and DateFromNum are inverses", () => {
    expect(ev('DateFromNum(NumFromDate("2012-01-01T23:00:00Z"))')).toBe("1/1/2012 11:00:00 PM");
  });
});

describe("CDate's formats", () => {
  test.each([
    ["2021-06-30", "6/30/2021 12:00:00 AM"],
    ["2021-06-30T08:00:00Z", "6/30/2021 8:00:00 AM"],
    ["2021-06-30T08:00:00.123+02:00", "6/30/2021 6:00:00 AM"],
    ["2020-12-31 23:59:59-08:00", "1/1/2021 7:59:59 AM"],
    ["6/30/2021 12:30:00 PM", "6/30/2021 12:30:00 PM"],
    ["6/30/2021 12:30:00 AM", "6/30/2021 12:30:00 AM"],
    ["6/30/2021", "6/30/2021 12:00:00 AM"],
  ])("%s", (input, expected) => {
    expect(evaluateExpression("CDate([d])", { d: input })).toBe(expected);
  });

  test.each([["13/30/2021"], ["6/30/2021 13:00:00 PM"], ["2021-02-30"], ["30.06.2021"]])("%s is refused", (input) => {
    expect(() => evaluateExpression("CDate([d])", { d: input })).toThrow(EvaluationError);
  });

  test("NumFromDate before 1601 is refused", () => {
    expect(() => evaluateExpression('NumFromDate("1600-12-31")', {})).toThrow("NumFromDate: the date is before 1601-01-01, which a FILETIME cannot express");
  });
});
