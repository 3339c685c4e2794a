/**
 * Shared setup for the engine tests: a throwaway certificate for the seeded apps' vendor hosts
 * (made in the test, never committed), local SCIM apps, and the dispatcher that routes to them.
 */
import { generate } from "selfsigned";
import { routeTenantUrls, startScimApps, SEEDED_TENANT_URLS, type ScimAppSpec, type ScimApps } from "../../sandbox/scim-apps";
import type { Dispatcher } from "undici";

export const GENERIC_TENANT_URL = "https://scim.generic-app.test/scim/v2";

let cached: Promise<{ key: string; cert: string }> | undefined;

/** One self-signed certificate (its own CA) for every host the tests route. */
export function testCertificate(): Promise<{ key: string; cert: string }> {
  cached ??= generate([{ name: "commonName", value: "sandbox scim apps" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      {
        name: "subjectAltName",
        altNames: [...Object.values(SEEDED_TENANT_URLS), GENERIC_TENANT_URL].map((u) => ({ type: 2, value: new URL(u).hostname.toLowerCase() })),
      },
    ],
  } as any).then((p) => ({ key: p.private, cert: p.cert }));
  return cached;
}

export interface Harness {
  readonly apps: ScimApps;
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

export async function startHarness(specs: readonly ScimAppSpec[]): Promise<Harness> {
  const tls = await testCertificate();
  const apps = await startScimApps({ apps: specs, tls });
  const dispatcher = routeTenantUrls(apps, { ca: tls.cert });
  return {
    apps,
    dispatcher,
    close: async () => {
      await dispatcher.close();
      await apps.close();
    },
  };
}
