/**
 * The steps the --deep tests are made of: create (ledger first), read back, PATCH, filter, delete
 * and prove gone, each turning an answer into a verdict with what to fix.
 */
import { find, isProbe, remove } from "./cleanup";
import { call, type DeepContext, ERROR_SCHEMA, expectStatus, Fail, idOf, listOf, type Resource, sameValue } from "./context";
import type { ProbeResponse } from "../http";
import { filterString } from "./patch-form";
import type { Pass } from "./plan";
import { type ProbeObject, readTarget, segments } from "./probe-objects";

export const USER_PATH = (ctx: DeepContext) => `Users/${encodeURIComponent(ctx.user!.id)}`;
export const GROUP_PATH = (ctx: DeepContext) => `Groups/${encodeURIComponent(ctx.group!.id)}`;

/**
 * POSTs a probe object, ledger first: the entry is written before the request goes out, and what
 * the answer proves after it (cleanup.ts), whatever happens in between.
 * @param proven whether an id in a 2xx answer is enough to call the object ours. @default true
 */
export async function post(ctx: DeepContext, resource: Resource, probe: ProbeObject, proven = true): Promise<ProbeResponse> {
  const entry = ctx.ledger.intend(resource, { attribute: probe.matchingAttribute, value: probe.matchingValue });
  let r: ProbeResponse;
  try {
    r = await call(ctx, "POST", resource, { body: probe.resource });
  } catch (err) {
    ctx.ledger.answered(entry, undefined);
    throw err;
  }
  ctx.ledger.answered(entry, r, proven);
  return r;
}

/** POSTs a probe object (post) and returns its id. */
export async function create(ctx: DeepContext, resource: Resource, probe: ProbeObject, what: string): Promise<{ id: string; status: number; body: unknown; warning?: string }> {
  const r = await post(ctx, resource, probe);
  expectStatus(ctx, r, [201, 200], what);
  const id = idOf(r.json);
  if (id === undefined) throw new Fail(`${what}: the answer has no "id"; Entra keeps the id the app returns to address the object later`, r.status);
  return { id, status: r.status, body: r.json, ...(r.status === 200 ? { warning: "answered 200; SCIM (RFC 7644 section 3.3) and Entra expect 201 Created" } : {}) };
}

/** GETs the probe user (or group) as the app now holds it. */
export async function read(ctx: DeepContext, path: string, what: string, query?: Record<string, string>): Promise<Record<string, unknown>> {
  const r = await call(ctx, "GET", path, { query });
  expectStatus(ctx, r, [200], what);
  if (r.json === null || typeof r.json !== "object") throw new Fail(`${what}: the answer is not a SCIM resource`, r.status);
  return r.json as Record<string, unknown>;
}

/** Targets whose value in `resource` is not what was sent. */
export function mismatches(resource: unknown, values: ReadonlyArray<readonly [string, unknown]>): string[] {
  return values.filter(([target, value]) => !sameValue(readTarget(resource, target), value)).map(([target]) => target);
}

/**
 * Targets the app did not keep on create. The 201 body SHOULD be the full resource (RFC 7644
 * section 3.3) but need not be, so what is missing there is read again with a GET before it counts.
 */
export async function keptOnCreate(ctx: DeepContext, path: string, body: unknown, sent: ReadonlyArray<readonly [string, unknown]>, query?: Record<string, string>): Promise<string[]> {
  const lost = mismatches(body, sent);
  if (lost.length === 0) return lost;
  return mismatches(await read(ctx, path, "GET after the create", query), sent);
}

export async function patch(ctx: DeepContext, path: string, body: unknown, what: string): Promise<number> {
  const r = await call(ctx, "PATCH", path, { body });
  expectStatus(ctx, r, [200, 204], what);
  return r.status;
}

/** Filters users or groups on one attribute; returns the ids found. */
export async function filterIds(ctx: DeepContext, resource: Resource, attribute: string, value: string, what: string): Promise<{ ids: string[]; status: number; resources: Array<Record<string, unknown>> }> {
  const query: Record<string, string> = { filter: `${attribute} eq ${filterString(value)}` };
  if (resource === "Groups") query.excludedAttributes = "members";
  const r = await call(ctx, "GET", resource, { query });
  expectStatus(ctx, r, [200], what);
  const list = listOf(r, what);
  return { ids: list.resources.map(idOf).filter((id): id is string => id !== undefined), status: r.status, resources: list.resources };
}

export const hasTarget = (probe: ProbeObject, attribute: string) => probe.attributes.some((a) => segments(a.target).attribute.toLowerCase() === attribute.toLowerCase() && !a.target.toLowerCase().startsWith("urn:"));


/** A 409 passes; without a SCIM error body naming "uniqueness" (RFC 7644 sections 3.3, 3.12) it warns. */
export function conflict(body: unknown): Pass {
  const error = body as { schemas?: unknown; scimType?: unknown } | null | undefined;
  if (error === null || typeof error !== "object" || !Array.isArray(error.schemas) || !error.schemas.includes(ERROR_SCHEMA)) {
    return { status: 409, warning: true, message: "rejected with 409, but the body is not a SCIM error (RFC 7644 section 3.12)" };
  }
  if (error.scimType !== "uniqueness") return { status: 409, warning: true, message: 'rejected with 409, but without scimType "uniqueness" (RFC 7644 section 3.3)' };
  return { status: 409, message: 'rejected with 409 "uniqueness"' };
}

/**
 * The duplicate tests' second POST of the same probe (ledger first, as every create). A duplicate
 * the app accepted is deleted at once, so the tests after it see one probe object (as they would
 * on a compliant app), but only when a GET shows one of this run's probes at the id it answered:
 * an app may answer a duplicate with someone else's id. Whatever is not deleted here stays in the
 * ledger for cleanup, which also looks up a duplicate answered without an id by its value.
 */
export async function postDuplicate(ctx: DeepContext, resource: Resource, probe: ProbeObject, original: string): Promise<ProbeResponse> {
  let r: ProbeResponse;
  try {
    r = await post(ctx, resource, probe, false);
  } catch (err) {
    await dropStrays(ctx, resource, probe, original);
    throw err;
  }
  const id = idOf(r.json);
  if (r.status < 200 || r.status >= 300 || id === original) return r;
  if (id === undefined) {
    await dropStrays(ctx, resource, probe, original);
    return r;
  }
  try {
    const path = `${resource}/${encodeURIComponent(id)}`;
    const shown = await call(ctx, "GET", path, resource === "Groups" ? { query: { excludedAttributes: "members" } } : {});
    if (shown.status !== 200 || !isProbe(ctx, shown.json)) return r;
    const del = await call(ctx, "DELETE", path);
    if ([200, 204].includes(del.status) && (await call(ctx, "GET", path)).status === 404) ctx.ledger.deleted(resource, id);
  } catch {
    // Cleanup tries again at the end.
  }
  return r;
}

/** A duplicate made without an id in the answer (or without an answer): found by its value, deleted. */
async function dropStrays(ctx: DeepContext, resource: Resource, probe: ProbeObject, original: string): Promise<void> {
  const found = await find(ctx, { resource, lookup: { attribute: probe.matchingAttribute, value: probe.matchingValue } });
  if (!found.usable) return;
  for (const id of found.ids) if (id !== original) await remove(ctx, resource, id);
}

export async function deleteAndProve(ctx: DeepContext, resource: Resource, id: string): Promise<Pass> {
  const path = `${resource}/${encodeURIComponent(id)}`;
  const del = await call(ctx, "DELETE", path);
  expectStatus(ctx, del, [204, 200], `DELETE /${resource}/{id}`);
  const get = await call(ctx, "GET", path);
  if (get.status !== 404) {
    throw new Fail(
      `DELETE answered ${del.status}, but GET still answers ${get.status}; the app must delete the ${resource === "Users" ? "user" : "group"} (Entra sends DELETE when it is deleted in Entra) and answer 404 afterwards`,
      get.status,
    );
  }
  ctx.ledger.deleted(resource, id);
  return { status: del.status, message: `deleted; GET then answers 404` };
}
