/**
 * User-caused errors are one line each: `<stack>/<app>: <field>: what is wrong; what is expected`.
 * All problems of one props bag are collected and thrown together, so a user fixes them in one pass.
 */
import type { IConstruct } from "constructs";
import type { z } from "zod";

/** One problem with one field of a props bag. */
export interface Problem {
  /** Prop path as the user wrote it, e.g. `assignments[0].role`, `connector.siteName`. */
  readonly field: string;
  /** `what is wrong; what is expected`. Never contains a secret value. */
  readonly message: string;
}

/** Thrown at construction when props are invalid; its message is one line per problem. */
export class ValidationError extends Error {
  public readonly problems: readonly Problem[];
  public readonly where: string;

  constructor(where: string, problems: readonly Problem[]) {
    super(problems.map((p) => `${where}: ${p.field}: ${p.message}`).join("\n"));
    this.name = "ValidationError";
    this.where = where;
    this.problems = problems;
  }
}

/** `<stack>/<app>` for a construct: the stack's id and the construct's id below it. */
export function userPath(scope: IConstruct): string {
  const scopes = scope.node.scopes;
  // scopes[0] is the App, scopes[1] the stack; the rest is the construct path inside the stack.
  return scopes
    .slice(1)
    .map((s) => s.node.id)
    .join("/");
}

/** Renders a zod path (`["assignments", 0, "role"]`) as the user writes it: `assignments[0].role`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

/** Turns zod issues into problems; our schemas carry their own messages in the house format. */
export function zodProblems(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): Problem[] {
  return error.issues.map((issue) => ({
    field: fieldPath([...prefix, ...issue.path]) || "(props)",
    message: issue.message,
  }));
}

/** Throws a ValidationError for `scope` when there is any problem. */
export function throwIfProblems(scope: IConstruct, problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ValidationError(userPath(scope), problems);
}
