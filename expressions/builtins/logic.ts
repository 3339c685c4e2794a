/**
 * Conditions, null tests, numbers and multi-valued attributes: CBool, Coalesce, IIF, the Is
 * functions, Not, Switch, IgnoreFlowIfNullOrEmpty, SelectUniqueValue, BitAnd, Count, Item,
 * RemoveDuplicates.
 */
import { EvaluationError } from "../errors";
import { attributesIn, lookup } from "../lookup";
import { asInteger, asText, asTexts, DateTimeValue, isMulti, isNull, isNullOrEmpty, parseInteger, RoleAssignments, type Val } from "../values";
import { type Builtin, type Call, IGNORE_FLOW } from "./call";

/**
 * A value read as a condition: a boolean, "True"/"False" (any case, as .NET's Boolean.Parse), or
 * a number (non-zero is true, as CBool's description says).
 */
function truth(v: Val, where: string): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  const t = asText(v, where);
  if (t === null) return false;
  const lower = t.trim().toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  const n = Number(t);
  if (t.trim() !== "" && Number.isFinite(n)) return n !== 0;
  throw new EvaluationError(`${where}: ${JSON.stringify(t)} is neither True/False nor a number`);
}

/** CBool: True when the expression is true or a non-zero number. UNCONFIRMED: null gives False (.NET's Convert.ToBoolean(null)). */
const CBool: Builtin = (c) => truth(c.value(0), c.where(0));

/** Coalesce(source1, ..., defaultValue): the first argument that is not NULL (the empty string is a value). */
const Coalesce: Builtin = (c) => {
  for (let i = 0; i < c.count; i++) {
    const v = c.value(i);
    if (!isNull(v)) return v;
  }
  return null;
};

/**
 * IIF(condition, valueIfTrue, valueIfFalse). The reference: "If the source attribute used within
 * the IIF function is empty or null, the condition check fails", and lists `IIF([country]="", ...)`
 * and `IIF(IsPresent([country]), ...)` as unsupported. UNCONFIRMED what a failed check yields;
 * here the IIF has no value (the attribute is not sent), so a preview shows the gap rather than
 * a branch Entra would not take.
 */
const IIF: Builtin = (c) => {
  for (const name of attributesIn(c.node(0))) if (isNullOrEmpty(lookup(c.ctx.source, name))) return null;
  return truth(c.value(0), c.where(0)) ? c.value(1) : c.value(2);
};

const IsNull: Builtin = (c) => isNull(c.value(0));
const IsNullOrEmpty: Builtin = (c) => isNullOrEmpty(c.value(0));
const IsPresent: Builtin = (c) => !isNullOrEmpty(c.value(0));

/** True when the value is a string (an empty one too). UNCONFIRMED: booleans, numbers, dates and multi-valued attributes are not. */
const IsString: Builtin = (c) => typeof c.value(0) === "string";

/** Not(source): "If source value is True, returns False. Otherwise, returns True." ("True" in any case.) */
const Not: Builtin = (c) => {
  const v = c.value(0);
  if (typeof v === "boolean") return !v;
  const t = v === null ? null : asText(v, c.where(0));
  return !(t !== null && t.trim().toLowerCase() === "true");
};

/**
 * Switch(source, defaultValue, key1, value1, ...): the value of the first key equal to the
 * source (case-sensitive), else defaultValue (null when omitted). A null source matches the key
 * "" (the reference's workaround `Switch([country], [country], "", "Other")`). Booleans compare as
 * "True"/"False" (`Switch([IsSoftDeleted], , "False", "True", "True", "False")`).
 */
const Switch: Builtin = (c) => {
  const source = asText(c.value(0), c.where(0)) ?? "";
  for (let k = 2; k + 1 < c.count; k += 2) {
    const key = asText(c.value(k), c.where(k)) ?? "";
    if (key === source) return c.value(k + 1);
  }
  return c.given(1) ? c.value(1) : null;
};

/** Drops the attribute from the flow when the expression is null or empty (no default value applies). */
const IgnoreFlowIfNullOrEmpty: Builtin = (c) => {
  const v = c.value(0);
  return isNullOrEmpty(v) ? IGNORE_FLOW : v;
};

/**
 * SelectUniqueValue(rule1, rule2, ...): the first rule's value that is unique in the target. The
 * check needs the target directory: with EvaluateOptions.isUnique it is asked; without it the
 * first rule with a value wins (preview says so). When every value is taken, Entra escrows the
 * object: an EvaluationError here.
 */
const SelectUniqueValue: Builtin = (c) => {
  const tried: string[] = [];
  for (let i = 0; i < c.count; i++) {
    const v = asText(c.value(i), c.where(i));
    if (v === null || v === "") continue;
    if (c.ctx.isUnique === undefined || c.ctx.isUnique(v)) return v;
    tried.push(v);
  }
  if (tried.length === 0) return null;
  throw new EvaluationError(`SelectUniqueValue: every generated value already exists in the target (${tried.map((t) => JSON.stringify(t)).join(", ")}); Entra escrows the object`);
};

function integer(c: Call, i: number): bigint | null {
  const v = c.value(i);
  if (v === null) return null;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new EvaluationError(`${c.where(i)}: ${v} is not a whole number`);
    return BigInt(v);
  }
  const t = asText(v, c.where(i));
  if (t === null) return null;
  const n = parseInteger(t);
  if (n === undefined) throw new EvaluationError(`${c.where(i)}: ${JSON.stringify(t)} is not a whole number`);
  return n;
}

/** BitAnd(value1, value2): the bitwise AND (`BitAnd(&HF, &HF7)` is 7). */
const BitAnd: Builtin = (c) => {
  const a = integer(c, 0);
  const b = integer(c, 1);
  if (a === null || b === null) return null;
  return Number(BigInt.asIntN(64, a) & BigInt.asIntN(64, b));
};

/** Count(attribute): the number of values. UNCONFIRMED: an attribute without values counts 0, a single value 1. */
const Count: Builtin = (c) => {
  const v = c.value(0);
  if (v === null) return 0;
  if (isMulti(v)) return v.length;
  if (v instanceof RoleAssignments) return v.roles.length;
  return 1;
};

/**
 * Item(attribute, index): the index-th value, 1-based. UNCONFIRMED: an index past the last value
 * (or below 1) gives no value.
 */
const Item: Builtin = (c) => {
  const values = asTexts(c.value(0), c.where(0));
  const index = asInteger(c.value(1), c.where(1));
  if (index === null || index < 1 || index > values.length) return null;
  return values[index - 1];
};

/** RemoveDuplicates(attribute): each value once, in first-seen order, compared case-sensitively (UNCONFIRMED). */
const RemoveDuplicates: Builtin = (c) => {
  const v = c.value(0);
  if (isNull(v)) return null;
  if (v instanceof DateTimeValue) return [v.toString()];
  return [...new Set(asTexts(v, c.where(0)))];
};

export const LOGIC_FUNCTIONS: Readonly<Record<string, Builtin>> = {
  BitAnd,
  CBool,
  Coalesce,
  Count,
  IgnoreFlowIfNullOrEmpty,
  IIF,
  IsNull,
  IsNullOrEmpty,
  IsPresent,
  IsString,
  Item,
  Not,
  RemoveDuplicates,
  SelectUniqueValue,
  Switch,
};
