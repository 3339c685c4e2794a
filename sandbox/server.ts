/**
 * The sandbox's two listeners on 127.0.0.1:
 * - HTTPS (the sandbox CA's leaf): sign-in routes and Graph (`/v1.0`, `/beta`), with bearer
 *   checks, request counts, faults, and admin routes (`/_sandbox/...`) for the CLI;
 * - an HTTP CONNECT proxy (HTTPS_PROXY): a tunnel to graph.microsoft.com:443 or
 *   login.microsoftonline.com:443 is handed to the HTTPS listener (node's own TLS terminates it
 *   with the leaf, whose SANs name both hosts); every other target is refused with 403 and
 *   logged, so nothing leaves the machine.
 *
 * Logs carry method, path template, status and time: never a body, query, header or token.
 */
import { timingSafeEqual } from "node:crypto";
import { adminKey } from "./admin-key";
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { verifyToken } from "./auth/jwt";
import { GRAPH_APP_ID, signInRoutes } from "./auth/signin";
import { FaultSpec, Faults, Stats, unmatchedTemplate } from "./faults";
import { applicationsRoutes } from "./graph/applications";
import { directoryRoutes } from "./graph/directory";
import { activeJobs, auditRoutes, cyclesSettled, runCycle, synchronizationRoutes } from "./graph/synchronization";
import { compileRoutes, findRoute, GRAPH_JSON, graphError, newRequestId, type CompiledRoute, type Reply, type Request } from "./http";
import type { Tenant } from "./tenant";
import { INTERCEPTED_HOSTS } from "./tls";

/** A body larger than this is not a Graph request the providers make. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const GRAPH_ROUTES = compileRoutes([...applicationsRoutes(), ...directoryRoutes(), ...synchronizationRoutes(), ...auditRoutes()]);
const SIGN_IN_ROUTES = compileRoutes(signInRoutes());

export interface ServerOptions {
  readonly tenant: Tenant;
  readonly key: string;
  readonly cert: string;
  readonly port: number;
  readonly proxyPort: number;
  readonly log: (line: string) => void;
  /** What each local SCIM app holds, for `GET /_sandbox/scim-apps`. @default none */
  readonly scimApps?: () => ReadonlyArray<{ name: string; tenantUrl: string; users: unknown[]; groups: unknown[] }>;
}

export class SandboxServer {
  readonly stats = new Stats();
  readonly faults: Faults;
  private readonly https: HttpsServer;
  private readonly proxy: HttpServer;
  private readonly sockets = new Set<Socket>();
  port = 0;
  proxyPort = 0;

  constructor(private readonly options: ServerOptions) {
    this.faults = new Faults(() => options.tenant.now().getTime());
    this.https = createHttpsServer({ key: options.key, cert: options.cert, minVersion: "TLSv1.2" }, (req, res) => void this.handle(req, res));
    this.https.keepAliveTimeout = 30_000;
    this.proxy = createHttpServer((req, res) => {
      options.log(`proxy refused ${req.method ?? "?"} (not a CONNECT tunnel)`);
      res.writeHead(403, { "content-type": "text/plain" }).end("The Entra sandbox proxy only tunnels to graph.microsoft.com:443 and login.microsoftonline.com:443.\n");
    });
    this.proxy.on("connect", (req: IncomingMessage, socket: Socket, head: Buffer) => this.tunnel(req, socket, head));
    for (const server of [this.https, this.proxy]) {
      server.on("connection", (s: Socket) => {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
      });
    }
  }

  async listen(): Promise<void> {
    const listen = (server: HttpServer | HttpsServer, port: number) =>
      new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    this.port = await listen(this.https, this.options.port);
    try {
      this.proxyPort = await listen(this.proxy, this.options.proxyPort);
    } catch (err) {
      await new Promise((r) => this.https.close(r));
      throw err;
    }
  }

  async close(): Promise<void> {
    const closing = [this.https, this.proxy].map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve())));
    for (const s of this.sockets) s.destroy();
    this.https.closeAllConnections();
    this.proxy.closeAllConnections();
    await Promise.all(closing);
    await cyclesSettled(this.options.tenant);
    this.options.tenant.store.flush();
  }

  private tunnel(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const target = req.url ?? "";
    const m = /^([^:/]+):(\d+)$/.exec(target);
    const host = m?.[1].toLowerCase();
    if (!m || m[2] !== "443" || !(INTERCEPTED_HOSTS as readonly string[]).includes(host as string)) {
      this.stats.count("CONNECT", "(refused)");
      this.options.log(`proxy refused CONNECT ${target.replace(/[^\w.:[\]-]/g, "?").slice(0, 200)}`);
      socket.end("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nThe Entra sandbox proxy only tunnels to graph.microsoft.com:443 and login.microsoftonline.com:443.\n");
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) socket.unshift(head);
    // Node's TLS server terminates the tunnel: the leaf names both hosts.
    this.https.emit("connection", socket);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    let template = "(unknown)";
    let reply: Reply;
    let request: Request | undefined;
    try {
      const text = await readBody(req);
      const url = new URL(req.url ?? "/", "https://sandbox.invalid");
      const path = url.pathname.replace(/\/{2,}/g, "/");
      const host = (req.headers.host ?? `127.0.0.1:${this.port}`).toLowerCase();
      const graph = /^\/(v1\.0|beta)(\/.*)?$/i.exec(path);
      request = {
        method,
        path: graph ? graph[2] ?? "/" : path,
        version: graph ? (graph[1].toLowerCase() as "v1.0" | "beta") : undefined,
        query: url.searchParams,
        headers: req.headers,
        text,
        origin: `https://${host}`,
        requestId: newRequestId(),
        params: {},
      };
      if (path.startsWith("/_sandbox/")) {
        template = "(admin)";
        reply = await this.admin(request, path);
      } else if (graph) {
        ({ reply, template } = await this.graph(request));
      } else {
        ({ reply, template } = await this.signIn(request));
      }
    } catch (err) {
      const message = err instanceof BodyTooLarge ? "Request body too large." : "An internal error occurred in the sandbox.";
      this.options.log(`${method} ${template} failed: ${err instanceof BodyTooLarge ? "body too large" : ((err as Error).stack ?? String(err)).split("\n").slice(0, 3).join(" | ")}`);
      reply = graphError(request ?? { requestId: newRequestId(), headers: req.headers }, err instanceof BodyTooLarge ? 413 : 500, err instanceof BodyTooLarge ? "RequestEntityTooLarge" : "InternalServerError", message, this.options.tenant.now());
    }
    this.send(res, reply, request?.requestId);
    if (template !== "(admin)") this.options.log(`${method} ${template} ${reply.status} ${Date.now() - started}ms`);
  }

  private send(res: ServerResponse, reply: Reply, requestId?: string): void {
    const headers: Record<string, string> = { ...(requestId ? { "request-id": requestId, "client-request-id": requestId } : {}), ...(reply.headers ?? {}) };
    if (reply.body === undefined || reply.status === 204) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { "content-type": typeof reply.body === "string" ? "text/plain; charset=utf-8" : GRAPH_JSON, ...headers }).end(body);
  }

  private async signIn(req: Request): Promise<{ reply: Reply; template: string }> {
    const found = findRoute(SIGN_IN_ROUTES, req.method, req.path);
    const template = found.route ? found.route.pattern : unmatchedTemplate(req.path);
    this.stats.count(req.method, template);
    const fault = this.faultReply(req, template);
    if (fault) return { reply: fault, template };
    if (!found.route) return { reply: { status: 404, body: { error: "not_found", error_description: "This sandbox serves sign-in at /{tenant}/oauth2/v2.0/token and /{tenant}/v2.0/.well-known/openid-configuration." } }, template };
    req.params = found.params ?? {};
    return { reply: await found.route.handler(req, this.options.tenant), template };
  }

  private async graph(req: Request): Promise<{ reply: Reply; template: string }> {
    const tenant = this.options.tenant;
    const found = findRoute(GRAPH_ROUTES, req.method, req.path);
    const template = `/${req.version}${found.route ? found.route.pattern : unmatchedTemplate(req.path)}`;
    this.stats.count(req.method, template);
    const unauthorized = this.authenticate(req);
    if (unauthorized) return { reply: unauthorized, template };
    const fault = this.faultReply(req, template);
    if (fault) return { reply: fault, template };
    const lagging = this.faults.laggingIn(req.path);
    if (lagging) return { reply: tenant.notFound(req, lagging), template };
    if (!found.route) {
      // The synchronization API answers a method it lacks with 404 "No HTTP resource was found"
      // (a PATCH of a job schema: terraform-side.md 2, msgraph-metadata #676); the error code is UNCONFIRMED.
      const reply = found.pathKnown
        ? req.path.includes("/synchronization/")
          ? tenant.error(req, 404, "ResourceNotFound", `No HTTP resource was found that matches the request URI '${req.origin}/${req.version}${req.path}'.`)
          : tenant.error(req, 405, "Request_BadRequest", `The HTTP method '${req.method}' is not allowed for this resource.`)
        : tenant.error(req, 400, "BadRequest", `Resource not found for the segment '${req.path.split("/").filter(Boolean).pop() ?? ""}'.`);
      return { reply, template };
    }
    req.params = found.params ?? {};
    const reply = await found.route.handler(req, tenant);
    if (reply.status === 201) this.faults.created(req.method, template, createdIds(reply.body));
    return { reply, template };
  }

  private faultReply(req: Request, template: string): Reply | undefined {
    const fault = this.faults.take(req.method, template);
    if (!fault) return undefined;
    const now = this.options.tenant.now();
    if (fault.kind === "throttle") {
      const seconds = fault.retryAfterSeconds ?? 1;
      return graphError(req, 429, "TooManyRequests", "Too many requests. Please retry after the number of seconds in the Retry-After header.", now, { "retry-after": String(seconds) });
    }
    const status = fault.status ?? 503;
    const code = { 500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable", 504: "GatewayTimeout" }[status];
    return graphError(req, status, code, "The service is temporarily unavailable (a fault switched on in the sandbox).", now);
  }

  /** Graph's 401 unless the request carries a token this sandbox issued, for Graph, unexpired. */
  private authenticate(req: Request): Reply | undefined {
    const tenant = this.options.tenant;
    const header = req.headers.authorization;
    const wwwAuthenticate = { "www-authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"` };
    if (typeof header !== "string" || !/^Bearer\s+\S/i.test(header)) return tenant.error(req, 401, "InvalidAuthenticationToken", "Access token is empty.", wwwAuthenticate);
    const verified = verifyToken(header.replace(/^Bearer\s+/i, "").trim(), tenant.state.signingKey, tenant.now());
    if ("problem" in verified) {
      const message = verified.problem === "expired" ? "Lifetime validation failed, the token is expired." : verified.problem === "malformed" ? "IDX14100: JWT is not well formed." : "Access token validation failure. Invalid signature.";
      return tenant.error(req, 401, "InvalidAuthenticationToken", message, wwwAuthenticate);
    }
    const aud = verified.claims.aud;
    if (!(aud === "https://graph.microsoft.com" || aud === GRAPH_APP_ID || /^https:\/\/127\.0\.0\.1:\d+$/.test(aud))) {
      return tenant.error(req, 401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.", wwwAuthenticate);
    }
    if (verified.claims.tid !== tenant.state.tenantId) return tenant.error(req, 401, "InvalidAuthenticationToken", "Access token validation failure. Invalid issuer.", wwwAuthenticate);
    return undefined;
  }

  private async admin(req: Request, path: string): Promise<Reply> {
    const tenant = this.options.tenant;
    const given = Buffer.from(String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, ""));
    const expected = Buffer.from(adminKey(tenant.state.signingKey));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, body: { error: { code: "Unauthorized", message: "admin key required" } } };
    const route = `${req.method} ${path}`;
    switch (route) {
      case "GET /_sandbox/health":
        return { status: 200, body: { ok: true, tenantId: tenant.state.tenantId, port: this.port, proxyPort: this.proxyPort, pid: process.pid } };
      case "GET /_sandbox/stats":
        return { status: 200, body: this.stats.snapshot() };
      case "DELETE /_sandbox/stats":
        this.stats.reset();
        return { status: 204 };
      case "GET /_sandbox/faults":
        return { status: 200, body: { faults: this.faults.list() } };
      case "POST /_sandbox/faults": {
        let body: unknown;
        try {
          body = JSON.parse(req.text);
        } catch {
          return { status: 400, body: { error: { code: "BadRequest", message: "fault: body is not JSON" } } };
        }
        const parsed = FaultSpec.safeParse(body);
        if (!parsed.success) return { status: 400, body: { error: { code: "BadRequest", message: `fault: ${parsed.error.issues[0].path.join(".") || "body"}: ${parsed.error.issues[0].message}` } } };
        this.faults.add(parsed.data);
        return { status: 204 };
      }
      case "DELETE /_sandbox/faults":
        this.faults.clear();
        return { status: 204 };
      case "POST /_sandbox/reset":
        tenant.store.reset(tenant.now());
        this.stats.reset();
        this.faults.clear();
        return { status: 204 };
      case "GET /_sandbox/scim-apps":
        return { status: 200, body: { apps: this.options.scimApps?.() ?? [] } };
      case "POST /_sandbox/cycle":
        if (!tenant.engine) return { status: 501, body: { error: { code: "NotImplemented", message: new NoEngine().message } } };
        return { status: 200, body: await cycleAll(tenant) };
      default:
        return { status: 404, body: { error: { code: "NotFound", message: `no admin route ${route}` } } };
    }
  }
}

/** Runs one provisioning cycle of every active job (through the engine). */
export async function cycleAll(tenant: Tenant): Promise<{ ran: number; jobs: string[] }> {
  if (!tenant.engine) throw new NoEngine();
  await cyclesSettled(tenant);
  const jobs = activeJobs(tenant);
  for (const { spId, jobId } of jobs) await runCycle(tenant, spId, jobId);
  return { ran: jobs.length, jobs: jobs.map((j) => j.jobId) };
}

export class NoEngine extends Error {
  constructor() {
    super("no provisioning engine (sandbox/provisioning/ is absent): cycles cannot run");
  }
}

/** Ids of what a 201 created: `id`, or instantiate's application and service principal ids. */
function createdIds(body: unknown): string[] {
  const b = body as { id?: unknown; application?: { id?: unknown }; servicePrincipal?: { id?: unknown } } | undefined;
  return [b?.id, b?.application?.id, b?.servicePrincipal?.id].filter((x): x is string => typeof x === "string");
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export type { CompiledRoute };
