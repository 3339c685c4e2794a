/**
 * User-caused errors are one line each: `<stack>/<app>: <field>: what is wrong; what is expected`.
 * All problems of one props bag are collected and thrown together, so a user fixes them in one pass.
 *
 * Guardrails throw from a construct's constructor, which runs in the user's own program (at the
 * top level of main.ts), outside anything this library could wrap, and whatever App the user
 * constructs: ours, or cdktf's own (`import { App } from "cdktf"`, as every cdktf tutorial
 * writes). So the first ValidationError of a process (and the first EntraTenantStack, for the
 * constructs library's duplicate-id error) registers an `uncaughtException` and
 * `unhandledRejection` handler: a user error prints its lines and exits 1, without a stack trace
 * or a dump of the error's fields; anything else is printed as Node prints it (with its stack:
 * that is a bug to report) and also exits 1. A program that catches the error never sees the
 * handler act. Jest workers are left alone: jest reports errors itself.
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
    installOneLineErrors();
  }
}

/** One line for a user error, or undefined when the error is not one. */
export function oneLineError(err: unknown): string | undefined {
  if (err instanceof ValidationError) return err.message;
  // constructs 10: `There is already a Construct with name 'x' in EntraTenantStack [prod]`.
  const duplicate = err instanceof Error ? /^There is already a Construct with name '(.*)' in \S+ \[(.*)\]$/.exec(err.message) : null;
  if (duplicate) {
    const [, name, scope] = duplicate;
    return `${scope}/${name}: id: "${name}" is already used by another construct in ${scope}; expected a unique id`;
  }
  return undefined;
}

let installed = false;

/** Makes an uncaught user error one line and exit 1 (see the top of this file). Idempotent. */
export function installOneLineErrors(): void {
  if (installed || process.env.JEST_WORKER_ID !== undefined) return;
  installed = true;
  const report = (err: unknown) => {
    const line = oneLineError(err);
    process.stderr.write(`${line ?? (err instanceof Error ? (err.stack ?? String(err)) : String(err))}\n`);
    process.exit(1);
  };
  process.on("uncaughtException", report);
  // An app written as `async function main() { ... }` fails by rejection instead.
  process.on("unhandledRejection", report);
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
