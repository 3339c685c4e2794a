/**
 * The checks verify runs against one app, in the order Entra would hit the endpoint:
 * - connection: Entra's Test Connection, `GET /Users?filter=<matching attribute> eq "<random GUID>"`
 *   must answer 200 with an empty ListResponse (graph-sync.md section 7);
 * - users-filter: Entra also looks users up by externalId; the endpoint must filter on it;
 * - groups-filter: where groups are provisioned, `GET /Groups?filter=displayName eq "..."` with
 *   `excludedAttributes=members`;
 * - service-provider-config: read where served (a warning where not); PATCH must be supported;
 * - schemas: where /Schemas is served, every target attribute the declared mappings write must exist there
 *   (the app's template mappings are the vendor's and are not in the manifest).
 */
import { randomUUID } from "node:crypto";
import type { Agent } from "undici";
import type { AppManifest } from "../../manifest/schema";
import { getScim, type HttpOptions, ProbeError, type ProbeResponse } from "./http";

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** Passed with a reservation (e.g. an optional endpoint not served). */
  readonly warning?: boolean;
  readonly status?: number;
  readonly ms: number;
  readonly message: string;
}

const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const COMMON_ATTRIBUTES = new Set(["id", "externalid", "meta"]);

/** `<tenantUrl>/<path>` keeping the tenant URL's own query (e.g. a SCIM compatibility flag). */
export function endpoint(tenantUrl: string, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(tenantUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${path}`;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url;
}

interface Context {
  readonly app: AppManifest;
  readonly token: string;
  readonly agent: Agent;
  readonly http: HttpOptions;
}

/** What an HTTP status means for the admin, for statuses that are failures everywhere. */
function statusProblem(r: ProbeResponse, app: AppManifest, path: string): string | undefined {
  if (r.status === 401 || r.status === 403) {
    return `token rejected (${r.status}); check that ${app.tokenEnv} holds the app's current token (regenerate it in the app's admin console) and that its account has admin permissions`;
  }
  if (r.status === 404) return `not found (404): ${path} is not served under this tenant URL; check the tenant URL's path`;
  if (r.status >= 500) return `server error (${r.status}) from the app; try again later or contact the app's support`;
  if (r.status !== 200) return `unexpected status ${r.status} for ${path}; expected 200`;
  return undefined;
}

function notScim(r: ProbeResponse, what: string): string | undefined {
  if (r.json === undefined) {
    return `not SCIM: answered ${r.contentType || "an unknown content type"} that is not JSON (a login page or proxy?); check the tenant URL`;
  }
  if (r.contentType !== "application/scim+json" && r.contentType !== "application/json") {
    return `not SCIM: content type ${r.contentType}; expected application/scim+json`;
  }
  const body = r.json as { schemas?: unknown };
  if (!Array.isArray(body?.schemas) || !body.schemas.includes(LIST_RESPONSE)) {
    return `not SCIM: the answer to ${what} is not a SCIM ListResponse; check the tenant URL`;
  }
  return undefined;
}

async function probe(name: string, ctx: Context, url: URL, judge: (r: ProbeResponse) => Omit<CheckResult, "name" | "ms" | "status">): Promise<CheckResult> {
  const started = Date.now();
  try {
    const r = await getScim(ctx.agent, url, ctx.token, ctx.http);
    return { name, status: r.status, ms: r.ms, ...judge(r) };
  } catch (err) {
    if (!(err instanceof ProbeError)) throw err;
    return { name, ok: false, ...(err.status !== undefined ? { status: err.status } : {}), ms: Date.now() - started, message: err.message };
  }
}

function filterCheck(name: string, ctx: Context, resource: "Users" | "Groups", attribute: string, extra: Record<string, string> = {}): Promise<CheckResult> {
  const value = randomUUID();
  const url = endpoint(ctx.app.tenantUrl, resource, { filter: `${attribute} eq "${value}"`, ...extra });
  const path = `/${resource}?filter=${attribute} eq "..."`;
  return probe(name, ctx, url, (r) => {
    const problem = statusProblem(r, ctx.app, `/${resource}`) ?? notScim(r, path);
    if (problem) return { ok: false, message: problem };
    const total = (r.json as { totalResults?: unknown }).totalResults;
    if (typeof total === "number" && total > 0) {
      return { ok: false, message: `the app ignored the filter: ${total} result(s) for a random ${attribute}; Entra matches ${resource.toLowerCase()} with this filter` };
    }
    return { ok: true, message: `${path} answered an empty ListResponse` };
  });
}

async function serviceProviderConfig(ctx: Context): Promise<CheckResult> {
  return probe("service-provider-config", ctx, endpoint(ctx.app.tenantUrl, "ServiceProviderConfig"), (r) => {
    if (r.status === 404) return { ok: true, warning: true, message: "/ServiceProviderConfig is not served (optional for Entra)" };
    const problem = statusProblem(r, ctx.app, "/ServiceProviderConfig");
    if (problem) return { ok: false, message: problem };
    const body = r.json as { patch?: { supported?: unknown } } | undefined;
    if (body === undefined) return { ok: true, warning: true, message: "/ServiceProviderConfig is not JSON; skipped" };
    if (body.patch?.supported === false) {
      return { ok: false, message: "the app says it does not support PATCH; Entra updates and disables accounts with PATCH" };
    }
    return { ok: true, message: "served; PATCH supported" };
  });
}

interface ScimSchema {
  id?: string;
  attributes?: Array<{ name?: string; subAttributes?: Array<{ name?: string }> }>;
}

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

async function schemas(ctx: Context): Promise<CheckResult> {
  return probe("schemas", ctx, endpoint(ctx.app.tenantUrl, "Schemas"), (r) => {
    if (r.status === 404) return { ok: true, warning: true, message: "/Schemas is not served; mapping targets not checked" };
    const problem = statusProblem(r, ctx.app, "/Schemas");
    if (problem) return { ok: false, message: problem };
    const body = r.json as { Resources?: ScimSchema[] } | ScimSchema[] | undefined;
    const list = Array.isArray(body) ? body : body?.Resources;
    if (!Array.isArray(list)) return { ok: true, warning: true, message: "/Schemas did not list schemas; mapping targets not checked" };
    const byId = new Map(list.filter((s) => typeof s.id === "string").map((s) => [(s.id as string).toLowerCase(), s]));
    const missing: string[] = [];
    const targets: Array<[string, "users" | "groups"]> = [
      ...ctx.app.users.mappings.map((m): [string, "users"] => [m.target, "users"]),
      ...(ctx.app.groups?.mappings ?? []).map((m): [string, "groups"] => [m.target, "groups"]),
    ];
    for (const [target, kind] of targets) {
      const path = targetPath(target, kind);
      // id, externalId and meta are common attributes of every resource (RFC 7643 section 3.1),
      // which /Schemas does not list.
      if (path.sub === undefined && COMMON_ATTRIBUTES.has(path.attribute.toLowerCase()) && !target.toLowerCase().startsWith("urn:")) continue;
      const schema = byId.get(path.schema.toLowerCase());
      const attribute = schema?.attributes?.find((a) => a.name?.toLowerCase() === path.attribute.toLowerCase());
      const known = attribute !== undefined && (path.sub === undefined || (attribute.subAttributes ?? []).some((s) => s.name?.toLowerCase() === path.sub?.toLowerCase()));
      if (!known && !missing.includes(target)) missing.push(target);
    }
    if (missing.length > 0) {
      return {
        ok: false,
        message: `the app does not know ${missing.map((t) => `"${t}"`).join(", ")}; remove these mappings (remove: true) or add the attributes in the app`,
      };
    }
    // Only declared targets are known here; the app's template mappings are the vendor's own.
    return { ok: true, message: `all ${targets.length} declared mapping targets exist in /Schemas` };
  });
}

/** Runs every check for one app; a missing token fails the app without any request. */
export async function checkApp(app: AppManifest, env: NodeJS.ProcessEnv, agent: Agent, http: HttpOptions): Promise<CheckResult[]> {
  if (app.tokenEnv === null) {
    return [{ name: "token", ok: false, ms: 0, message: "the token is a Terraform reference (e.g. Key Vault), not a variable; verify needs it in an environment variable" }];
  }
  const token = env[app.tokenEnv];
  if (token === undefined || token === "") {
    return [{ name: "token", ok: false, ms: 0, message: `${app.tokenEnv} is not set; export it as CI does for terraform` }];
  }
  if (!app.tenantUrl.startsWith("https://")) {
    return [{ name: "connection", ok: false, ms: 0, message: "the tenant URL is not https; Entra only provisions over https, so use an https:// tenant URL" }];
  }
  const ctx: Context = { app, token, agent, http };
  // Without a declared matching attribute the app's template decides; Entra's SCIM templates match
  // users on userName and groups on displayName (graph-sync.md section 4), so verify filters on those.
  const userMatching = app.users.matchingAttribute ?? "userName";
  const connection = await filterCheck("connection", ctx, "Users", userMatching);
  // Without a working connection the other checks would only repeat its failure.
  if (!connection.ok) return [connection];
  const results: CheckResult[] = [connection];
  if (userMatching !== "externalId") results.push(await filterCheck("users-filter", ctx, "Users", "externalId"));
  if (app.groups) results.push(await filterCheck("groups-filter", ctx, "Groups", app.groups.matchingAttribute ?? "displayName", { excludedAttributes: "members" }));
  results.push(await serviceProviderConfig(ctx));
  results.push(await schemas(ctx));
  return results;
}
