/**
 * Stack and app ids are identifiers, not text: a stack id names a directory under cdktf.out and a
 * Terraform state, an app id names resources, the token variable (`TF_VAR_<id>_secret_token`) and
 * appears in plan messages. They are checked here, before the construct exists, so a bad or
 * duplicate id is one house-format line instead of the constructs library's stack trace.
 */
import type { Construct } from "constructs";
import { ValidationError } from "./errors";

/** Letters, digits, `-` and `_`, starting with a letter or digit, at most 64 characters. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** An id as it may be printed in a `<stack>/<app>` prefix: no control characters, short. */
function printable(id: unknown): string {
  const text = typeof id === "string" ? id : String(id);
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
  return safe.length > 64 ? `${safe.slice(0, 61)}...` : safe;
}

/** `<stack>` or `<stack>/<app>` of a scope, as errors.ts prints it. */
function scopePath(scope: Construct): string {
  return scope.node.scopes
    .slice(1)
    .map((s) => s.node.id)
    .join("/");
}

/**
 * Returns `id` when it is a valid, unused id for a `kind` directly under `scope`; throws a
 * ValidationError naming the problem otherwise.
 */
export function checkedId(scope: Construct, id: string, kind: "stack" | "app"): string {
  const parent = scopePath(scope);
  const where = parent ? `${parent}/${printable(id)}` : printable(id);
  const example = kind === "stack" ? '"contoso-prod"' : '"iprova"';
  if (typeof id !== "string" || !ID.test(id)) {
    const shown = typeof id === "string" && id.length <= 80 ? JSON.stringify(id) : `a ${typeof id === "string" ? `${id.length}-character string` : typeof id}`;
    throw new ValidationError(where, [
      {
        field: "id",
        message: `${shown} is not a valid ${kind} id; expected 1-64 letters, digits, "-" or "_" starting with a letter or digit, e.g. ${example} (it names ${kind === "stack" ? "the stack's directory and state" : "resources and the token variable"})`,
      },
    ]);
  }
  if (scope.node.tryFindChild(id) !== undefined) {
    const container = kind === "stack" ? "this app" : "this stack";
    throw new ValidationError(where, [
      { field: "id", message: `"${id}" is already used by another construct in ${container}; expected a unique ${kind} id` },
    ]);
  }
  return id;
}
