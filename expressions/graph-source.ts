/**
 * Prints Graph's attributeMappingSource tree (graph-sync.md section 1: type Attribute / Constant /
 * Function with keyed parameters) as the expression text the portal shows and parser.ts
 * parses: `[mail]`, `"Sales"`, `Join(" ", [givenName], [surname])`,
 * `Replace([mail], "@contoso.com", , , "")`.
 *
 * Graph names each parameter and leaves omitted optional ones out, so positions come from the
 * function's signature (functions.ts). Where a key is not one the catalog knows
 * (only a few keys are confirmed, see functions.ts), the source's own `expression` text decides
 * the positions when it agrees with the tree, else the parameters are taken in order.
 */
import { ExpressionError, parseExpression, type Expression } from "./parser";
import { ENUM_CONSTANTS, FUNCTIONS, type FunctionSpec } from "./functions";
import type { AttributeMappingSource as GraphSourceIn } from "./types";

/** A source the expression syntax cannot carry; the message names what. */
export class UnprintableSource extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnprintableSource";
  }
}

const COMPARISONS = new Set(["=", "<>", ">", ">=", "<", "<="]);
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** The expression text of a source; throws UnprintableSource. */
export function printSource(source: GraphSourceIn): string {
  return print(source, 0);
}

function print(s: GraphSourceIn, depth: number): string {
  if (depth > 40) throw new UnprintableSource("nests deeper than 40 levels");
  const type = s.type ?? "Attribute";
  const name = s.name ?? "";
  switch (type) {
    case "Attribute":
      if (name === "" || /[[\]\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name) || name.trim() !== name) {
        throw new UnprintableSource(`attribute name ${JSON.stringify(name)} cannot be written as [name]`);
      }
      return `[${name}]`;
    case "Constant":
      if (ENUM_CONSTANTS.has(name) || NUMBER.test(name)) return name;
      return `"${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    case "Function":
      return printFunction(s, name, depth);
    default:
      throw new UnprintableSource(`source type ${JSON.stringify(type)} is not Attribute, Constant or Function`);
  }
}

function printFunction(s: GraphSourceIn, name: string, depth: number): string {
  const params = s.parameters ?? [];
  if (COMPARISONS.has(name)) {
    // The comparison form constructs/schema/expression.ts sends (UNCONFIRMED how Graph returns one).
    const left = params.find((p) => p.key === "left");
    const right = params.find((p) => p.key === "right");
    if (!left || !right || params.length !== 2) throw new UnprintableSource(`comparison "${name}" does not have exactly a left and a right operand`);
    return `${print(left.value, depth + 1)} ${name} ${print(right.value, depth + 1)}`;
  }
  const spec = FUNCTIONS.get(name);
  if (!spec) throw new UnprintableSource(`function ${JSON.stringify(name)} is not in Entra's function reference`);
  const positions = byKey(spec, params) ?? byOwnText(s, spec, params.length) ?? params.map((_, i) => i);
  const slots: Array<string | null> = [];
  params.forEach((p, i) => {
    slots[positions[i]] = print(p.value, depth + 1);
  });
  for (let i = 0; i < slots.length; i++) if (slots[i] === undefined) slots[i] = null;
  return `${spec.name}(${slots.map((a) => a ?? "").join(", ")})`;
}

/** Positions from the parameter keys, when every key is one the signature names (each once). */
function byKey(spec: FunctionSpec, params: NonNullable<GraphSourceIn["parameters"]>): number[] | undefined {
  const fixed = spec.params.map((p) => p.key.toLowerCase());
  const positions: number[] = [];
  for (const p of params) {
    const key = p.key.toLowerCase();
    let at = fixed.indexOf(key);
    if (at < 0 && spec.rest) {
      for (let n = 1; n <= params.length; n++) {
        if (spec.rest.key(n).toLowerCase() === key) {
          at = fixed.length + n - 1;
          break;
        }
      }
    }
    if (at < 0 || positions.includes(at)) return undefined;
    positions.push(at);
  }
  return positions;
}

/** Positions of the arguments the source's own `expression` text writes, when it agrees with the tree. */
function byOwnText(s: GraphSourceIn, spec: FunctionSpec, count: number): number[] | undefined {
  if (!s.expression) return undefined;
  let parsed: Expression;
  try {
    parsed = parseExpression(s.expression);
  } catch (err) {
    if (err instanceof ExpressionError) return undefined;
    throw err;
  }
  if (parsed.kind !== "call" || parsed.name !== spec.name) return undefined;
  const given = parsed.args.map((a, i) => (a === null ? -1 : i)).filter((i) => i >= 0);
  return given.length === count ? given : undefined;
}
