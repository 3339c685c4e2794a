/**
 * Where the provisioning engine's SCIM requests go when nothing routes them: loopback hosts only.
 * A tenant URL on any other host (the seeded apps' real hosts included) is refused before a
 * socket opens, so a sandbox never sends traffic beyond this machine. `npm run sandbox` passes a
 * dispatcher that routes the seeded hosts to local SCIM apps instead.
 */
import { Agent, buildConnector, type Dispatcher } from "undici";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function loopbackOnlyDispatcher(): Dispatcher {
  const connect = buildConnector({ timeout: 10_000 });
  return new Agent({
    connect: (options, callback) => {
      if (!LOOPBACK.has(String(options.hostname).toLowerCase())) {
        callback(new Error(`sandbox: ${options.hostname} is not on this machine and no local app serves it; nothing leaves this machine`), null);
        return;
      }
      connect(options, callback);
    },
  });
}
