/** An expression that cannot be evaluated over this input (a bad date, a non-number): one line. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluationError";
  }
}
