/**
 * The OData query options the providers and our CLIs send: `$filter` with `eq` clauses joined by
 * `and` (string literals with `''` for a quote, booleans), `$select`, `$top` with
 * `@odata.nextLink` paging (`$skiptoken`), and `@odata.context`. Anything else in `$filter`
 * (functions, `or`, `ne`, lambda operators) is refused with Graph's Request_UnsupportedQuery
 * rather than half-evaluated.
 */
import type { Request, Reply } from "../http";
import type { Json, JsonObject } from "../store";
import type { Tenant } from "../tenant";

export type Clause = { readonly property: string; readonly value: string | boolean | null };

export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses `a eq 'x' and b eq true`; throws QueryError. */
export function parseFilter(text: string): Clause[] {
  const clauses: Clause[] = [];
  let rest = text.trim();
  const clause = /^([A-Za-z][\w/]*)\s+eq\s+('(?:[^']|'')*'|true|false|null|[0-9a-fA-F-]{36})\s*/;
  for (;;) {
    const m = clause.exec(rest);
    if (!m) {
      if (/^[A-Za-z][\w/]*\s+(ne|gt|ge|lt|le|in)\s/.test(rest) || /^(startswith|endswith|contains|not)\s*\(/i.test(rest) || /\/any\(|\/all\(/.test(rest)) {
        throw new QueryError("Request_UnsupportedQuery", "Unsupported Query.");
      }
      throw new QueryError("BadRequest", `Invalid filter clause: syntax error at '${rest.slice(0, 40)}'.`);
    }
    const raw = m[2];
    const value = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw === "true" ? true : raw === "false" ? false : raw === "null" ? null : raw;
    clauses.push({ property: m[1], value });
    rest = rest.slice(m[0].length);
    if (rest === "") return clauses;
    const and = /^and\s+/i.exec(rest);
    if (!and) {
      if (/^or\s/i.test(rest)) throw new QueryError("Request_UnsupportedQuery", "Unsupported Query.");
      throw new QueryError("BadRequest", `Invalid filter clause: syntax error at '${rest.slice(0, 40)}'.`);
    }
    rest = rest.slice(and[0].length);
  }
}

/** Directory string comparisons are case-insensitive (userPrincipalName, displayName, appId). */
function equal(actual: Json | undefined, expected: string | boolean | null): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === "boolean") return actual === expected;
  return typeof actual === "string" && actual.toLowerCase() === expected.toLowerCase();
}

/**
 * Filters `items` by `$filter`, allowing only `filterable` properties (Graph refuses a filter on a
 * property it does not index with Request_UnsupportedQuery).
 */
export function applyFilter(items: JsonObject[], req: Request, filterable: readonly string[]): JsonObject[] {
  const text = req.query.get("$filter");
  if (text === null) return items;
  const clauses = parseFilter(text);
  for (const c of clauses) {
    if (!filterable.some((p) => p.toLowerCase() === c.property.toLowerCase())) {
      throw new QueryError("Request_UnsupportedQuery", `Unsupported or invalid query filter clause specified for property '${c.property}'.`);
    }
  }
  return items.filter((item) =>
    clauses.every((c) => {
      const key = Object.keys(item).find((k) => k.toLowerCase() === c.property.toLowerCase());
      return equal(key === undefined ? undefined : item[key], c.value);
    }),
  );
}

/** `$select=a,b`: only those properties (and `id`), as Graph returns them. */
export function applySelect(item: JsonObject, req: Request): JsonObject {
  const text = req.query.get("$select");
  if (!text) return item;
  const wanted = new Set(text.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean));
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(item)) if (k === "id" || wanted.has(k.toLowerCase()) || k.startsWith("@odata.")) out[k] = v;
  // A selected property the object does not carry is returned as null.
  for (const w of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (!Object.keys(out).some((k) => k.toLowerCase() === w.toLowerCase())) out[w] = null;
  }
  return out;
}

export function contextUrl(req: Request, fragment: string): string {
  return `${req.origin}/${req.version ?? "v1.0"}/$metadata#${fragment}`;
}

/** Properties whose name starts with `_` are the store's own bookkeeping, never returned. */
export function visible(item: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(item)) if (!k.startsWith("_")) out[k] = v;
  return out;
}

export function entity(req: Request, entitySet: string, item: JsonObject): Reply {
  return { status: 200, body: { "@odata.context": contextUrl(req, `${entitySet}/$entity`), ...applySelect(visible(item), req) } };
}

/** Graph's default page size for directory collections; `$top` may ask for 1 to 999. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 999;

/**
 * One page of a collection with `@odata.nextLink` when more remain. The next link carries the
 * same query plus `$skiptoken` (an opaque offset), on the origin the client called.
 */
export function collection(req: Request, tenant: Tenant, contextFragment: string, items: JsonObject[], select = true): Reply {
  const topText = req.query.get("$top");
  let top = DEFAULT_PAGE_SIZE;
  if (topText !== null) {
    const n = Number(topText);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) return tenant.badRequest(req, `Invalid page size specified: '${topText}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
    top = n;
  }
  let offset = 0;
  const token = req.query.get("$skiptoken");
  if (token !== null) {
    const parsed = /^o(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
    if (!parsed) return tenant.badRequest(req, "Invalid $skiptoken value.", "Request_BadRequest");
    offset = Number(parsed[1]);
  }
  const page = items.slice(offset, offset + top).map((i) => (select ? applySelect(visible(i), req) : visible(i)));
  const body: Record<string, unknown> = { "@odata.context": contextUrl(req, contextFragment) };
  if (offset + top < items.length) {
    const next = new URLSearchParams(req.query);
    next.set("$skiptoken", Buffer.from(`o${offset + top}`).toString("base64url"));
    body["@odata.nextLink"] = `${req.origin}/${req.version}${req.path}?${next.toString()}`;
  }
  body.value = page;
  return { status: 200, body };
}

/** Runs a handler body, turning QueryError into Graph's 400. */
export function withQuery(req: Request, tenant: Tenant, run: () => Reply): Reply {
  try {
    return run();
  } catch (err) {
    if (err instanceof QueryError) return tenant.badRequest(req, err.message, err.code);
    throw err;
  }
}
