/**
 * Local SCIM apps: real SCIM 2.0 servers (scimmy + scimmy-routers on express), one per app of the
 * tenant, each on its own 127.0.0.1 port behind its tenant URL's path, with its own bearer token
 * and in-memory store.
 *
 * HTTPS, not HTTP: the tenant URLs are https and Entra speaks only TLS 1.2 to a SCIM app
 * (use-scim-to-provision-users-and-groups, "Security requirements"). The certificate (issued by
 * the sandbox's CA for the apps' vendor host names) lets the routing dispatcher verify that a
 * request for identitymanagement.services.iprova.nl really reaches the local iProva app: a wrong
 * route fails the TLS check instead of sending a token to the wrong place.
 */
import express from "express";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import SCIMMYRouters from "scimmy-routers";
import { declareScimResources, type AppContext } from "./scimmy-resources";
import { tolerateEntraPatchDialect } from "./entra-dialect";
import { ScimStore, type ScimRecord } from "./store";

export interface ScimAppSpec {
  /** A name for the app (e.g. "iprova"), used to find it and in printouts. */
  readonly name: string;
  /** The tenant URL Entra is given, e.g. https://identitymanagement.services.iProva.nl/scim. Its query (feature flags) is ignored. */
  readonly tenantUrl: string;
  /** The bearer token the app accepts. */
  readonly token: string;
}

/** One request the app received (the Authorization header is never recorded). */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query relative to the app's SCIM root, e.g. `/Users?filter=...`. */
  readonly path: string;
  readonly body?: unknown;
}

/** An answer a test forces instead of the SCIM app's own (a fault, a hostile body). */
export type Intercept = (request: { method: string; path: string; authorization: string | undefined }) => { status: number; body?: string; contentType?: string } | undefined;

export interface RunningScimApp {
  readonly name: string;
  readonly tenantUrl: string;
  /** The tenant URL's host, lower-cased: what routeTenantUrls maps to this app. */
  readonly host: string;
  readonly localPort: number;
  /** The app's SCIM root on 127.0.0.1, e.g. https://127.0.0.1:41234/scim. */
  readonly localUrl: string;
  readonly requests: RecordedRequest[];
  /** Forces answers for tests; undefined = the app answers. */
  intercept: Intercept | undefined;
  /** What the app holds now. */
  snapshot(): { users: ScimRecord[]; groups: ScimRecord[] };
}

export interface ScimApps {
  readonly apps: readonly RunningScimApp[];
  /** The app named `name`; throws when there is none. */
  app(name: string): RunningScimApp;
  close(): Promise<void>;
}

export interface StartScimAppsOptions {
  readonly apps: readonly ScimAppSpec[];
  /** Server certificate (PEM) covering every app's tenant URL host, and its key. */
  readonly tls: { readonly key: string; readonly cert: string };
}

function scimRoot(tenantUrl: string): { host: string; path: string } {
  const url = new URL(tenantUrl);
  if (url.protocol !== "https:") throw new Error(`scim-apps: ${tenantUrl}: tenant URL is not https; expected an https URL as Entra requires`);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  return { host: url.hostname.toLowerCase(), path };
}

async function startOne(spec: ScimAppSpec, tls: StartScimAppsOptions["tls"]): Promise<{ app: RunningScimApp; server: Server }> {
  const { host, path } = scimRoot(spec.tenantUrl);
  const store = new ScimStore();
  const context: AppContext = { store };
  const requests: RecordedRequest[] = [];
  const state: { intercept: Intercept | undefined } = { intercept: undefined };

  const app = express();
  app.use(express.json({ type: ["application/json", "application/scim+json"], limit: "1mb" }));
  app.use(path, (req, res, next) => {
    // A copy: what the app received, before any middleware reads it differently.
    requests.push({ method: req.method, path: req.originalUrl.slice(path === "/" ? 0 : path.length), ...(req.body && Object.keys(req.body).length > 0 ? { body: structuredClone(req.body) } : {}) });
    const forced = state.intercept?.({ method: req.method, path: req.originalUrl.slice(path === "/" ? 0 : path.length), authorization: req.header("authorization") });
    if (forced) return void res.status(forced.status).type(forced.contentType ?? "application/scim+json").send(forced.body ?? "");
    next();
  });
  app.use(path, tolerateEntraPatchDialect);
  app.use(
    path,
    new SCIMMYRouters({
      type: "bearer",
      docUri: "https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups",
      handler: (req: express.Request) => {
        if (req.header("authorization") !== `Bearer ${spec.token}`) throw new Error("Authorization failed");
        return "entra";
      },
      context: () => context,
    }) as unknown as express.Router,
  );

  const server = createServer({ key: tls.key, cert: tls.cert, minVersion: "TLSv1.2" }, app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const localPort = (server.address() as AddressInfo).port;
  return {
    server,
    app: {
      name: spec.name,
      tenantUrl: spec.tenantUrl,
      host,
      localPort,
      localUrl: `https://127.0.0.1:${localPort}${path === "/" ? "" : path}`,
      requests,
      get intercept() {
        return state.intercept;
      },
      set intercept(value: Intercept | undefined) {
        state.intercept = value;
      },
      snapshot: () => ({ users: store.list("Users"), groups: store.list("Groups") }),
    },
  };
}

/** The host names a certificate for these apps must cover (lower case, one per app). */
export function tenantUrlHosts(specs: readonly Pick<ScimAppSpec, "tenantUrl">[]): string[] {
  return [...new Set(specs.map((s) => scimRoot(s.tenantUrl).host))];
}

/** Starts one local SCIM app per spec on 127.0.0.1. Stop them with `close()`. */
export async function startScimApps(options: StartScimAppsOptions): Promise<ScimApps> {
  const names = new Set<string>();
  const hosts = new Map<string, string>();
  for (const spec of options.apps) {
    if (names.has(spec.name)) throw new Error(`scim-apps: ${spec.name}: name is used twice; expected one app per name`);
    names.add(spec.name);
    const { host } = scimRoot(spec.tenantUrl);
    // The dispatcher routes by host, so two apps cannot share one.
    if (hosts.has(host)) throw new Error(`scim-apps: ${spec.name}: tenantUrl host ${host} is already used by ${hosts.get(host)}; expected one app per host`);
    hosts.set(host, spec.name);
  }
  declareScimResources();
  const started: Array<{ app: RunningScimApp; server: Server }> = [];
  try {
    for (const spec of options.apps) started.push(await startOne(spec, options.tls));
  } catch (error) {
    await Promise.all(started.map(({ server }) => closeServer(server)));
    throw error;
  }
  const apps = started.map((s) => s.app);
  return {
    apps,
    app(name: string) {
      const found = apps.find((a) => a.name === name);
      if (!found) throw new Error(`scim-apps: no app named ${name}; expected one of ${apps.map((a) => a.name).join(", ")}`);
      return found;
    },
    close: async () => {
      await Promise.all(started.map(({ server }) => closeServer(server)));
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
