/**
 * The date functions: CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, Now, NumFromDate.
 * Dates are UTC throughout (see ../dates.ts); CDate, DateAdd and Now yield a date/time that is
 * sent as M/d/yyyy h:mm:ss tt, as the reference shows.
 */
import { DATE_INTERVALS } from "../functions";
import { formatDateTime, fromFileTime, MAX_MS, MIN_MS, parseDateTime, parseExact, parseStyles, toFileTime } from "../dates";
import { EvaluationError } from "../errors";
import { asNumber, asText, DateTimeValue, parseInteger, type Val } from "../values";
import type { Builtin, Call } from "./call";

/** A date argument: a date/time, or text read as CDate reads it. */
function dateOf(v: Val, where: string): number | null {
  if (v instanceof DateTimeValue) return v.ms;
  const t = asText(v, where);
  return t === null ? null : parseDateTime(t, where);
}

function interval(c: Call): string | null {
  const t = asText(c.value(0), c.where(0));
  if (t === null) return null;
  if (!Object.prototype.hasOwnProperty.call(DATE_INTERVALS, t)) {
    throw new EvaluationError(`${c.name}: interval ${JSON.stringify(t)} is not one of ${Object.keys(DATE_INTERVALS).join(", ")}`);
  }
  return t;
}

function checked(ms: number, where: string): DateTimeValue {
  if (!Number.isFinite(ms) || ms > MAX_MS || ms < MIN_MS) throw new EvaluationError(`${where}: the result is outside the dates .NET can hold (years 1-9999)`);
  return new DateTimeValue(ms);
}

/** CDate(expression): a UTC date/time from text ("2021-06-30+08:00" is 6/29/2021 4:00:00 PM). */
const CDate: Builtin = (c) => {
  const ms = dateOf(c.value(0), c.where(0));
  return ms === null ? null : checked(ms, "CDate");
};

function daysInMonth(year: number, month0: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month0 + 1, 0);
  return d.getUTCDate();
}

/** .NET's AddMonths: the day is clamped to the last day of the resulting month (Jan 31 + 1 month = Feb 28/29). */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(total / 12);
  const month0 = ((total % 12) + 12) % 12;
  const result = new Date(ms);
  result.setUTCFullYear(year, month0, Math.min(d.getUTCDate(), daysInMonth(year, month0)));
  return result.getTime();
}

const UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, ww: 7 * 86_400_000, h: 3_600_000, n: 60_000, s: 1000 };

/** DateAdd(interval, value, dateTime): months and years as whole numbers (VBA rounds), the rest exact. */
const DateAdd: Builtin = (c) => {
  const unit = interval(c);
  const n = asNumber(c.value(1), c.where(1));
  const ms = dateOf(c.value(2), c.where(2));
  if (unit === null || n === null || ms === null) return null;
  if (unit === "m" || unit === "yyyy") return checked(addMonths(ms, Math.round(n) * (unit === "yyyy" ? 12 : 1)), "DateAdd");
  return checked(ms + n * UNIT_MS[unit], "DateAdd");
};

/**
 * DateDiff(interval, date1, date2): date2 - date1 in whole intervals, as VB.NET's DateDiff counts
 * them (the reference's examples match it to the unit): days, hours, minutes and seconds as the
 * elapsed time truncated; "ww" in calendar weeks (Sunday to Sunday); months and years by the
 * calendar fields.
 */
const DateDiff: Builtin = (c) => {
  const unit = interval(c);
  const a = dateOf(c.value(1), c.where(1));
  const b = dateOf(c.value(2), c.where(2));
  if (unit === null || a === null || b === null) return null;
  const da = new Date(a);
  const db = new Date(b);
  switch (unit) {
    case "yyyy":
      return db.getUTCFullYear() - da.getUTCFullYear();
    case "m":
      return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
    case "ww": {
      const weekStart = (ms: number) => ms - new Date(ms).getUTCDay() * 86_400_000;
      return Math.trunc((weekStart(b) - weekStart(a)) / UNIT_MS.ww) || 0;
    }
    default:
      return Math.trunc((b - a) / UNIT_MS[unit]) || 0;
  }
};

/** DateFromNum(value): an Active Directory FILETIME number (100-ns ticks since 1601) as a date/time. */
const DateFromNum: Builtin = (c) => {
  const t = asText(c.value(0), c.where(0));
  if (t === null) return null;
  const ticks = parseInteger(t);
  if (ticks === undefined) throw new EvaluationError(`DateFromNum: ${JSON.stringify(t)} is not a whole number; expected an Active Directory date number`);
  return new DateTimeValue(fromFileTime(ticks, "DateFromNum"));
};

/**
 * FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat): source read with inputFormat
 * (.NET ParseExact), written with outputFormat. A source that is already a date/time (CDate,
 * DateAdd, Now) is written without reading.
 */
const FormatDateTime: Builtin = (c) => {
  const v = c.value(0);
  if (v === null) return null;
  const styles = parseStyles(c.given(1) ? asText(c.value(1), c.where(1)) : null, "FormatDateTime: dateTimeStyles");
  const inputFormat = asText(c.value(2), c.where(2));
  const outputFormat = asText(c.value(3), c.where(3));
  if (inputFormat === null || outputFormat === null) return null;
  let ms: number;
  if (v instanceof DateTimeValue) ms = v.ms;
  else {
    const t = asText(v, c.where(0));
    if (t === null) return null;
    ms = parseExact(t, inputFormat, styles, c.ctx.now, "FormatDateTime");
  }
  return formatDateTime(ms, outputFormat, "FormatDateTime: outputFormat");
};

/** Now(): the current UTC date/time (EvaluateOptions.now). */
const Now: Builtin = (c) => new DateTimeValue(c.ctx.now);

/**
 * NumFromDate(value): a date/time (ISO 8601 text) as Active Directory's FILETIME number. The
 * number is larger than JSON numbers hold exactly (about 1.3e17), so it is text.
 */
const NumFromDate: Builtin = (c) => {
  const ms = dateOf(c.value(0), c.where(0));
  return ms === null ? null : toFileTime(ms, "NumFromDate").toString();
};

export const DATE_FUNCTIONS: Readonly<Record<string, Builtin>> = { CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, Now, NumFromDate };
