/**
 * A hostile SCIM server for the verify tests: raw HTTP/1.1 over TLS on 127.0.0.1, so a test can
 * inject what no well-behaved server library would send (a socket closed mid-body, a header with
 * an escape byte, a body that stalls after the headers). The mode is the first path segment of
 * the tenant URL (`https://127.0.0.1:<port>/<mode>/scim/v2`), so one server serves every case.
 * Whatever a request carries as its bearer token is reflected back where the mode says.
 * Endpoints a mode does not break answer as a minimal compliant SCIM app.
 */
import { createServer, type Server, type TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";

export const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

export const HOSTILE_MODES = [
  "close-mid-body",
  "stall-mid-body",
  "stall-headers",
  "null-service-provider-config",
  "null-in-schemas",
  "odd-schemas",
  "odd-service-provider-config",
  "total-results-string",
  "resources-with-zero-total",
  "null-users",
  "array-users",
  "garbage-json",
  "content-type-token",
  "content-type-escape",
  "content-type-huge",
  "redirect-token",
  "ansi-detail",
  "detail-500-token",
  "unauthorized-token",
  "retry-after-huge",
  "huge-body",
  "not-http",
  "reflect-upper",
  "reflect-percent",
  "reflect-form",
  "reflect-json",
  "reflect-json-slash",
  "compliant",
] as const;

/** How each reflect-* mode quotes the token back in a SCIM error's detail. */
export const REFLECTED: Record<string, (token: string) => string> = {
  "reflect-upper": (t) => t.toUpperCase(),
  "reflect-percent": (t) => encodeURIComponent(t),
  "reflect-form": (t) => encodeURIComponent(t).replace(/%20/g, "+"),
  "reflect-json": (t) => JSON.stringify(t).slice(1, -1),
  "reflect-json-slash": (t) => JSON.stringify(t).slice(1, -1).replace(/\//g, "\\/"),
};
export type HostileMode = (typeof HOSTILE_MODES)[number];

export interface HostileServer {
  /** The tenant URL of one mode. */
  url(mode: HostileMode): string;
  /** `<method> <path>` of every request seen. */
  readonly requests: string[];
  close(): Promise<void>;
}

interface Request {
  readonly method: string;
  readonly path: string;
  readonly mode: string;
  /** What follows `/scim/v2/`, e.g. `Users`. */
  readonly resource: string;
  readonly token: string;
}

function parse(head: string): Request {
  const [requestLine, ...headerLines] = head.split("\r\n");
  const [method = "", target = ""] = requestLine.split(" ");
  const path = target.split("?")[0];
  const auth = headerLines.find((l) => l.toLowerCase().startsWith("authorization:")) ?? "";
  const token = auth.replace(/^authorization:\s*bearer\s+/i, "");
  const [, mode = "", , , resource = ""] = path.split("/");
  return { method, path: target, mode, resource, token };
}

/** A complete HTTP response, then the connection is closed (no keep-alive to reason about). */
function send(socket: TLSSocket, status: number, headers: Record<string, string>, body: string | Buffer): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const lines = [`HTTP/1.1 ${status} X`, ...Object.entries({ ...headers, "Content-Length": String(bytes.length), Connection: "close" }).map(([k, v]) => `${k}: ${v}`)];
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1"), bytes]));
}

const scim = (status: number, body: unknown, socket: TLSSocket, extra: Record<string, string> = {}) =>
  send(socket, status, { "Content-Type": "application/scim+json", ...extra }, JSON.stringify(body));

/** What a compliant app answers. */
function compliant(req: Request, socket: TLSSocket): void {
  if (req.resource === "ServiceProviderConfig") return scim(200, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"], patch: { supported: true } }, socket);
  if (req.resource === "Schemas") {
    return scim(
      200,
      {
        schemas: [LIST],
        totalResults: 2,
        Resources: [
          { id: USER, attributes: [{ name: "userName" }, { name: "displayName" }, { name: "emails", subAttributes: [{ name: "value" }, { name: "type" }] }] },
          { id: GROUP, attributes: [{ name: "displayName" }, { name: "members", subAttributes: [{ name: "value" }] }] },
        ],
      },
      socket,
    );
  }
  return scim(200, { schemas: [LIST], totalResults: 0, Resources: [] }, socket);
}

function answer(req: Request, socket: TLSSocket): void {
  const users = req.resource === "Users";
  const token = req.token;
  switch (req.mode as HostileMode) {
    case "close-mid-body":
      if (!users) break;
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 500\r\n\r\n{"schemas":["' + LIST + '"],"total');
      return void setTimeout(() => socket.destroy(), 20);
    case "stall-mid-body":
      if (!users) break;
      // Headers and the start of the body, then nothing: the deadline must hold for the body too.
      return void socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 500\r\n\r\n{"schemas":[');
    case "stall-headers":
      if (!users) break;
      return void socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\n");
    case "null-service-provider-config":
      if (req.resource === "ServiceProviderConfig") return send(socket, 200, { "Content-Type": "application/scim+json" }, "null");
      break;
    case "null-in-schemas":
      if (req.resource === "Schemas") return scim(200, { schemas: [LIST], totalResults: 2, Resources: [null, { id: USER, attributes: null }] }, socket);
      break;
    case "odd-schemas":
      if (req.resource === "Schemas") return scim(200, { schemas: [LIST], totalResults: "1", Resources: [{ id: 5, attributes: "userName" }] }, socket);
      break;
    case "odd-service-provider-config":
      if (req.resource === "ServiceProviderConfig") return scim(200, { patch: { supported: "false" } }, socket);
      break;
    case "total-results-string":
      if (users) return scim(200, { schemas: [LIST], totalResults: "5", Resources: [{ id: "1", userName: "someone" }] }, socket);
      break;
    case "resources-with-zero-total":
      if (users) return scim(200, { schemas: [LIST], totalResults: 0, Resources: [{ id: "1", userName: "someone" }] }, socket);
      break;
    case "null-users":
      if (users) return send(socket, 200, { "Content-Type": "application/scim+json" }, "null");
      break;
    case "array-users":
      if (users) return scim(200, [{ schemas: [LIST], totalResults: 0 }], socket);
      break;
    case "garbage-json":
      if (users) return send(socket, 200, { "Content-Type": "application/scim+json" }, `{"schemas": [${token}`);
      break;
    case "content-type-token":
      if (users) return send(socket, 200, { "Content-Type": `application/${token}+json` }, JSON.stringify({ schemas: [LIST], totalResults: 0 }));
      break;
    case "content-type-escape":
      // An escape byte and a newline-free forged line in a header value (raw bytes, no library checks).
      if (users) return send(socket, 200, { "Content-Type": `text/\u001b[2J\u001b[31m${token}` }, "<html>Sign in</html>");
      break;
    case "content-type-huge":
      // The token straddles the 200-character cap: redaction must come before the cut.
      if (users) return send(socket, 200, { "Content-Type": `text/${"x".repeat(185)}${token}${"y".repeat(8000)}` }, "<html></html>");
      break;
    case "redirect-token":
      return send(socket, 302, { Location: `https://127.0.0.1:1/${token}/next?token=${token}` }, "");
    case "ansi-detail":
      if (users) return scim(400, { schemas: [ERROR], status: "400", detail: `\u001b[2J\u001b[31mforged\r\n# PASS ${token}\u009b31m\u202e` }, socket);
      break;
    case "detail-500-token":
      if (users) return scim(500, { schemas: [ERROR], status: "500", detail: `db error for ${encodeURIComponent(token)} / ${token.toUpperCase()} ${"z".repeat(5000)}` }, socket);
      break;
    case "unauthorized-token":
      if (users) return scim(401, { schemas: [ERROR], status: "401", detail: `token ${token} rejected` }, socket, { "WWW-Authenticate": `Bearer realm="${token}"` });
      break;
    case "retry-after-huge":
      if (users) return send(socket, 429, { "Retry-After": "99999999999999999999999999" }, "");
      break;
    case "huge-body":
      if (users) return scim(200, { schemas: [LIST], totalResults: 0, padding: `${token}${"x".repeat(2 * 1024 * 1024)}` }, socket);
      break;
    case "not-http":
      return void socket.end(`\u001b[2J${token}\r\n\r\n`);
    case "reflect-upper":
    case "reflect-percent":
    case "reflect-form":
    case "reflect-json":
    case "reflect-json-slash":
      // A server that echoes the request it refused, the token in it quoted its own way.
      if (users) return scim(400, { schemas: [ERROR], status: "400", detail: `bad request {"auth":"${REFLECTED[req.mode](token)}"}` }, socket);
      break;
    case "compliant":
      break;
  }
  compliant(req, socket);
}

export async function startHostileServer(tls: { key: string; cert: string }): Promise<HostileServer> {
  const requests: string[] = [];
  const sockets = new Set<TLSSocket>();
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      const req = parse(buffered.slice(0, end));
      buffered = "";
      requests.push(`${req.method} ${req.path}`);
      answer(req, socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (mode) => `https://127.0.0.1:${port}/${mode}/scim/v2`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
