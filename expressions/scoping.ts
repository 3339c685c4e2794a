/**
 * Scoping filters as Entra evaluates them (Microsoft Learn, "Scoping users or groups to be
 * provisioned with scoping filters", define-conditional-rules-for-provisioning-user-accounts.md,
 * ms.date 03/04/2025; Graph's filter, filterGroup and filterClause resources): the clauses of a
 * group are AND-ed, the groups are OR-ed; no group at all puts every object in scope.
 *
 * Documented behaviour:
 * - "Scoping filters will return false if the value is null / empty" (IS NULL, which tests for
 *   exactly that, is the exception; NOT REGEX MATCH's own line says it too);
 * - EQUALS, NOT EQUALS, Includes and REGEX MATCH are case-sensitive; Greater_Than and
 *   Greater_Than_OR_EQUALS take integers on both sides;
 * - "Filtering is not supported for multi-valued attributes."
 * Choices where the page is silent (UNCONFIRMED):
 * - a multi-valued attribute is compared value by value, all values having to satisfy the clause:
 *   Graph's filterOperatorSchema.multivaluedComparisonType defaults to All;
 * - several targetOperand values: a positive operator holds when any value satisfies it, a
 *   negative one (NOT EQUALS, NOT REGEX MATCH, !&) when none does;
 * - `&` ("the evaluated attribute exists in the input string value") and `!&` test whether the
 *   attribute's value is a substring of the clause's value, case-sensitively;
 * - ENDS_WITH is case-sensitive like the other string operators;
 * - IS TRUE / IS FALSE accept a boolean or the text True/False in any case;
 * - an operator the page does not list (Less_Than, IS MEMBER OF, ...) is refused with an error
 *   rather than evaluated by guess.
 */
import { isMatch } from "./dotnet-regex";
import { EvaluationError } from "./errors";
import { lookup } from "./lookup";
import type { FilterClause, FilterGroup, ScopeResult, SourceRecord } from "./types";
import { asTexts, boolText, DateTimeValue, type Val } from "./values";

type Test = (value: string, operand: string, where: string) => boolean;

const INTEGER = /^\s*[+-]?\d+\s*$/;
const integers = (a: string, b: string): [number, number] | undefined => (INTEGER.test(a) && INTEGER.test(b) ? [Number(a), Number(b)] : undefined);

interface OperatorDef {
  readonly unary: boolean;
  /** A negative operator holds when no operand value satisfies `test`. */
  readonly negative?: boolean;
  readonly test: Test;
}

const truthy = (v: string) => v.trim().toLowerCase() === "true";
const falsy = (v: string) => v.trim().toLowerCase() === "false";

/** The operators of Microsoft's page, by the names the job schema stores (Graph's operatorName). */
const OPERATORS: Readonly<Record<string, OperatorDef>> = {
  "&": { unary: false, test: (v, o) => o.includes(v) },
  "!&": { unary: false, negative: true, test: (v, o) => o.includes(v) },
  ENDS_WITH: { unary: false, test: (v, o) => v.endsWith(o) },
  EQUALS: { unary: false, test: (v, o) => v === o },
  Greater_Than: { unary: false, test: (v, o) => ((n) => n !== undefined && n[0] > n[1])(integers(v, o)) },
  Greater_Than_OR_EQUALS: { unary: false, test: (v, o) => ((n) => n !== undefined && n[0] >= n[1])(integers(v, o)) },
  Includes: { unary: false, test: (v, o) => v.includes(o) },
  "IS FALSE": { unary: true, test: (v) => falsy(v) },
  "IS NOT NULL": { unary: true, test: () => true },
  "IS NULL": { unary: true, test: () => false },
  "IS TRUE": { unary: true, test: (v) => truthy(v) },
  "NOT EQUALS": { unary: false, negative: true, test: (v, o) => v === o },
  "NOT REGEX MATCH": { unary: false, negative: true, test: (v, o, where) => isMatch(o, v, where) },
  "REGEX MATCH": { unary: false, test: (v, o, where) => isMatch(o, v, where) },
};

/** The operator names evaluateScopingFilter knows (Graph filterOperatorType names). */
export const SCOPING_OPERATORS: readonly string[] = Object.keys(OPERATORS);

/** The attribute's values as text; none for null, the empty string and an empty list. */
function valuesOf(v: Val, where: string): string[] {
  if (typeof v === "boolean") return [boolText(v)];
  if (v instanceof DateTimeValue) return [v.toString()];
  return asTexts(v, where).filter((s) => s !== "");
}

function describeClause(c: FilterClause): string {
  const values = c.targetOperand?.values ?? [];
  return `${c.sourceOperandName} ${c.operatorName}${values.length > 0 ? ` ${values.map((v) => JSON.stringify(v)).join(", ")}` : ""}`;
}

/** Whether one clause holds for the object; throws EvaluationError for an operator Microsoft does not document. */
export function clauseHolds(clause: FilterClause, source: SourceRecord, where = "scoping filter"): boolean {
  const op = OPERATORS[clause.operatorName];
  const here = `${where}: ${describeClause(clause)}`;
  if (op === undefined) {
    throw new EvaluationError(`${here}: operator ${JSON.stringify(clause.operatorName)} is not one Microsoft documents for scoping filters; expected one of ${SCOPING_OPERATORS.map((o) => JSON.stringify(o)).join(", ")}`);
  }
  const values = valuesOf(lookup(source, clause.sourceOperandName), here);
  if (clause.operatorName === "IS NULL") return values.length === 0;
  if (values.length === 0) return false;
  if (op.unary) return values.every((v) => op.test(v, "", here));
  const operands = clause.targetOperand?.values ?? [];
  if (operands.length === 0) throw new EvaluationError(`${here}: operator ${clause.operatorName} needs a value to compare with; the clause has none`);
  return values.every((v) => {
    const any = operands.some((o) => op.test(v, o, here));
    return op.negative ? !any : any;
  });
}

/**
 * Scoping filter groups over one object (Graph's `scope.groups`, or the `scope` object itself; its
 * experimental inputFilterGroups and categoryFilterGroups are not evaluated): in scope when every clause of
 * some group holds, naming the first such group; out of scope with, for each group, its first
 * clause that does not hold. No groups (null, or an empty list) = every object is in scope.
 */
export function evaluateScopingFilter(
  filter: readonly FilterGroup[] | { readonly groups?: readonly FilterGroup[] | null } | null | undefined,
  source: SourceRecord,
): ScopeResult {
  // An object mapping's whole `scope` ({ groups, inputFilterGroups, categoryFilterGroups }) or its groups.
  const filterGroups = filter === null || filter === undefined ? [] : Array.isArray(filter) ? (filter as readonly FilterGroup[]) : ((filter as { groups?: readonly FilterGroup[] | null }).groups ?? []);
  if (filterGroups.length === 0) return { inScope: true };
  const failures: string[] = [];
  for (const group of filterGroups) {
    const where = `scoping filter ${JSON.stringify(group.name)}`;
    const failed = group.clauses.find((c) => !clauseHolds(c, source, where));
    if (failed === undefined) return { inScope: true, group: group.name };
    failures.push(`${JSON.stringify(group.name)}: ${describeClause(failed)} does not hold`);
  }
  return { inScope: false, reason: failures.join("; ") };
}
