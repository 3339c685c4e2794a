/**
 * The evaluator: walks a parsed expression over one object's source attributes, calling the
 * functions of builtins/. Arguments are evaluated only when a function asks for them, so IIF
 * and Switch evaluate only the branch they return (a bad date in the branch not taken is no
 * error), as a reader of the expression expects.
 */
import { BUILTINS } from "./builtins";
import type { Call, EvalContext } from "./builtins/call";
import { EvaluationError } from "./errors";
import { type Expression, parseExpression } from "./parser";
import { IGNORE_FLOW, type Flow } from "./builtins/call";
import type { EvalValue, EvaluateOptions, SourceRecord } from "./types";
import { parseDateTime } from "./dates";
import { lookup } from "./lookup";
import { seededRandom } from "./random";
import { asText, DateTimeValue, isNull, isNullOrEmpty, toEvalValue, type Val } from "./values";

export { EvaluationError };

const parsed = new Map<string, Expression>();
const MAX_CACHED = 4096;

/** Parses once per distinct text: a directory evaluates the same few expressions for every user. */
export function parseCached(text: string): Expression {
  let ast = parsed.get(text);
  if (ast === undefined) {
    ast = parseExpression(text);
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(text, ast);
  }
  return ast;
}

/**
 * What the functions see besides their arguments. One per object: mapObject evaluates every
 * mapping of an object in the same context, switching the random seed per attribute.
 */
export class Context implements EvalContext {
  readonly now: number;
  readonly isUnique?: (value: string) => boolean;
  private readonly baseRandom: () => number;
  private readonly seed: string | undefined;
  private seeded: (() => number) | undefined;
  private attribute = "";

  constructor(
    readonly source: SourceRecord,
    options: EvaluateOptions & { readonly seed?: string },
  ) {
    this.now = (options.now ?? new Date()).getTime();
    this.isUnique = options.isUnique;
    this.baseRandom = options.random ?? cryptoRandom;
    this.seed = options.seed;
  }

  /** The attribute being evaluated: with a seed, its random numbers are its own sequence. */
  forAttribute(name: string): void {
    this.attribute = name;
    this.seeded = undefined;
  }

  random(): number {
    if (this.seed === undefined) return this.baseRandom();
    // Created on first use only: most mappings never ask for a random number.
    this.seeded ??= seededRandom(`${this.seed}\u0000${this.attribute}`);
    return this.seeded();
  }
}

function cryptoRandom(): number {
  const bytes = new Uint32Array(1);
  globalThis.crypto.getRandomValues(bytes);
  return bytes[0] / 2 ** 32;
}

/** Evaluates one node; `IGNORE_FLOW` only ever comes back from the top of the expression. */
export function evaluateNode(node: Expression, ctx: EvalContext): Flow {
  switch (node.kind) {
    case "attribute":
      return lookup(ctx.source, node.name);
    case "string":
      return node.value;
    case "number":
      // Graph carries numbers as Constant text; functions that need a number read it.
      return node.raw;
    case "enum":
      return node.name;
    case "comparison":
      return compare(node, ctx);
    case "call": {
      const impl = BUILTINS.get(node.name);
      if (impl === undefined) throw new EvaluationError(`${node.name}: no evaluator for this function`);
      return impl(new CallImpl(node, ctx));
    }
  }
}

class CallImpl implements Call {
  readonly name: string;
  readonly count: number;
  private readonly args: ReadonlyArray<Expression | null>;
  constructor(
    node: Extract<Expression, { kind: "call" }>,
    readonly ctx: EvalContext,
  ) {
    this.name = node.name;
    this.args = node.args;
    this.count = node.args.length;
  }
  given(i: number): boolean {
    return i < this.args.length && this.args[i] !== null;
  }
  node(i: number): Expression | null {
    return this.args[i] ?? null;
  }
  value(i: number): Val {
    const arg = this.args[i];
    if (arg === null || arg === undefined) return null;
    const v = evaluateNode(arg, this.ctx);
    // IgnoreFlowIfNullOrEmpty nested in another function: its "drop the attribute" is no value there.
    return v === IGNORE_FLOW ? null : v;
  }
  where(i: number): string {
    return `${this.name}: argument ${i + 1}`;
  }
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * `left op right` (IIF's and CBool's conditions). UNCONFIRMED: the reference lists the operators
 * and no rules; here `=` and `<>` compare text exactly (case-sensitive, as Switch and the
 * scoping filters do), numbers as numbers when both sides are numbers; `<`, `>`, `<=`, `>=`
 * compare numbers when both sides read as numbers, dates when both are dates, else text
 * ordinally. A side with no value makes the comparison false.
 */
function compare(node: Extract<Expression, { kind: "comparison" }>, ctx: EvalContext): boolean {
  const where = `the comparison ${node.operator}`;
  const l = unflow(evaluateNode(node.left, ctx));
  const r = unflow(evaluateNode(node.right, ctx));
  if (isNull(l) || isNull(r)) return false;
  let order: number;
  if (l instanceof DateTimeValue || r instanceof DateTimeValue) {
    const ms = (v: Val) => (v instanceof DateTimeValue ? v.ms : parseDateTime(asText(v, where) ?? "", where));
    order = Math.sign(ms(l) - ms(r));
  } else {
    const a = asText(l, where);
    const b = asText(r, where);
    if (a === null || b === null) return false;
    if (NUMERIC.test(a) && NUMERIC.test(b)) order = Math.sign(Number(a) - Number(b));
    else if (node.operator === "=" || node.operator === "<>") order = a === b ? 0 : 1;
    else order = a < b ? -1 : a > b ? 1 : 0;
  }
  switch (node.operator) {
    case "=":
      return order === 0;
    case "<>":
      return order !== 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    default:
      return order <= 0;
  }
}

function unflow(v: Flow): Val {
  return v === IGNORE_FLOW ? null : v;
}

/** Evaluates in a context made once per object (mapObject). */
export function evaluateInContext(expression: Expression | string, ctx: Context): { readonly ignore: boolean; readonly value: EvalValue } {
  const ast = typeof expression === "string" ? parseCached(expression) : expression;
  const v = evaluateNode(ast, ctx);
  if (v === IGNORE_FLOW) return IGNORED;
  return { ignore: false, value: toEvalValue(v) };
}

const IGNORED = { ignore: true, value: null } as const;

/** Whether the expression dropped its attribute (IgnoreFlowIfNullOrEmpty), or its value. */
export function evaluateForMapping(expression: Expression | string, source: SourceRecord, options: EvaluateOptions = {}): { readonly ignore: boolean; readonly value: EvalValue } {
  return evaluateInContext(expression, new Context(source, options));
}

/**
 * Evaluates an expression (parsed, or its text) over one object's source attributes. null = no
 * value (Entra does not send the attribute). Throws ExpressionError for text that does not parse
 * and EvaluationError for input the functions cannot take (a date CDate cannot read, a
 * multi-valued attribute where one value is expected).
 */
export function evaluateExpression(expression: Expression | string, source: SourceRecord, options: EvaluateOptions = {}): EvalValue {
  return evaluateForMapping(expression, source, options).value;
}

export { isNullOrEmpty };
