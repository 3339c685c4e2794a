/**
 * A tokenizer and recursive-descent parser for Entra's attribute-mapping expression language, as
 * the portal's expression builder shows it: `[attribute]` references, `"string"` literals
 * (backslash escapes `\"` and `\\`), bare numbers (`1000`, `-10`, `&HF7`), function calls with
 * nesting and omitted optional arguments (`Replace([mail], "@contoso.com", , , "", , )`), and the
 * comparisons IIF and CBool take (`[country]="USA"`, `DateDiff(...) > 5`).
 *
 * It catches what the portal would reject later: unknown functions, wrong arity, unbalanced
 * brackets or quotes, with the column of the error.
 */
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from "./limits";
import { ENUM_CONSTANTS, FUNCTIONS, type FunctionSpec, literal, suggestFunction } from "./functions";
import { parseInteger } from "./integers";

export { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH };

interface Span {
  /** 0-based offsets into the expression text. */
  readonly start: number;
  readonly end: number;
}

export type Expression =
  | (Span & { readonly kind: "attribute"; readonly name: string })
  | (Span & { readonly kind: "string"; readonly value: string })
  | (Span & { readonly kind: "number"; readonly raw: string })
  | (Span & { readonly kind: "enum"; readonly name: string })
  | (Span & { readonly kind: "call"; readonly name: string; readonly args: ReadonlyArray<Expression | null> })
  | (Span & { readonly kind: "comparison"; readonly operator: string; readonly left: Expression; readonly right: Expression });

/** A syntax error, with a 1-based column (and line, for multi-line expressions). */
export class ExpressionError extends Error {
  constructor(
    public readonly line: number,
    public readonly column: number,
    public readonly reason: string,
  ) {
    super(line > 1 ? `line ${line}, column ${column}: ${reason}` : `column ${column}: ${reason}`);
    this.name = "ExpressionError";
  }
}

type TokenKind = "attribute" | "string" | "number" | "ident" | "(" | ")" | "," | "op";
interface Token extends Span {
  readonly kind: TokenKind;
  /** Attribute name, unescaped string value, number text, identifier, operator. */
  readonly value: string;
}

const COMPARISONS = ["<>", ">=", "<=", "=", ">", "<"];

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  /** Function calls currently open: the parser stops at MAX_EXPRESSION_DEPTH, before recursing deeper. */
  private depth = 0;

  constructor(private readonly text: string) {
    if (text.length > MAX_EXPRESSION_LENGTH) {
      throw new ExpressionError(1, 1, `the expression is ${text.length} characters long; expected at most ${MAX_EXPRESSION_LENGTH}`);
    }
    this.tokens = this.tokenize();
  }

  parse(): Expression {
    if (this.tokens.length === 0) {
      throw this.error(0, 'empty expression; expected an [attribute], a "string" or a function call');
    }
    const expression = this.argument();
    const extra = this.peek();
    if (extra) throw this.error(extra.start, `unexpected ${describe(extra)} after the end of the expression`);
    return expression;
  }

  private error(offset: number, reason: string): ExpressionError {
    const before = this.text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - (before.lastIndexOf("\n") + 1) + 1;
    return new ExpressionError(line, column, reason);
  }

  private tokenize(): Token[] {
    const text = this.text;
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (/\s/.test(c)) {
        i++;
      } else if (c === "[") {
        const close = text.indexOf("]", i);
        const newline = text.indexOf("\n", i);
        const nested = text.indexOf("[", i + 1);
        if (close < 0 || (newline >= 0 && newline < close) || (nested >= 0 && nested < close)) {
          throw this.error(i, 'unclosed "["; expected "]" after the attribute name');
        }
        const name = text.slice(i + 1, close).trim();
        if (name === "") throw this.error(i, 'empty attribute name "[]"; expected [attributeName]');
        tokens.push({ kind: "attribute", value: name, start: i, end: close + 1 });
        i = close + 1;
      } else if (c === "]") {
        throw this.error(i, 'unexpected "]" without a matching "["');
      } else if (c === '"') {
        let value = "";
        let j = i + 1;
        for (;;) {
          if (j >= text.length) throw this.error(i, 'unterminated string; expected a closing " (write \\" for a quote inside a string)');
          const d = text[j];
          if (d === "\\" && (text[j + 1] === '"' || text[j + 1] === "\\")) {
            value += text[j + 1];
            j += 2;
          } else if (d === '"') {
            break;
          } else {
            value += d;
            j++;
          }
        }
        tokens.push({ kind: "string", value, start: i, end: j + 1 });
        i = j + 1;
      } else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(text[i + 1] ?? "")) || (c === "&" && /h/i.test(text[i + 1] ?? ""))) {
        const m = /^(&[hH][0-9A-Fa-f]+|-?[0-9]+(\.[0-9]+)?)/.exec(text.slice(i));
        if (!m) throw this.error(i, `malformed number; expected digits or a hexadecimal &H literal`);
        tokens.push({ kind: "number", value: m[0], start: i, end: i + m[0].length });
        i += m[0].length;
      } else if (/[A-Za-z_]/.test(c)) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray;
        tokens.push({ kind: "ident", value: m[0], start: i, end: i + m[0].length });
        i += m[0].length;
      } else if (c === "(" || c === ")" || c === ",") {
        tokens.push({ kind: c, value: c, start: i, end: i + 1 });
        i++;
      } else {
        const op = COMPARISONS.find((o) => text.startsWith(o, i));
        if (!op) throw this.error(i, `unexpected character "${c}"`);
        tokens.push({ kind: "op", value: op, start: i, end: i + op.length });
        i += op.length;
      }
    }
    return tokens;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  /** An operand, optionally compared with another (`[country]="USA"`). */
  private argument(): Expression {
    const left = this.operand();
    const op = this.peek();
    if (op?.kind !== "op") return left;
    this.pos++;
    const right = this.operand();
    return { kind: "comparison", operator: op.value, left, right, start: left.start, end: right.end };
  }

  private operand(): Expression {
    const t = this.peek();
    if (!t) throw this.error(this.text.length, 'unexpected end of expression; expected an [attribute], a "string" or a function call');
    this.pos++;
    switch (t.kind) {
      case "attribute":
        return { kind: "attribute", name: t.value, start: t.start, end: t.end };
      case "string":
        return { kind: "string", value: t.value, start: t.start, end: t.end };
      case "number":
        return { kind: "number", raw: t.value, start: t.start, end: t.end };
      case "ident":
        if (this.peek()?.kind === "(") return this.call(t);
        if (ENUM_CONSTANTS.has(t.value)) return { kind: "enum", name: t.value, start: t.start, end: t.end };
        throw this.error(
          t.start,
          FUNCTIONS.has(t.value)
            ? `function "${t.value}" needs parentheses; expected ${t.value}(...)`
            : `unknown name "${t.value}"; expected a function call, an [attribute] or a "string" (attributes go in square brackets)`,
        );
      default:
        throw this.error(t.start, `unexpected ${describe(t)}; expected an [attribute], a "string" or a function call`);
    }
  }

  private call(name: Token): Expression {
    const spec = FUNCTIONS.get(name.value);
    if (!spec) {
      const hint = suggestFunction(name.value);
      throw this.error(
        name.start,
        hint ? `unknown function "${name.value}"; did you mean "${hint}"?` : `unknown function "${name.value}"; expected one of the functions in Entra's reference (docs/mappings.md)`,
      );
    }
    if (spec.topLevelOnly && this.depth > 0) {
      throw this.error(name.start, `${spec.name} must be the whole expression (the reference: it "must be at the top-level and can't be nested"); expected ${spec.name}(...) alone`);
    }
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      throw this.error(name.start, `${spec.name} is nested deeper than ${MAX_EXPRESSION_DEPTH} function calls; expected at most ${MAX_EXPRESSION_DEPTH} levels (split the logic over simpler mappings)`);
    }
    this.depth++;
    try {
      return this.callArguments(name, spec);
    } finally {
      this.depth--;
    }
  }

  private callArguments(name: Token, spec: FunctionSpec): Expression {
    const open = this.tokens[this.pos++]; // "("
    const args: Array<Expression | null> = [];
    if (this.peek()?.kind === ")") {
      const close = this.tokens[this.pos++];
      checkArguments(spec, args, (reason) => this.error(name.start, reason));
      return { kind: "call", name: spec.name, args, start: name.start, end: close.end };
    }
    for (;;) {
      const t = this.peek();
      if (!t) throw this.error(open.start, `unclosed "(" of ${spec.name}; expected ")"`);
      if (t.kind === "," || t.kind === ")") args.push(null);
      else args.push(this.argument());
      const sep = this.peek();
      if (!sep) throw this.error(open.start, `unclosed "(" of ${spec.name}; expected ")"`);
      this.pos++;
      if (sep.kind === ")") {
        checkArguments(spec, args, (reason) => this.error(name.start, reason));
        return { kind: "call", name: spec.name, args, start: name.start, end: sep.end };
      }
      if (sep.kind !== ",") throw this.error(sep.start, `unexpected ${describe(sep)} in the arguments of ${spec.name}; expected "," or ")"`);
    }
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case "attribute":
      return `[${t.value}]`;
    case "string":
      return "string";
    case "ident":
      return `"${t.value}"`;
    default:
      return `"${t.value}"`;
  }
}

function signature(spec: FunctionSpec): string {
  const fixed = spec.params.map((p) => (p.optional ? `[${p.key}]` : p.key));
  if (spec.rest) fixed.push(`${spec.rest.key(1)}, ${spec.rest.key(2)}, ...`);
  return `${spec.name}(${fixed.join(", ")})`;
}

/** The arity, literal whole numbers where the function takes them, and the function's own check. */
function checkArguments(spec: FunctionSpec, args: ReadonlyArray<Expression | null>, fail: (reason: string) => ExpressionError): void {
  checkArity(spec, args, fail);
  spec.params.forEach((p, i) => {
    const text = literal(args[i]);
    if (p.integer && text !== undefined && parseInteger(text) === undefined) {
      throw fail(`${spec.name}: argument ${i + 1} (${p.key}) is ${JSON.stringify(text)}; expected a whole number`);
    }
  });
  const problem = spec.check?.(args);
  if (problem !== undefined) throw fail(problem);
}

function checkArity(spec: FunctionSpec, args: ReadonlyArray<Expression | null>, fail: (reason: string) => ExpressionError): void {
  const fixed = spec.params.length;
  if (!spec.rest && args.length > fixed) {
    throw fail(
      fixed === 0
        ? `${spec.name} takes no arguments; got ${args.length}`
        : `${spec.name} takes at most ${fixed} argument${fixed === 1 ? "" : "s"}; got ${args.length}; expected ${signature(spec)}`,
    );
  }
  spec.params.forEach((p, i) => {
    if (!p.optional && (i >= args.length || args[i] === null)) {
      throw fail(`${spec.name}: argument ${i + 1} (${p.key}) is missing; expected ${signature(spec)}`);
    }
  });
  if (spec.rest) {
    const rest = args.slice(fixed);
    if (rest.length < spec.rest.min) {
      throw fail(`${spec.name} needs at least ${fixed + spec.rest.min} arguments; got ${args.length}; expected ${signature(spec)}`);
    }
    const empty = rest.findIndex((a) => a === null);
    if (empty >= 0) throw fail(`${spec.name}: argument ${fixed + empty + 1} is empty; expected ${signature(spec)}`);
    if (spec.rest.pairs && rest.length % 2 !== 0) {
      throw fail(`${spec.name} takes key/value pairs after its first ${fixed} arguments; got an odd number; expected ${signature(spec)}`);
    }
  }
}

/** Parses an expression; throws ExpressionError with the column of the first problem. */
export function parseExpression(text: string): Expression {
  return new Parser(text).parse();
}
