/**
 * Entra's default PATCH dialect, as SCIM apps built for Entra accept it.
 *
 * Without the `aadOptscim062020` flag Entra disables a user with
 * `{"op":"Replace","path":"active","value":"False"}`: the boolean as a string
 * (application-provisioning-config-problem-scim-compatibility, "Requests made to disable users").
 * scimmy, being strict, rejects a string for a boolean attribute, so the local apps do what apps
 * in the field do for Entra (zitadel relaxed its parsing for exactly this): read "True"/"False"
 * as booleans for the boolean attributes Entra writes. Capitalized ops ("Replace", "Add",
 * "Remove") need nothing: scimmy compares ops case-insensitively, as RFC 7644 and Entra's guidance
 * ask. Everything else reaches scimmy as sent.
 */
import type { NextFunction, Request, Response } from "express";

/** Boolean attributes of core User and Group that Entra's mappings write. */
const BOOLEAN_PATHS = new Set(["active"]);

function toBoolean(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  return value;
}

export function tolerateEntraPatchDialect(req: Request, _res: Response, next: NextFunction): void {
  const body = req.body as { Operations?: unknown } | undefined;
  if (req.method === "PATCH" && body && Array.isArray(body.Operations)) {
    body.Operations = body.Operations.map((operation: unknown) => {
      if (!operation || typeof operation !== "object") return operation;
      const op = operation as { path?: unknown; value?: unknown };
      if (typeof op.path === "string" && BOOLEAN_PATHS.has(op.path.toLowerCase())) return { ...op, value: toBoolean(op.value) };
      if (op.path === undefined && op.value && typeof op.value === "object" && !Array.isArray(op.value)) {
        const value = { ...(op.value as Record<string, unknown>) };
        for (const key of Object.keys(value)) if (BOOLEAN_PATHS.has(key.toLowerCase())) value[key] = toBoolean(value[key]);
        return { ...op, value };
      }
      return op;
    });
  }
  next();
}
