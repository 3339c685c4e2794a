/**
 * A real SCIM 2.0 server for tests: scimmy + scimmy-routers (express) over HTTPS on 127.0.0.1,
 * with bearer auth and an in-memory store, and a fault switch in front of it for the cases a
 * test injects (HTML page, 500, 429, slow answer, redirect, huge body).
 */
import express from "express";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

export type Fault = "none" | "html" | "500" | "429-once" | "429-long" | "slow" | "redirect" | "huge" | "no-discovery";

export interface ScimServer {
  /** e.g. https://127.0.0.1:4443/scim/v2 */
  readonly baseUrl: string;
  /** PEM of the server's self-signed certificate, to pass with --ca. */
  readonly certPem: string;
  fault: Fault;
  /** Where `redirect` points. */
  redirectTo?: string;
  /** Requests seen (method + path), for assertions. */
  readonly requests: string[];
  close(): Promise<void>;
}

let declared = false;
const users: Array<Record<string, unknown>> = [];
const groups: Array<Record<string, unknown>> = [];

/** SCIMMY is a process-wide singleton: declare resources once per test process. */
function declareResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Config.set({ patch: true, filter: { supported: true, maxResults: 200 }, sort: false, bulk: false, changePassword: false, etag: false });
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .extend(SCIMMY.Schemas.EnterpriseUser, false)
    .egress((resource: any) => {
      const list = resource.id ? users.filter((u) => u.id === resource.id) : users;
      return resource.filter ? resource.filter.match(list) : list;
    })
    .ingress((_resource: any, data: any) => {
      const user = { ...data, id: String(users.length + 1) };
      users.push(user);
      return user;
    })
    .degress(() => undefined);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .egress((resource: any) => (resource.filter ? resource.filter.match(groups) : groups))
    .ingress((_resource: any, data: any) => data)
    .degress(() => undefined);
}

/** Generates a throwaway certificate for 127.0.0.1 (made in the test, never committed). */
export async function throwawayCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  } as any);
  return { key: pems.private, cert: pems.cert };
}

export async function startScimServer(options: { token: string; cert?: { key: string; cert: string } }): Promise<ScimServer> {
  declareResources();
  const tls = options.cert ?? (await throwawayCertificate());
  const app = express();
  const state: { fault: Fault; redirectTo?: string; requests: string[]; served429: boolean } = { fault: "none", requests: [], served429: false };

  app.use((req, res, next) => {
    state.requests.push(`${req.method} ${req.originalUrl}`);
    switch (state.fault) {
      case "html":
        return void res.status(200).type("text/html").send("<html><body>Sign in</body></html>");
      case "500":
        return void res.status(500).type("application/scim+json").send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500" }));
      case "429-once":
        if (!state.served429) {
          state.served429 = true;
          return void res.status(429).set("Retry-After", "1").end();
        }
        return next();
      case "429-long":
        // A Retry-After far past any deadline a test sets: "does not fit" without timing margins.
        return void res.status(429).set("Retry-After", "3600").end();
      case "slow":
        return void setTimeout(() => next(), 3000);
      case "redirect":
        return void res.redirect(302, state.redirectTo ?? "https://127.0.0.1:1/");
      case "huge":
        return void res.status(200).type("application/scim+json").send(JSON.stringify({ schemas: [], padding: "x".repeat(2 * 1024 * 1024) }));
      case "no-discovery":
        if (/\/(Schemas|ServiceProviderConfig)/.test(req.path)) return void res.status(404).end();
        return next();
      default:
        return next();
    }
  });
  app.use(
    "/scim/v2",
    new SCIMMYRouters({
      type: "bearer",
      docUri: "https://example.com/help",
      handler: (request: express.Request) => {
        if (request.header("Authorization") !== `Bearer ${options.token}`) throw new Error("Authorization failed");
        return "tester";
      },
    }) as unknown as express.Router,
  );

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `https://127.0.0.1:${port}/scim/v2`,
    certPem: tls.cert,
    get fault() {
      return state.fault;
    },
    set fault(f: Fault) {
      state.fault = f;
      state.served429 = false;
    },
    get redirectTo() {
      return state.redirectTo;
    },
    set redirectTo(url: string | undefined) {
      state.redirectTo = url;
    },
    requests: state.requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
