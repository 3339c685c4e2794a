/**
 * A local Entra ID: sign-in, Microsoft Graph (v1.0 and beta) for the requests the azuread and
 * msgraph providers and this project's CLIs make, and a CONNECT proxy for graph.microsoft.com
 * and login.microsoftonline.com. See README "Local Entra sandbox".
 *
 *   const sandbox = await startSandbox({ stateDir });
 *   spawn("terraform", [...], { env: { ...process.env, ...sandbox.env() } });
 *   await sandbox.close();
 */
import { sandboxEnv } from "./env";
import type { Dispatcher } from "undici";
import { Store } from "./store";
import { adminKey } from "./admin-key";
import { cycleAll, SandboxServer } from "./server";
import { systemClock, Tenant, type Clock } from "./tenant";
import { certificates, leafForHosts } from "./tls";
import { loadEngine, type EnginePort } from "./graph/engine-port";
import { routeTenantUrls, startScimApps, type ScimAppSpec, type ScimApps } from "./scim-apps";
import type { FaultSpec } from "./faults";
import { FaultSpec as FaultSpecSchema } from "./faults";

export type { FaultSpec } from "./faults";
export { sandboxEnv } from "./env";
export type { Clock } from "./tenant";

export interface SandboxOptions {
  /** Where the tenant, the CA and the leaf certificate are kept (created if missing). */
  readonly stateDir: string;
  /** HTTPS port on 127.0.0.1. @default 0 (ephemeral) */
  readonly port?: number;
  /** CONNECT proxy port on 127.0.0.1. @default 0 (ephemeral) */
  readonly proxyPort?: number;
  /** Time as the sandbox sees it (token lifetimes, timestamps, fault windows). @default the system clock */
  readonly clock?: Clock;
  /** Where log lines go; they never carry a secret. @default none */
  readonly log?: (line: string) => void;
  /**
   * The provisioning engine. @default sandbox/provisioning/, reaching only the local SCIM apps
   * below (any other tenant URL is refused before a socket opens); null: none (cycles refuse)
   */
  readonly engine?: EnginePort | null;
  /**
   * Where the engine's SCIM requests go (e.g. sandbox/scim-apps' routeTenantUrls for the local apps).
   * @default the local SCIM apps below when there are any; else loopback hosts only: any other
   *   tenant URL host is refused, nothing leaves the machine
   */
  readonly scimDispatcher?: Dispatcher;
  /**
   * Local SCIM apps (scimmy) to start behind these tenant URLs, each with its bearer token: the
   * engine's requests to a tenant URL's host reach the app on 127.0.0.1, never the vendor.
   * @default none
   */
  readonly scimApps?: readonly ScimAppSpec[];
  /** The directory id of a new tenant (an existing one with another id is replaced). @default random */
  readonly tenantId?: string;
}

export interface Sandbox {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  /** `http://127.0.0.1:PROXYPORT` (HTTPS_PROXY) */
  readonly proxyUrl: string;
  readonly port: number;
  readonly proxyPort: number;
  /** PEM file of the sandbox CA (SSL_CERT_FILE, NODE_EXTRA_CA_CERTS). */
  readonly caCertFile: string;
  readonly caCert: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The environment with which terraform (azuread, msgraph) and the project's CLIs reach this sandbox. */
  env(): Record<string, string>;
  /** Requests counted by `METHOD /version/template`. */
  stats(): { total: number; requests: Record<string, number> };
  resetStats(): void;
  setFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Runs one provisioning cycle of every Active job; refuses without an engine. */
  cycle(): Promise<{ ran: number; jobs: string[] }>;
  /** Empties the tenant (keeps its id, credentials and CA). */
  reset(): void;
  /** The local SCIM apps started with the sandbox (empty when none were asked for). */
  readonly scimApps: ScimApps["apps"];
  /** The admin key the CLI uses for /_sandbox routes. */
  readonly adminKey: string;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const store = new Store(options.stateDir, clock.now(), options.tenantId);
  const certs = await certificates(options.stateDir, clock.now());
  const specs = options.scimApps ?? [];
  const hosts = [...new Set(specs.map((a) => new URL(a.tenantUrl).hostname.toLowerCase()))];
  const apps = specs.length > 0 ? await startScimApps({ apps: specs, tls: await leafForHosts(options.stateDir, hosts, clock.now()) }) : undefined;
  const engine = options.engine === undefined ? loadEngine() : (options.engine ?? undefined);
  const dispatcher = options.scimDispatcher ?? (apps ? routeTenantUrls(apps, { ca: certs.caCert }) : undefined);
  const tenant = new Tenant(store, clock, engine, log, dispatcher);
  const server = new SandboxServer({ tenant, key: certs.key, cert: certs.cert, port: options.port ?? 0, proxyPort: options.proxyPort ?? 0, log, scimApps: () => (apps?.apps ?? []).map((a) => ({ name: a.name, tenantUrl: a.tenantUrl, ...a.snapshot() })) });
  await server.listen();
  const info = () => ({
    port: server.port,
    proxyPort: server.proxyPort,
    tenantId: store.state.tenantId,
    clientId: store.state.operator.appId,
    clientSecret: store.state.operator.secret,
    caCertFile: certs.caCertFile,
  });
  log(`listening on https://127.0.0.1:${server.port} (proxy http://127.0.0.1:${server.proxyPort}), tenant ${store.state.tenantId}`);
  return {
    url: `https://127.0.0.1:${server.port}`,
    proxyUrl: `http://127.0.0.1:${server.proxyPort}`,
    port: server.port,
    proxyPort: server.proxyPort,
    caCertFile: certs.caCertFile,
    caCert: certs.caCert,
    get tenantId() {
      return store.state.tenantId;
    },
    get clientId() {
      return store.state.operator.appId;
    },
    get clientSecret() {
      return store.state.operator.secret;
    },
    get adminKey() {
      return adminKey(store.state.signingKey);
    },
    env: () => sandboxEnv(info()),
    stats: () => server.stats.snapshot(),
    resetStats: () => server.stats.reset(),
    setFault: (fault) => server.faults.add(FaultSpecSchema.parse(fault)),
    clearFaults: () => server.faults.clear(),
    cycle: () => cycleAll(tenant),
    reset: () => {
      store.reset(clock.now());
      server.stats.reset();
      server.faults.clear();
    },
    scimApps: apps?.apps ?? [],
    close: async () => {
      await server.close();
      await apps?.close();
    },
  };
}
