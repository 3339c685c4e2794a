/**
 * Request bodies: JSON parsed, OData instance annotations (`@odata.type`, `@odata.context`, which
 * SDKs and a GET-merge-PUT send back) set aside, and the rest validated with zod. A body Graph
 * would not accept is Graph's 400 BadRequest with one line naming the property.
 */
import { z } from "zod";
import type { Request, Reply } from "../http";
import type { Tenant } from "../tenant";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

function withoutAnnotations(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !k.startsWith("@odata.")));
}

export function parseBody<T>(req: Request, tenant: Tenant, schema: z.ZodType<T>, options: { optional?: boolean } = {}): Parsed<T> {
  let raw: unknown;
  if (req.text.trim() === "") {
    if (!options.optional) return { ok: false, reply: tenant.error(req, 400, "BadRequest", "Empty Payload. JSON content expected.") };
    raw = {};
  } else {
    try {
      raw = JSON.parse(req.text);
    } catch {
      return { ok: false, reply: tenant.error(req, 400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.") };
    }
  }
  const parsed = schema.safeParse(withoutAnnotations(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join(".") : "body";
    return { ok: false, reply: tenant.error(req, 400, "BadRequest", `Invalid request body: ${where}: ${issue.message}`) };
  }
  return { ok: true, value: parsed.data };
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string): boolean => GUID.test(s);
