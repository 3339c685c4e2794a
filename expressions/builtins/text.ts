/**
 * The string functions of Microsoft's reference. Where a function's required string is null, it
 * returns null (the attribute is not sent) unless the reference says otherwise (Left and Word
 * return the empty string). UNCONFIRMED: the reference documents null only for Left, Word, IIF,
 * Coalesce, Switch and the Is functions; null in, null out is this evaluator's choice elsewhere.
 */
import { captureGroup, regexReplace, replaceGroup } from "../dotnet-regex";
import { EvaluationError } from "../errors";
import { asInteger, asText, asTexts, isNullOrEmpty } from "../values";
import type { Builtin, Call } from "./call";

const text = (c: Call, i: number) => asText(c.value(i), c.where(i));

const Append: Builtin = (c) => {
  const source = text(c, 0);
  if (source === null) return null;
  return source + (text(c, 1) ?? "");
};

/** "converts a string to a Unicode base64 string": the UTF-16LE bytes, base64 ("Hello world!" -> "SABlAGwA..."). */
const ConvertToBase64: Builtin = (c) => {
  const source = text(c, 0);
  return source === null ? null : Buffer.from(source, "utf16le").toString("base64");
};

/** The UTF-8 bytes as upper-case hexadecimal ("Hello world!" -> "48656C6C..."). */
const ConvertToUTF8Hex: Builtin = (c) => {
  const source = text(c, 0);
  return source === null ? null : Buffer.from(source, "utf8").toString("hex").toUpperCase();
};

const CStr: Builtin = (c) => text(c, 0);

/**
 * InStr(value1, value2, start, compareType): the 1-based position of value2 in value1 from
 * `start` (default 1), 0 when absent. vbTextCompare ignores case; vbBinaryCompare (VBA's default)
 * does not.
 */
const InStr: Builtin = (c) => {
  const haystack = text(c, 0);
  const needle = text(c, 1);
  if (haystack === null || needle === null) return null;
  const start = c.given(2) ? asInteger(c.value(2), c.where(2)) : 1;
  if (start === null) return null;
  if (start < 1) throw new EvaluationError(`InStr: start is ${start}; expected 1 or more (positions are 1-based)`);
  const node = c.node(3);
  const compare = node?.kind === "enum" ? node.name : c.given(3) ? text(c, 3) : "vbBinaryCompare";
  if (compare !== "vbTextCompare" && compare !== "vbBinaryCompare") {
    throw new EvaluationError(`InStr: compareType ${JSON.stringify(compare)} is not vbTextCompare or vbBinaryCompare`);
  }
  if (start > haystack.length + 1) return 0;
  const fold = (s: string) => (compare === "vbTextCompare" ? s.toLowerCase() : s);
  return fold(haystack).indexOf(fold(needle), start - 1) + 1;
};

/**
 * Join(separator, source1, ...): every value of every source, multi-valued ones value by value.
 * Null and empty values are left out: the reference's own example `Join(", ", "", [surname],
 * [givenName])` gives "Doe, John". UNCONFIRMED: with no value at all the result is null (nothing
 * is sent), not "".
 */
const Join: Builtin = (c) => {
  const separator = text(c, 0) ?? "";
  const parts: string[] = [];
  for (let i = 1; i < c.count; i++) for (const v of asTexts(c.value(i), c.where(i))) if (v !== "") parts.push(v);
  return parts.length === 0 ? null : parts.join(separator);
};

/** Left(String, NumChars), with the reference's rules: 0 -> "", negative -> the string, null -> "". */
const Left: Builtin = (c) => {
  const s = text(c, 0);
  const n = asInteger(c.value(1), c.where(1));
  if (s === null) return "";
  if (n === null) return null;
  if (n === 0) return "";
  if (n < 0) return s;
  return s.slice(0, n);
};

/** Mid(source, start, length): 1-based start; a length past the end stops at the end. */
const Mid: Builtin = (c) => {
  const s = text(c, 0);
  const start = asInteger(c.value(1), c.where(1));
  const length = asInteger(c.value(2), c.where(2));
  if (s === null || start === null || length === null) return null;
  if (start < 1) throw new EvaluationError(`Mid: start is ${start}; expected 1 or more (the first character is 1)`);
  if (length < 0) throw new EvaluationError(`Mid: length is ${length}; expected 0 or more`);
  return s.substr(start - 1, length);
};

/**
 * The reference's table of diacritics: the base letters it lists lose their marks, and the
 * letters it spells out (ae, oe, ss) are replaced. UNCONFIRMED: letters outside the table (ŵ,
 * ĥ, đ, ð) are not listed; they are left as they are. Plain œ is treated as the listed œ̄.
 */
const SPELLED: Readonly<Record<string, string>> = {
  æ: "ae",
  Æ: "AE",
  ø: "oe",
  Ø: "OE",
  œ: "oe",
  Œ: "OE",
  ß: "ss",
  ł: "l",
  Ł: "L",
  ı: "i",
};
/** A listed base letter (or a spelled-out one) with its combining marks, after NFD. */
const MARKED = /([acdegilnorstuyzACDEGILNORSTUYZæÆøØœŒßłŁı])[\u0300-\u036f]+/g;
const SPELLED_OUT = /[æÆøØœŒßłŁı]/g;

const spell = (ch: string): string => SPELLED[ch];

export function normalizeDiacritics(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return s
    .normalize("NFD")
    .replace(MARKED, "$1")
    .replace(SPELLED_OUT, spell)
    .normalize("NFC");
}

const NormalizeDiacritics: Builtin = (c) => {
  const s = text(c, 0);
  return s === null ? null : normalizeDiacritics(s);
};

/**
 * .NET ToTitleCase's word separators (the reference's list): spaces, control and format
 * characters, and every punctuation and symbol category.
 */
const DEFAULT_SEPARATORS = /[\p{Z}\p{Cc}\p{Cf}\p{Pc}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{Sm}\p{Sc}\p{Sk}\p{So}]/u;

/** Upper-cases the first character of each word and lower-cases the rest (the reference's PCase). */
export function properCase(s: string, separators?: string): string {
  const isSeparator = separators === undefined ? (ch: string) => DEFAULT_SEPARATORS.test(ch) : (ch: string) => separators.includes(ch);
  let out = "";
  let start = true;
  for (const ch of s.toLowerCase()) {
    if (isSeparator(ch)) {
      out += ch;
      start = true;
    } else {
      out += start ? ch.toUpperCase() : ch;
      start = false;
    }
  }
  return out;
}

const PCase: Builtin = (c) => {
  const s = text(c, 0);
  if (s === null) return null;
  const separators = c.given(1) ? text(c, 1) : null;
  return properCase(s, separators === null || separators === "" ? undefined : separators);
};

/** Microsoft's special characters for password complexity ("Password must meet complexity requirements"). */
const SPECIAL = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";
const POOLS = ["0123456789", SPECIAL, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"] as const;
const POOL_NAMES = ["MinimumNumbers", "MinimumSpecialCharacters", "MinimumCapital", "MinimumLowerCase"] as const;

/**
 * RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital, MinimumLowerCase,
 * CharactersToAvoid). UNCONFIRMED: which characters fill the length beyond the minimums; here,
 * the kinds with a non-zero minimum (every kind when all minimums are 0), so a minimum of 0
 * special characters gives none.
 */
const RandomString: Builtin = (c) => {
  const numbers = [0, 1, 2, 3, 4].map((i) => asInteger(c.value(i), c.where(i)));
  if (numbers.some((n) => n === null)) return null;
  const [length, ...minimums] = numbers as number[];
  if (length < 1 || length > 256) throw new EvaluationError(`RandomString: Length ${length} is outside 1-256`);
  if (minimums.some((n) => n < 0)) throw new EvaluationError("RandomString: a minimum is negative; expected 0 or more");
  const sum = minimums.reduce((a, b) => a + b, 0);
  if (sum > length) throw new EvaluationError(`RandomString: the minimums add up to ${sum}, more than Length ${length}`);
  const avoid = c.given(5) ? (text(c, 5) ?? "") : "";
  const pools = POOLS.map((p) => [...p].filter((ch) => !avoid.includes(ch)).join(""));
  const chars: string[] = [];
  const pick = (pool: string) => pool[Math.floor(c.ctx.random() * pool.length) % pool.length];
  minimums.forEach((n, i) => {
    if (n > 0 && pools[i].length === 0) throw new EvaluationError(`RandomString: CharactersToAvoid leaves no character for ${POOL_NAMES[i]}`);
    for (let k = 0; k < n; k++) chars.push(pick(pools[i]));
  });
  const fill = minimums.every((n) => n === 0) ? pools.join("") : pools.filter((_, i) => minimums[i] > 0).join("");
  while (chars.length < length) chars.push(pick(fill));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(c.ctx.random() * (i + 1)) % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
};

/** Redact changes only what the provisioning logs show; the value flows unchanged. */
const Redact: Builtin = (c) => c.value(0);

/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
 * replacementAttributeName, template), case-sensitive, in the reference's five ways (the parser
 * refuses the other argument lists):
 * 1. oldValue + replacementValue: every oldValue in source becomes replacementValue;
 * 2. oldValue + template: every oldValue in template becomes source;
 * 3. regexPattern + replacementValue: .NET Regex.Replace (with $1, ${name} substitutions);
 * 4. regexPattern + regexGroupName + replacementValue: only the group's text in each match is replaced;
 * 5. regexPattern + regexGroupName + replacementAttributeName: source when it has a value, else
 *    the group's text in the replacement attribute.
 * UNCONFIRMED: with both oldValue and regexPattern, oldValue wins; a replacementValue that
 * evaluates to null replaces with "".
 */
const Replace: Builtin = (c) => {
  const source = text(c, 0);
  if (c.given(1)) {
    const oldValue = text(c, 1);
    if (oldValue === null || source === null) return source;
    if (oldValue === "") throw new EvaluationError("Replace: oldValue is empty; expected the text to replace");
    if (c.given(4)) return source.split(oldValue).join(text(c, 4) ?? "");
    const template = text(c, 6);
    return template === null ? null : template.split(oldValue).join(source);
  }
  const pattern = text(c, 2);
  if (pattern === null) return source;
  const group = c.given(3) ? text(c, 3) : null;
  if (c.given(4)) {
    if (source === null) return null;
    const replacement = text(c, 4) ?? "";
    return group === null ? regexReplace(source, pattern, replacement, "Replace") : replaceGroup(source, pattern, group, replacement, "Replace");
  }
  // Way 5: the source, or a value extracted from the replacement attribute.
  if (!isNullOrEmpty(c.value(0))) return source;
  const from = text(c, 5);
  if (from === null || group === null) return null;
  return captureGroup(from, pattern, group, "Replace");
};

/**
 * Split(source, delimiter) into a multi-valued result. The reference's example splits
 * "PermissionSetOne, PermissionSetTwo" at "," into ["PermissionSetOne", "PermissionSetTwo"]:
 * values are trimmed of surrounding white space, as the example shows (UNCONFIRMED: .NET's Split
 * would keep the space).
 */
const Split: Builtin = (c) => {
  const s = text(c, 0);
  const delimiter = text(c, 1);
  if (s === null) return null;
  if (delimiter === null || delimiter === "") return [s.trim()];
  return s.split(delimiter).map((v) => v.trim());
};

/** Removes every space (" ") character; other white space stays, as the reference says. */
const StripSpaces: Builtin = (c) => {
  const s = text(c, 0);
  return s === null ? null : s.split(" ").join("");
};

function culture(c: Call): string | undefined {
  if (!c.given(1)) return undefined;
  const name = text(c, 1);
  if (name === null || name === "") return undefined;
  try {
    return Intl.getCanonicalLocales(name)[0];
  } catch {
    throw new EvaluationError(`${c.name}: culture ${JSON.stringify(name)} is not an RFC 4646 culture name; expected one such as "en-US" or "tr-TR"`);
  }
}

/** ToLower(source, culture): the culture's rules, or the invariant culture's. */
const ToLower: Builtin = (c) => {
  const s = text(c, 0);
  if (s === null) return null;
  const name = culture(c);
  return name === undefined ? s.toLowerCase() : s.toLocaleLowerCase(name);
};

const ToUpper: Builtin = (c) => {
  const s = text(c, 0);
  if (s === null) return null;
  const name = culture(c);
  return name === undefined ? s.toUpperCase() : s.toLocaleUpperCase(name);
};

/**
 * Word(String, WordNumber, Delimiters): the WordNumber-th run of characters between any of the
 * delimiter characters; "" when the number is below 1, the string is null, or there are fewer words.
 */
const Word: Builtin = (c) => {
  const s = text(c, 0);
  const n = asInteger(c.value(1), c.where(1));
  const delimiters = text(c, 2) ?? "";
  if (s === null || n === null || n < 1) return "";
  const words: string[] = [];
  let current = "";
  for (const ch of s) {
    if (delimiters.includes(ch)) {
      if (current !== "") words.push(current);
      current = "";
    } else current += ch;
  }
  if (current !== "") words.push(current);
  return words[n - 1] ?? "";
};

/** A random (version 4) GUID, lower-case as .NET's Guid.ToString() prints it. */
const Guid: Builtin = (c) => {
  const bytes = Array.from({ length: 16 }, () => Math.floor(c.ctx.random() * 256) & 0xff);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const TEXT_FUNCTIONS: Readonly<Record<string, Builtin>> = {
  Append,
  ConvertToBase64,
  ConvertToUTF8Hex,
  CStr,
  Guid,
  InStr,
  Join,
  Left,
  Mid,
  NormalizeDiacritics,
  PCase,
  RandomString,
  Redact,
  Replace,
  Split,
  StripSpaces,
  ToLower,
  ToUpper,
  Word,
};
