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
import { errorDetail, readListResponse, readSchemas, readServiceProviderConfig } from "./scim-json";
import { type Secrets, serverText } from "./shown";
import { readToken, tenantUrlProblem } from "./token";

export { targetPath } from "./scim-json";

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** Passed with a reservation (e.g. an optional endpoint not served). */
  readonly warning?: boolean;
  readonly status?: number;
  readonly ms: number;
  readonly message: string;
}

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
  readonly secrets: Secrets;
}

/** `; the app says "<detail>"` for a SCIM error answer with a detail, sanitized and short; "" otherwise. */
export function appSays(r: ProbeResponse, secrets: Secrets): string {
  const detail = errorDetail(r.json);
  return detail === undefined ? "" : `; the app says ${JSON.stringify(serverText(detail, secrets))}`;
}

/** What an HTTP status means for the admin, for statuses that are failures everywhere. */
function statusProblem(r: ProbeResponse, ctx: Context, path: string): string | undefined {
  if (r.status === 401 || r.status === 403) {
    return `token rejected (${r.status}); check that ${ctx.app.tokenEnv} holds the app's current token (regenerate it in the app's admin console) and that its account has admin permissions`;
  }
  if (r.status === 404) return `not found (404): ${path} is not served under this tenant URL; check the tenant URL's path`;
  if (r.status >= 500) return `server error (${r.status}) from the app; try again later or contact the app's support${appSays(r, ctx.secrets)}`;
  if (r.status !== 200) return `unexpected status ${r.status} for ${path}; expected 200${appSays(r, ctx.secrets)}`;
  return undefined;
}

/** Why a 200 answer is not SCIM JSON at all, or undefined. */
function notScimJson(r: ProbeResponse, ctx: Context): string | undefined {
  if (r.json === undefined) {
    return `not SCIM: answered ${r.contentType ? serverText(r.contentType, ctx.secrets) : "an unknown content type"} that is not JSON (a login page or proxy?); check the tenant URL`;
  }
  if (r.contentType !== "application/scim+json" && r.contentType !== "application/json") {
    return `not SCIM: content type ${r.contentType ? serverText(r.contentType, ctx.secrets) : "(none)"}; expected application/scim+json`;
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

/**
 * A filter on a random value: the app must answer a ListResponse with the number 0 in
 * totalResults and no resources. Anything else (a string "0", resources for a value nobody has)
 * means Entra's lookups before a create would go wrong.
 */
function filterCheck(name: string, ctx: Context, resource: "Users" | "Groups", attribute: string, extra: Record<string, string> = {}): Promise<CheckResult> {
  const value = randomUUID();
  const url = endpoint(ctx.app.tenantUrl, resource, { filter: `${attribute} eq "${value}"`, ...extra });
  const path = `/${resource}?filter=${attribute} eq "..."`;
  return probe(name, ctx, url, (r) => {
    const problem = statusProblem(r, ctx, `/${resource}`) ?? notScimJson(r, ctx);
    if (problem) return { ok: false, message: problem };
    const list = readListResponse(r.json);
    if (!list.ok) return { ok: false, message: `not SCIM: the answer to ${path}: ${list.problem}; Entra reads query results as a ListResponse` };
    const { totalResults, Resources = [] } = list.value;
    if (totalResults > 0 || Resources.length > 0) {
      return {
        ok: false,
        message: `the app ignored the filter: totalResults ${totalResults} and ${Resources.length} resource(s) for a random ${attribute}; Entra matches ${resource.toLowerCase()} with this filter, so it must answer totalResults 0 and no resources`,
      };
    }
    return { ok: true, message: `${path} answered an empty ListResponse` };
  });
}

async function serviceProviderConfig(ctx: Context): Promise<CheckResult> {
  return probe("service-provider-config", ctx, endpoint(ctx.app.tenantUrl, "ServiceProviderConfig"), (r) => {
    if (r.status === 404) return { ok: true, warning: true, message: "/ServiceProviderConfig is not served (optional for Entra)" };
    const problem = statusProblem(r, ctx, "/ServiceProviderConfig");
    if (problem) return { ok: false, message: problem };
    if (r.json === undefined) return { ok: true, warning: true, message: "/ServiceProviderConfig is not JSON; skipped" };
    const config = readServiceProviderConfig(r.json);
    if (!config.ok) return { ok: true, warning: true, message: `/ServiceProviderConfig: ${config.problem}; skipped` };
    if (config.value.patch?.supported === false) {
      return { ok: false, message: "the app says it does not support PATCH; Entra updates and disables accounts with PATCH" };
    }
    if (config.value.patch === undefined) return { ok: true, warning: true, message: "served without patch.supported; Entra updates and disables accounts with PATCH, so check that the app supports it" };
    return { ok: true, message: "served; PATCH supported" };
  });
}

async function schemas(ctx: Context): Promise<CheckResult> {
  return probe("schemas", ctx, endpoint(ctx.app.tenantUrl, "Schemas"), (r) => {
    if (r.status === 404) return { ok: true, warning: true, message: "/Schemas is not served; mapping targets not checked" };
    const problem = statusProblem(r, ctx, "/Schemas");
    if (problem) return { ok: false, message: problem };
    // Entra itself does not read /Schemas (the app's template holds the schema), so an odd answer is a warning.
    const known = readSchemas(r.json);
    if (!known.ok) return { ok: true, warning: true, message: `/Schemas did not list schemas (${known.problem}); mapping targets not checked` };
    const missing: string[] = [];
    const targets: Array<[string, "users" | "groups"]> = [
      ...ctx.app.users.mappings.map((m): [string, "users"] => [m.target, "users"]),
      ...(ctx.app.groups?.mappings ?? []).map((m): [string, "groups"] => [m.target, "groups"]),
    ];
    for (const [target, kind] of targets) if (!known.value(kind, target) && !missing.includes(target)) missing.push(target);
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

/**
 * Runs every check for one app. A missing or misshapen token, or a tenant URL the token must not
 * go to, fails the app without any request. The token is added to `secrets` as it is read.
 */
export async function checkApp(app: AppManifest, env: NodeJS.ProcessEnv, agent: Agent, http: HttpOptions, secrets: Secrets): Promise<CheckResult[]> {
  const access = readToken(app, env, secrets);
  if ("problem" in access) return [access.problem];
  const refused = tenantUrlProblem(app);
  if (refused) return [refused];
  const ctx: Context = { app, token: access.token, agent, http, secrets };
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
