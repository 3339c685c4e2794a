/**
 * What verify reads from a SCIM server, validated with zod before any field is used: a server can
 * answer `null`, a string where a number belongs, or a list holding `null`. Each reader returns
 * the typed value or a problem sentence in verify's own words (never the server's text).
 */
import { z } from "zod";

export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
/** id, externalId and meta are common attributes of every resource (RFC 7643 section 3.1), which /Schemas does not list. */
const COMMON_ATTRIBUTES = new Set(["id", "externalid", "meta"]);

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Where zod found the first problem, as `totalResults` or `Resources[0]` (paths are our schema's keys and indexes). */
function where(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  if (path.length === 0) return "the answer";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** A JSON value's kind in words: `null`, `a string`, `a list`. */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const SchemasField = z.array(z.unknown()).refine((s) => s.includes(LIST_RESPONSE));

/** A SCIM ListResponse (RFC 7644 section 3.4.2): `schemas` names it, `totalResults` is required and a number. */
const ListResponseSchema = z.object({
  schemas: SchemasField,
  totalResults: z.number().int().nonnegative(),
  Resources: z.array(z.record(z.string(), z.unknown())).optional(),
  startIndex: z.unknown().optional(),
});
export type ListResponse = z.infer<typeof ListResponseSchema>;

/** Reads a ListResponse; the problem says which field is wrong and what it holds (its kind, not its text). */
export function readListResponse(json: unknown): Read<ListResponse> {
  const isObject = json !== null && typeof json === "object" && !Array.isArray(json);
  if (!isObject || !SchemasField.safeParse((json as { schemas?: unknown }).schemas).success) {
    return { ok: false, problem: "the answer is not a SCIM ListResponse (its schemas do not name " + LIST_RESPONSE + ")" };
  }
  const parsed = ListResponseSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const field = where(parsed.error);
  const body = json as Record<string, unknown>;
  if (field === "totalResults") {
    return { ok: false, problem: `totalResults is ${kindOf(body.totalResults)}, not a whole number; SCIM requires the number of results there (RFC 7644 section 3.4.2)` };
  }
  if (field.startsWith("Resources")) return { ok: false, problem: `${field} is ${kindOf(pick(body, parsed.error))}; Resources must be a list of resources` };
  return { ok: false, problem: `${field} is not what a ListResponse holds` };
}

/** The value at zod's first issue path. */
function pick(body: unknown, error: z.ZodError): unknown {
  let value = body;
  for (const key of error.issues[0]?.path ?? []) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[key as PropertyKey];
  return value;
}

/** /ServiceProviderConfig, only the part Entra depends on: PATCH support (RFC 7643 section 5). */
const ServiceProviderConfigSchema = z.object({
  patch: z.object({ supported: z.boolean() }).optional(),
});

export function readServiceProviderConfig(json: unknown): Read<z.infer<typeof ServiceProviderConfigSchema>> {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return { ok: false, problem: `the answer is ${kindOf(json)}, not a ServiceProviderConfig object` };
  const parsed = ServiceProviderConfigSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: `${where(parsed.error)} is ${kindOf(pick(json, parsed.error))}, not a boolean` };
}

const AttributeSchema = z.object({
  name: z.string(),
  subAttributes: z.array(z.object({ name: z.string() })).optional(),
});
const ScimSchemaSchema = z.object({
  id: z.string(),
  attributes: z.array(AttributeSchema).optional(),
});
/** /Schemas: a ListResponse of schemas, or (as some apps answer) a bare list of them. */
const SchemasAnswerSchema = z.union([z.array(ScimSchemaSchema), z.object({ Resources: z.array(ScimSchemaSchema) })]);

/** Whether the app's /Schemas lists a mapping target (`title`, `emails[type eq "work"].value`, `urn:...:User:department`). */
export type KnownTarget = (kind: "users" | "groups", target: string) => boolean;

/** Splits a mapping target into the schema it belongs to, the attribute and the sub-attribute. */
export function targetPath(target: string, kind: "users" | "groups"): { schema: string; attribute: string; sub?: string } {
  let schema = kind === "users" ? CORE_USER : CORE_GROUP;
  let rest = target;
  if (target.toLowerCase().startsWith("urn:")) {
    const cut = target.lastIndexOf(":");
    schema = target.slice(0, cut);
    rest = target.slice(cut + 1);
  }
  const m = /^([^.[]+)(?:\[[^\]]*\])?(?:\.(.+))?$/.exec(rest);
  return m ? { schema, attribute: m[1], sub: m[2] } : { schema, attribute: rest };
}

/** Reads /Schemas into a lookup of known targets; the problem says why it could not be read. */
export function readSchemas(json: unknown): Read<KnownTarget> {
  const parsed = SchemasAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const list = Array.isArray(json) ? json : (json as { Resources?: unknown } | null | undefined)?.Resources;
    if (!Array.isArray(list)) return { ok: false, problem: `the answer is ${kindOf(json)}, not a list of schemas` };
    const bad = list.findIndex((s) => !ScimSchemaSchema.safeParse(s).success);
    return { ok: false, problem: `schema [${bad}] of the list is ${kindOf(list[bad])}, not a SCIM schema (an id and named attributes)` };
  }
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.Resources;
  // An empty list says nothing about the app (every target would look unknown).
  if (list.length === 0) return { ok: false, problem: "the list of schemas is empty" };
  const byId = new Map(list.map((s) => [s.id.toLowerCase(), s]));
  return {
    ok: true,
    value: (kind, target) => {
      const path = targetPath(target, kind);
      if (path.sub === undefined && COMMON_ATTRIBUTES.has(path.attribute.toLowerCase()) && !target.toLowerCase().startsWith("urn:")) return true;
      const attribute = byId.get(path.schema.toLowerCase())?.attributes?.find((a) => a.name.toLowerCase() === path.attribute.toLowerCase());
      if (attribute === undefined) return false;
      return path.sub === undefined || (attribute.subAttributes ?? []).some((s) => s.name.toLowerCase() === path.sub?.toLowerCase());
    },
  };
}

const ErrorSchema = z.object({ schemas: z.array(z.unknown()).refine((s) => s.includes(ERROR_SCHEMA)), detail: z.string() });

/** The `detail` of a SCIM error answer (RFC 7644 section 3.12), raw: quote it only through serverText(). */
export function errorDetail(json: unknown): string | undefined {
  const parsed = ErrorSchema.safeParse(json);
  return parsed.success && parsed.data.detail.trim() !== "" ? parsed.data.detail : undefined;
}
