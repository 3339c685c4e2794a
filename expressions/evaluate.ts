import type { Expression } from "./parser";
import type { EvalValue, EvaluateOptions, SourceRecord } from "./types";

/** An expression that cannot be evaluated over this input (a bad date, a non-number): one line. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluationError";
  }
}

/** Evaluates an expression (parsed, or text) over one object's source attributes. */
export function evaluateExpression(expression: Expression | string, source: SourceRecord, options: EvaluateOptions = {}): EvalValue {
  void expression, source, options;
  throw new EvaluationError("evaluateExpression: not implemented yet");
}
