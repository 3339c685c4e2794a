/**
 * The request/response shapes every route shares, the route table type and its matcher, and
 * Graph's error body. A route's `pattern` doubles as its path template in the request counts
 * (`GET /v1.0/servicePrincipals/{id}`), so the counts and the routes cannot disagree.
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Tenant } from "./tenant";

export interface Request {
  readonly method: string;
  /** Path without the Graph version, duplicate slashes collapsed, e.g. `/servicePrincipals/abc`. */
  readonly path: string;
  /** `v1.0` or `beta` for Graph routes; undefined for sign-in routes. */
  readonly version?: "v1.0" | "beta";
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The body as text ("" when none). */
  readonly text: string;
  /** `https://host[:port]` the client used: Graph links (`@odata.nextLink`, `@odata.context`) point back to it. */
  readonly origin: string;
  readonly requestId: string;
  /** Path parameters by name, from the route's pattern. */
  params: Record<string, string>;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** JSON-serialized unless a string; absent for 204. */
  readonly body?: unknown;
}

export type Handler = (req: Request, tenant: Tenant) => Reply | Promise<Reply>;

export interface Route {
  readonly method: string;
  /** e.g. `/servicePrincipals/{id}/synchronization/jobs/{jobId}`. */
  readonly pattern: string;
  readonly handler: Handler;
}

/** Graph's JSON content type, as Graph sends it. */
export const GRAPH_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** Compiles a pattern into a matcher; `{name}` matches one path segment. */
export function compile(pattern: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern
    .split("/")
    .map((segment) =>
      segment.replace(/\{(\w+)\}|[^{}]+/g, (m, name: string | undefined) => {
        if (name) {
          names.push(name);
          return "([^/]+)";
        }
        return m.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      }),
    )
    .join("/");
  const re = new RegExp(`^${source}$`, "i");
  return (path) => {
    const m = re.exec(path);
    if (!m) return undefined;
    const params: Record<string, string> = {};
    names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1]);
    });
    return params;
  };
}

export interface CompiledRoute extends Route {
  readonly match: (path: string) => Record<string, string> | undefined;
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((r) => ({ ...r, match: compile(r.pattern) }));
}

/** The route for a method and path: `{ route, params }`, or `allowed` methods when only the method is wrong. */
export function findRoute(routes: readonly CompiledRoute[], method: string, path: string): { route?: CompiledRoute; params?: Record<string, string>; pathKnown: boolean } {
  let pathKnown = false;
  for (const route of routes) {
    const params = route.match(path);
    if (!params) continue;
    pathKnown = true;
    if (route.method === method) return { route, params, pathKnown };
  }
  return { pathKnown };
}

/**
 * Graph's error body (Microsoft Graph REST API, "Microsoft Graph error responses and resource
 * types"): `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 */
export function graphError(req: Pick<Request, "requestId" | "headers">, status: number, code: string, message: string, now: Date, headers?: Record<string, string>): Reply {
  const clientRequestId = req.headers["client-request-id"];
  return {
    status,
    headers,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: now.toISOString().replace(/\.\d{3}Z$/, ""),
          "request-id": req.requestId,
          "client-request-id": typeof clientRequestId === "string" ? clientRequestId : req.requestId,
        },
      },
    },
  };
}

export const newRequestId = (): string => randomUUID();

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
export const noContent = (): Reply => ({ status: 204 });
