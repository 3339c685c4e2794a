/**
 * What every --deep test shares for one app: the connection, the PATCH dialect, the objects made so
 * far, and the few helpers that turn an HTTP answer into a verdict an admin can act on.
 */
import type { Agent } from "undici";
import type { AppManifest } from "../../../manifest/schema";
import { endpoint } from "../checks";
import { type HttpOptions, type ProbeResponse, type ScimRequest, sendScim } from "../http";
import type { Ledger } from "./cleanup";
import type { KnownTarget } from "./discover";
import type { PatchForm } from "./patch-form";
import type { ProbeObject } from "./probe-objects";

export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type Resource = "Users" | "Groups";

/** An object the run made in the app, with the id the app gave it. */
export interface Made {
  readonly id: string;
  readonly probe: ProbeObject;
}

export interface DeepContext {
  readonly app: AppManifest;
  readonly token: string;
  readonly agent: Agent;
  readonly http: HttpOptions;
  readonly form: PatchForm;
  readonly ledger: Ledger;
  /** The random part of every probe name in this run. */
  readonly tag: string;
  /** What the app's /Schemas lists, when served: extra probe users leave out the same defaults. */
  readonly known?: KnownTarget;
  readonly userProbe: ProbeObject;
  readonly groupProbe?: ProbeObject;
  user?: Made;
  group?: Made;
  /** The probe user is a member of the probe group (set by group-member-add). */
  member?: boolean;
  /** Ids of the two manager users (made by the first manager test). */
  managers?: string[];
}

/** A test's verdict when it fails: the message says what to fix. */
export class Fail extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = "Fail";
  }
}

/** One request to the app, under the tenant URL (keeping its query, e.g. a compatibility flag). */
export function call(ctx: DeepContext, method: ScimRequest["method"], path: string, options: { body?: unknown; query?: Record<string, string> } = {}): Promise<ProbeResponse> {
  return sendScim(ctx.agent, endpoint(ctx.app.tenantUrl, path, options.query), ctx.token, ctx.http, { method, body: options.body });
}

/** Fails unless the status is one of `expected`, with what the status means for the admin. */
export function expectStatus(ctx: DeepContext, r: ProbeResponse, expected: readonly number[], what: string): void {
  if (expected.includes(r.status)) return;
  if (r.status === 401 || r.status === 403) {
    throw new Fail(`${what}: token rejected (${r.status}); check that ${ctx.app.tokenEnv} holds the app's current token and that its account may create and change accounts`, r.status);
  }
  if (r.status >= 500) throw new Fail(`${what}: server error (${r.status}); the app must accept this request (see its logs), Entra sends the same`, r.status);
  throw new Fail(`${what}: answered ${r.status}; expected ${expected.join(" or ")}`, r.status);
}

/** The resource list of a ListResponse, or a failure naming what is wrong with it. */
export function listOf(r: ProbeResponse, what: string): { total: number; resources: Array<Record<string, unknown>>; startIndex?: unknown } {
  const body = r.json as { schemas?: unknown; totalResults?: unknown; Resources?: unknown; startIndex?: unknown } | undefined;
  if (body === undefined || body === null || typeof body !== "object" || !Array.isArray(body.schemas) || !body.schemas.includes(LIST_RESPONSE)) {
    throw new Fail(`${what}: the answer is not a SCIM ListResponse; Entra reads query results as one`, r.status);
  }
  if (typeof body.totalResults !== "number") throw new Fail(`${what}: the ListResponse has no numeric totalResults`, r.status);
  const resources = body.Resources === undefined ? [] : body.Resources;
  if (!Array.isArray(resources) || resources.some((x) => x === null || typeof x !== "object")) {
    throw new Fail(`${what}: the ListResponse's Resources is not a list of resources`, r.status);
  }
  return { total: body.totalResults, resources: resources as Array<Record<string, unknown>>, startIndex: body.startIndex };
}

/** The `id` of a returned resource, or undefined. */
export function idOf(resource: unknown): string | undefined {
  const id = (resource as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id !== "" ? id : typeof id === "number" ? String(id) : undefined;
}

/** Server-chosen text made safe to print: no control characters, no token, short. */
export function serverText(value: string, token: string): string {
  // eslint-disable-next-line no-control-regex
  let text = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  if (token.length >= 4) text = text.split(token).join("***");
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

/** The same value as Entra would compare it: booleans in any of their spellings, the rest as text. */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "boolean") return actual === expected || (typeof actual === "string" && actual.toLowerCase() === String(expected));
  return actual !== undefined && actual !== null && String(actual) === String(expected);
}
