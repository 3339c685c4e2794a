/**
 * Routes the seeded apps' fixed tenant URL hosts to the local SCIM apps, on this machine only.
 *
 * The dispatcher never resolves a name: a request for a mapped host (on port 443) is connected to
 * 127.0.0.1 at the app's port, with TLS verified for the original host name against the given
 * CA; any other host or port is refused before a socket is opened. So nothing reaches a vendor,
 * and a DNS lookup for a vendor host never happens.
 */
import { Agent, buildConnector, type Dispatcher } from "undici";
import type { RunningScimApp, ScimApps } from "./server";

export interface RouteOptions {
  /** The CA (PEM) that issued the apps' certificate. */
  readonly ca: string | readonly string[];
  /** Per-connection timeout in ms. @default 10000 */
  readonly connectTimeout?: number;
}

/** Refusal of a host the sandbox does not serve (undici surfaces it as the request's error). */
export class UnroutedHostError extends Error {
  readonly code = "ESANDBOXUNROUTED";
  constructor(host: string) {
    super(`sandbox: no local SCIM app serves ${host}; nothing leaves this machine`);
    this.name = "UnroutedHostError";
  }
}

export function routeTenantUrls(apps: ScimApps | readonly RunningScimApp[], options: RouteOptions): Dispatcher {
  const list = "apps" in apps ? (apps as ScimApps).apps : (apps as readonly RunningScimApp[]);
  const ports = new Map(list.map((a) => [a.host, a.localPort]));
  const tls = buildConnector({ ca: [options.ca].flat() as string[], timeout: options.connectTimeout ?? 10_000, minVersion: "TLSv1.2" });
  return new Agent({
    connect: (opts, callback) => {
      const host = opts.hostname.toLowerCase().replace(/^\[|\]$/g, "");
      const port = opts.port === "" || opts.port === undefined ? (opts.protocol === "https:" ? "443" : "80") : String(opts.port);
      const local = ports.get(host);
      if (opts.protocol !== "https:" || port !== "443" || local === undefined) return void callback(new UnroutedHostError(`${opts.protocol}//${host}:${port}`), null);
      tls({ ...opts, hostname: "127.0.0.1", host: `127.0.0.1:${local}`, port: String(local), servername: host }, callback);
    },
  });
}
