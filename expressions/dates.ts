/**
 * Dates as Entra's expression functions read and write them: .NET custom date and time format
 * strings (FormatDateTime's inputFormat and outputFormat, which the reference points to), the
 * M/d/yyyy h:mm:ss tt text of CDate, DateAdd and Now, and Active Directory's FILETIME numbers
 * (DateFromNum, NumFromDate).
 *
 * Every date/time here is UTC. Where .NET would use the machine's local time zone (a parsed offset
 * converts to local time, a value without one is taken as local), this evaluator takes local time
 * to be UTC. UNCONFIRMED: the reference says CDate, DateAdd and Now return UTC, and says nothing of
 * the time zone FormatDateTime converts to; the service's hosts are assumed to run in UTC.
 * Culture: the documented outputs ("3/16/2020 7:00:00 AM") are en-US, so names of months and days
 * and the standard one-letter formats are en-US.
 */
import { EvaluationError } from "./errors";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** en-US standard format strings (one letter) as custom formats. "U" (universal full) is not supported. */
const STANDARD: Readonly<Record<string, string>> = {
  d: "M/d/yyyy",
  D: "dddd, MMMM d, yyyy",
  t: "h:mm tt",
  T: "h:mm:ss tt",
  f: "dddd, MMMM d, yyyy h:mm tt",
  F: "dddd, MMMM d, yyyy h:mm:ss tt",
  g: "M/d/yyyy h:mm tt",
  G: "M/d/yyyy h:mm:ss tt",
  m: "MMMM d",
  M: "MMMM d",
  y: "MMMM yyyy",
  Y: "MMMM yyyy",
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
};

type FormatToken = { readonly kind: "spec"; readonly ch: string; readonly n: number } | { readonly kind: "lit"; readonly text: string };

const SPECIFIERS = new Set(["d", "f", "F", "g", "h", "H", "K", "m", "M", "s", "t", "y", "z"]);

const tokenized = new Map<string, readonly FormatToken[]>();
const MAX_CACHED = 256;

/** Splits a .NET date/time format string into specifiers and literal text (cached: a mapping uses the same few formats for every user). */
function tokenizeFormat(format: string, where: string): readonly FormatToken[] {
  let tokens = tokenized.get(format);
  if (tokens === undefined) {
    tokens = tokenizeUncached(format, where);
    if (tokenized.size >= MAX_CACHED) tokenized.clear();
    tokenized.set(format, tokens);
  }
  return tokens;
}

function tokenizeUncached(format: string, where: string): FormatToken[] {
  if (format.length === 0) throw new EvaluationError(`${where}: the format is empty; expected a .NET date and time format such as "yyyy-MM-dd"`);
  if (format.length === 1) {
    const standard = STANDARD[format];
    if (standard === undefined) {
      throw new EvaluationError(`${where}: ${JSON.stringify(format)} is not a supported standard date format; expected a custom format such as "yyyy-MM-dd" (or one of ${Object.keys(STANDARD).join(" ")})`);
    }
    return [...tokenizeFormat(standard, where)];
  }
  const tokens: FormatToken[] = [];
  const lit = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === "lit") tokens[tokens.length - 1] = { kind: "lit", text: last.text + text };
    else tokens.push({ kind: "lit", text });
  };
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c === "'" || c === '"') {
      const close = format.indexOf(c, i + 1);
      if (close < 0) throw new EvaluationError(`${where}: unterminated quoted text in the date format ${JSON.stringify(format)}`);
      lit(format.slice(i + 1, close));
      i = close + 1;
    } else if (c === "\\") {
      if (i + 1 >= format.length) throw new EvaluationError(`${where}: the date format ${JSON.stringify(format)} ends with a lone backslash`);
      lit(format[i + 1]);
      i += 2;
    } else if (c === "%") {
      // "%d": a one-letter custom format.
      i++;
    } else if (SPECIFIERS.has(c)) {
      let n = 1;
      while (format[i + n] === c) n++;
      tokens.push({ kind: "spec", ch: c, n });
      i += n;
    } else {
      // ":" and "/" are the invariant time and date separators; anything else stands for itself.
      lit(c);
      i++;
    }
  }
  return tokens;
}

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 100-ns ticks within the second, 0..9,999,999. */
  ticks: number;
  weekday: number; // 0 = Sunday
}

function partsOf(ms: number): Parts {
  const d = new Date(ms);
  const msInSecond = ((ms % 1000) + 1000) % 1000;
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ticks: msInSecond * 10_000,
    weekday: d.getUTCDay(),
  };
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, "0");

/** Formats a UTC instant with a .NET date and time format string (en-US names). */
export function formatDateTime(ms: number, format: string, where = "FormatDateTime"): string {
  const p = partsOf(ms);
  let out = "";
  for (const t of tokenizeFormat(format, where)) {
    if (t.kind === "lit") {
      out += t.text;
      continue;
    }
    const { ch, n } = t;
    switch (ch) {
      case "d":
        out += n === 1 ? String(p.day) : n === 2 ? pad(p.day, 2) : n === 3 ? DAYS[p.weekday].slice(0, 3) : DAYS[p.weekday];
        break;
      case "f":
      case "F": {
        if (n > 7) throw new EvaluationError(`${where}: "${ch.repeat(n)}" has more than 7 fraction digits`);
        let digits = pad(p.ticks, 7).slice(0, n);
        if (ch === "F") {
          digits = digits.replace(/0+$/, "");
          // .NET drops the "." before an all-zero F fraction.
          if (digits === "" && out.endsWith(".")) out = out.slice(0, -1);
        }
        out += digits;
        break;
      }
      case "g":
        out += "A.D.";
        break;
      case "h": {
        const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
        out += n === 1 ? String(h12) : pad(h12, 2);
        break;
      }
      case "H":
        out += n === 1 ? String(p.hour) : pad(p.hour, 2);
        break;
      case "K":
        out += "Z";
        break;
      case "m":
        out += n === 1 ? String(p.minute) : pad(p.minute, 2);
        break;
      case "M":
        out += n === 1 ? String(p.month) : n === 2 ? pad(p.month, 2) : n === 3 ? MONTHS[p.month - 1].slice(0, 3) : MONTHS[p.month - 1];
        break;
      case "s":
        out += n === 1 ? String(p.second) : pad(p.second, 2);
        break;
      case "t":
        out += n === 1 ? (p.hour < 12 ? "A" : "P") : p.hour < 12 ? "AM" : "PM";
        break;
      case "y":
        out += n === 1 ? String(p.year % 100) : n === 2 ? pad(p.year % 100, 2) : pad(p.year, n);
        break;
      case "z":
        out += n === 1 ? "+0" : n === 2 ? "+00" : "+00:00";
        break;
    }
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The .NET DateTimeStyles names FormatDateTime's dateTimeStyles may list (comma-separated). */
const DATE_TIME_STYLES = new Set([
  "None",
  "AllowLeadingWhite",
  "AllowTrailingWhite",
  "AllowInnerWhite",
  "AllowWhiteSpaces",
  "NoCurrentDateDefault",
  "AdjustToUniversal",
  "AssumeLocal",
  "AssumeUniversal",
  "RoundtripKind",
]);

/** Reads the dateTimeStyles argument; default RoundtripKind, AllowLeadingWhite, AllowTrailingWhite (the reference). */
const DEFAULT_STYLES: ReadonlySet<string> = new Set(["RoundtripKind", "AllowLeadingWhite", "AllowTrailingWhite"]);

export function parseStyles(text: string | null, where: string): ReadonlySet<string> {
  if (text === null || text.trim() === "") return DEFAULT_STYLES;
  const styles = new Set<string>();
  for (const raw of text.split(/[,|]/)) {
    const name = raw.trim().replace(/^DateTimeStyles\./, "");
    const known = [...DATE_TIME_STYLES].find((s) => s.toLowerCase() === name.toLowerCase());
    if (known === undefined) {
      throw new EvaluationError(`${where}: ${JSON.stringify(name)} is not a .NET DateTimeStyles value; expected some of ${[...DATE_TIME_STYLES].join(", ")}`);
    }
    styles.add(known);
  }
  return styles;
}

/** Milliseconds since the epoch of a UTC date and time; undefined when a field is out of range. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || year < 1 || year > 9999) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCDate() !== day) return undefined; // 31 February
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

function offsetMinutes(text: string): number {
  if (text === "Z" || text === "z") return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text) as RegExpExecArray;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -minutes : minutes;
}

interface CompiledFormat {
  readonly re: RegExp;
  readonly fields: readonly string[];
}

const compiled = new Map<string, CompiledFormat>();

/** The format as a regular expression with one group per field (cached per format and whitespace style). */
function compileFormat(format: string, inner: boolean, where: string): CompiledFormat {
  const key = `${inner ? "i" : "-"}${format}`;
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;
  const tokens = tokenizeFormat(format, where);
  let pattern = "";
  const fields: string[] = [];
  for (const t of tokens) {
    if (t.kind === "lit") {
      pattern += inner ? t.text.split(/\s+/).map(escapeRegExp).join("\\s*") : escapeRegExp(t.text);
      continue;
    }
    const { ch, n } = t;
    const field = (re: string, name: string) => {
      pattern += `(${re})`;
      fields.push(name);
    };
    switch (ch) {
      case "d":
        if (n <= 2) field(n === 1 ? "\\d{1,2}" : "\\d{2}", "day");
        else field(n === 3 ? DAYS.map((d) => d.slice(0, 3)).join("|") : DAYS.join("|"), "weekday");
        break;
      case "f":
        field(`\\d{${n}}`, "fraction");
        break;
      case "F":
        field(`\\d{0,${n}}`, "fraction");
        break;
      case "g":
        field("A\\.D\\.|AD", "era");
        break;
      case "h":
        field(n === 1 ? "\\d{1,2}" : "\\d{2}", "hour12");
        break;
      case "H":
        field(n === 1 ? "\\d{1,2}" : "\\d{2}", "hour");
        break;
      case "K":
        field("Z|[+-]\\d{2}:\\d{2}|", "offset");
        break;
      case "m":
        field(n === 1 ? "\\d{1,2}" : "\\d{2}", "minute");
        break;
      case "M":
        if (n <= 2) field(n === 1 ? "\\d{1,2}" : "\\d{2}", "month");
        else field(n === 3 ? MONTHS.map((m) => m.slice(0, 3)).join("|") : MONTHS.join("|"), n === 3 ? "monthAbbr" : "monthName");
        break;
      case "s":
        field(n === 1 ? "\\d{1,2}" : "\\d{2}", "second");
        break;
      case "t":
        field(n === 1 ? "[AP]" : "AM|PM", "ampm");
        break;
      case "y":
        field(n === 1 ? "\\d{1,2}" : n === 2 ? "\\d{2}" : `\\d{${n},${Math.max(n, 4)}}`, n <= 2 ? "year2" : "year");
        break;
      case "z":
        field(n === 1 ? "[+-]\\d{1,2}" : n === 2 ? "[+-]\\d{2}" : "[+-]\\d{2}:\\d{2}", "offset");
        break;
    }
  }
  const result = { re: new RegExp(`^${pattern}$`, "i"), fields };
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(key, result);
  return result;
}

/**
 * .NET DateTime.ParseExact: the text must match the format. A parsed offset is applied (the
 * result is UTC); without one the time is taken as UTC.
 */
export function parseExact(text: string, format: string, styles: ReadonlySet<string>, now: number, where: string): number {
  const { re, fields } = compileFormat(format, styles.has("AllowInnerWhite") || styles.has("AllowWhiteSpaces"), where);
  const trimmed = text.replace(styles.has("AllowLeadingWhite") || styles.has("AllowWhiteSpaces") ? /^\s+/ : /^$/, "").replace(styles.has("AllowTrailingWhite") || styles.has("AllowWhiteSpaces") ? /\s+$/ : /^$/, "");
  const m = re.exec(trimmed);
  if (!m) throw new EvaluationError(`${where}: ${JSON.stringify(text)} does not match the input format ${JSON.stringify(format)}`);
  const today = partsOf(now);
  const noDefault = styles.has("NoCurrentDateDefault");
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  fields.forEach((name, i) => {
    const v = m[i + 1];
    switch (name) {
      case "day":
        day = Number(v);
        break;
      case "fraction":
        ms = v === "" ? 0 : Math.round(Number(`0.${v}`) * 1000);
        break;
      case "hour12":
      case "hour":
        hour = Number(v);
        break;
      case "minute":
        minute = Number(v);
        break;
      case "second":
        second = Number(v);
        break;
      case "month":
        month = Number(v);
        break;
      case "monthAbbr":
      case "monthName":
        month = MONTHS.findIndex((mn) => mn.toLowerCase().startsWith(v.toLowerCase())) + 1;
        break;
      case "ampm":
        pm = v.toUpperCase().startsWith("P");
        break;
      case "year":
        year = Number(v);
        break;
      case "year2": {
        // .NET's TwoDigitYearMax is 2049.
        const y = Number(v);
        year = y < 50 ? 2000 + y : 1900 + y;
        break;
      }
      case "offset":
        if (v !== "") offset = offsetMinutes(v);
        break;
    }
  });
  if (fields.includes("hour12")) {
    if (hour < 1 || hour > 12) throw new EvaluationError(`${where}: ${JSON.stringify(text)} has hour ${hour}; expected 1-12 with AM/PM`);
    if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  } else if (pm !== undefined && hour < 12 && pm) {
    hour += 12;
  }
  const hasDate = year !== undefined || month !== undefined || day !== undefined;
  const base = hasDate || noDefault ? { year: 1, month: 1, day: 1 } : today;
  const result = utcMs(year ?? base.year, month ?? base.month, day ?? base.day, hour, minute, second, ms);
  if (result === undefined) throw new EvaluationError(`${where}: ${JSON.stringify(text)} is not a valid date for the format ${JSON.stringify(format)}`);
  return offset === undefined ? result : result - offset * 60_000;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(AM|PM)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads a date/time as CDate and the date functions do (.NET DateTime.Parse, then UTC): ISO 8601
 * dates and date-times, with or without a time or an offset (`2021-06-30+08:00`,
 * `2009-06-15T01:45:30-07:00`, `2021-08-24`, `2020-12-31 23:59:59-08:00`), and en-US
 * `M/d/yyyy h:mm:ss tt` (what CDate, DateAdd and Now return). UNCONFIRMED: .NET's parser accepts
 * more forms than these (month names, other orders); they are refused here rather than guessed.
 */
export function parseDateTime(text: string, where: string): number {
  const s = text.trim();
  let result: number | undefined;
  let offset: string | undefined;
  const iso = ISO.exec(s);
  if (iso) {
    result = utcMs(Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0), iso[7] ? Math.round(Number(`0.${iso[7]}`) * 1000) : 0);
    offset = iso[8];
  } else {
    const us = US.exec(s);
    if (us) {
      let hour = Number(us[4] ?? 0);
      const ampm = us[8]?.toUpperCase();
      const twelveHour = ampm === undefined || (hour >= 1 && hour <= 12);
      if (ampm !== undefined) hour = (hour % 12) + (ampm === "PM" ? 12 : 0);
      result = twelveHour ? utcMs(Number(us[3]), Number(us[1]), Number(us[2]), hour, Number(us[5] ?? 0), Number(us[6] ?? 0), us[7] ? Math.round(Number(`0.${us[7]}`) * 1000) : 0) : undefined;
      offset = us[9];
    }
  }
  if (result === undefined) {
    throw new EvaluationError(`${where}: cannot read ${JSON.stringify(text)} as a date/time; expected ISO 8601 (2021-06-30T08:00:00+08:00, 2021-06-30) or M/d/yyyy h:mm:ss tt`);
  }
  return offset === undefined ? result : result - offsetMinutes(offset) * 60_000;
}

/** 100-ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
const FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000n;
/** The latest date .NET's DateTime holds: 9999-12-31T23:59:59.999Z. */
const MAX_MS = 253_402_300_799_999;
const MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const FILETIME_START_MS = -11_644_473_600_000; // 1601-01-01T00:00:00Z

/** Active Directory's FILETIME number (100-ns ticks since 1601-01-01 UTC) as an instant. */
export function fromFileTime(ticks: bigint, where: string): number {
  const ms = Number((ticks - FILETIME_EPOCH_OFFSET) / 10_000n);
  if (ticks < 0n || ms > MAX_MS) {
    // AD writes 0 and 0x7FFFFFFFFFFFFFFF for "never"; .NET's DateTime.FromFileTimeUtc refuses the latter.
    throw new EvaluationError(`${where}: ${ticks} is outside the dates a FILETIME can express (1601-01-01 to 9999-12-31)`);
  }
  return ms;
}

/** An instant as Active Directory's FILETIME number. */
export function toFileTime(ms: number, where: string): bigint {
  if (ms < FILETIME_START_MS) throw new EvaluationError(`${where}: the date is before 1601-01-01, which a FILETIME cannot express`);
  return BigInt(Math.floor(ms)) * 10_000n + FILETIME_EPOCH_OFFSET;
}

export { MAX_MS, MIN_MS };
