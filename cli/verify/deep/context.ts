/**
 * What every --deep test shares for one app: the connection, the PATCH dialect, the objects made so
 * far, and the few helpers that turn an HTTP answer into a verdict an admin can act on.
 */
import type { Agent } from "undici";
import type { AppManifest } from "../../../manifest/schema";
import { appSays, endpoint } from "../checks";
import { type HttpOptions, type ProbeResponse, type ScimRequest, sendScim } from "../http";
import type { Ledger } from "./cleanup";
import { readListResponse, type KnownTarget } from "../scim-json";
import type { Secrets } from "../shown";
import type { PatchForm } from "./patch-form";
import type { ProbeObject } from "./probe-objects";

export { ERROR_SCHEMA, LIST_RESPONSE } from "../scim-json";

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
  /** The run's secrets (every token read, URL credentials): what printed server text is redacted of. */
  readonly secrets: Secrets;
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
  if (r.status >= 500) throw new Fail(`${what}: server error (${r.status}); the app must accept this request (see its logs), Entra sends the same${appSays(r, ctx.secrets)}`, r.status);
  throw new Fail(`${what}: answered ${r.status}; expected ${expected.join(" or ")}${appSays(r, ctx.secrets)}`, r.status);
}

/** The resource list of a ListResponse (validated by scim-json), or a failure naming what is wrong with it. */
export function listOf(r: ProbeResponse, what: string): { total: number; resources: Array<Record<string, unknown>>; startIndex?: unknown } {
  const list = readListResponse(r.json);
  if (!list.ok) throw new Fail(`${what}: ${list.problem}; Entra reads query results as a ListResponse`, r.status);
  return { total: list.value.totalResults, resources: list.value.Resources ?? [], startIndex: list.value.startIndex };
}

/** The `id` of a returned resource, or undefined. */
export function idOf(resource: unknown): string | undefined {
  const id = (resource as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id !== "" ? id : typeof id === "number" ? String(id) : undefined;
}

/** The same value as Entra would compare it: booleans in any of their spellings, the rest as text. */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "boolean") return actual === expected || (typeof actual === "string" && actual.toLowerCase() === String(expected));
  return actual !== undefined && actual !== null && String(actual) === String(expected);
}
