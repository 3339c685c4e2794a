/**
 * Scoping-filter operators, spelled as Graph's filter clauses carry them in `operatorName`
 * (graph-sync.md section 2, from the Entra scoping-filter doc). EQUALS, IS FALSE, REGEX MATCH and
 * NOT REGEX MATCH are seen in JSON; the other spellings are the portal's and UNCONFIRMED as wire
 * values (GET .../schema/filterOperators is authoritative).
 */

export interface OperatorSpec {
  readonly name: string;
  /** Unary operators take no value; binary ones exactly one. */
  readonly arity: "unary" | "binary";
  /** For reviewers: the operator in words. */
  readonly words: string;
}

const SPECS: OperatorSpec[] = [
  { name: "&", arity: "binary", words: "is found in" },
  { name: "!&", arity: "binary", words: "is not found in" },
  { name: "ENDS_WITH", arity: "binary", words: "ends with" },
  { name: "EQUALS", arity: "binary", words: "equals" },
  { name: "Greater_Than", arity: "binary", words: "is greater than" },
  { name: "Greater_Than_OR_EQUALS", arity: "binary", words: "is greater than or equal to" },
  { name: "Includes", arity: "binary", words: "includes" },
  { name: "IS FALSE", arity: "unary", words: "is false" },
  { name: "IS NOT NULL", arity: "unary", words: "is not empty" },
  { name: "IS NULL", arity: "unary", words: "is empty" },
  { name: "IS TRUE", arity: "unary", words: "is true" },
  { name: "NOT EQUALS", arity: "binary", words: "does not equal" },
  { name: "NOT REGEX MATCH", arity: "binary", words: "does not match regex" },
  { name: "REGEX MATCH", arity: "binary", words: "matches regex" },
];

export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(SPECS.map((s) => [s.name, s]));

/** Every operator name, quoted, for messages. */
export const OPERATOR_LIST = SPECS.map((s) => `"${s.name}"`).join(", ");
