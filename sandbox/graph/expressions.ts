/**
 * The one place the sandbox checks an attribute-mapping expression and names the documented
 * functions and scoping operators: schema PUT calls `expressionProblem`, which answers undefined
 * (valid) or what is wrong with its column. The language is the project's shared, cdktf-free
 * parser (expressions/): Entra's documented syntax and function list, arity included.
 */
import { ExpressionError, FUNCTIONS as SPECS, parseExpression, SCOPING_OPERATORS } from "../../expressions";

/** Entra's documented function names (functions-for-customizing-application-data). */
export const FUNCTIONS: ReadonlySet<string> = new Set(SPECS.keys());

/** Scoping filter operators Entra documents (define-conditional-rules-for-provisioning-user-accounts). */
export const OPERATORS: readonly string[] = SCOPING_OPERATORS;

/** undefined when `expression` is a valid mapping expression, else what is wrong. */
export function expressionProblem(expression: string): string | undefined {
  try {
    parseExpression(expression);
    return undefined;
  } catch (err) {
    if (err instanceof ExpressionError) return err.message;
    throw err;
  }
}
