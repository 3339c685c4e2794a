/**
 * Where a token may be sent when the manifest comes from a pull request.
 *
 * A pull request writes the manifest that CI then verifies with the repository's secrets. If
 * verify sent each token to whatever tenant URL the manifest names, a one-line change of an
 * app's tenant URL would send that app's production token to a host of the author's choosing,
 * before anyone reviewed it. With `--trust-base DIR` (the base branch's synth output) a token is
 * only sent to an origin (scheme, host, port) that the base branch already sends that same token
 * variable to; every other app is skipped with the reason, and shows up again once main has it.
 * The path and query may change: they are on a server the token already goes to.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, type AppManifest, type Manifest } from "../../manifest/schema";
import { ManifestError, loadManifests } from "../manifests";

export type TrustVerdict = { readonly trusted: true } | { readonly trusted: false; readonly reason: string };

/**
 * The base branch's synth output, read as verify reads any manifest. An output with a stacks
 * directory but no manifest yet (the base predates provisioning) trusts nothing; a directory that
 * is not a synth output at all is a mistake on the command line (ManifestError, exit 2).
 */
export function loadTrustedOrigins(baseOutDir: string): ReadonlyMap<string, ReadonlySet<string>> {
  const stacksDir = join(baseOutDir, "stacks");
  if (!existsSync(stacksDir) || !statSync(stacksDir).isDirectory()) {
    throw new ManifestError(`--trust-base ${baseOutDir}: no synthesized stacks there; expected the base branch's synth output (its cdktf.out)`);
  }
  const hasManifest = readdirSync(stacksDir).some((name) => existsSync(join(stacksDir, name, MANIFEST_FILE)));
  return hasManifest ? trustedOrigins(loadManifests({ outDir: baseOutDir })) : new Map();
}

/** The origins each token variable (by its TF_VAR_ name) is sent to in the base output. */
export function trustedOrigins(base: readonly Manifest[]): ReadonlyMap<string, ReadonlySet<string>> {
  const origins = new Map<string, Set<string>>();
  for (const manifest of base) {
    for (const app of manifest.apps) {
      const origin = originOf(app.tenantUrl);
      if (app.tokenEnv === null || origin === undefined) continue;
      const set = origins.get(app.tokenEnv) ?? new Set<string>();
      set.add(origin);
      origins.set(app.tokenEnv, set);
    }
  }
  return origins;
}

/** Whether `app`'s token may be sent to its tenant URL, given the base output's origins. */
export function trustVerdict(app: AppManifest, origins: ReadonlyMap<string, ReadonlySet<string>>): TrustVerdict {
  if (app.tokenEnv === null) return { trusted: true }; // no token is read: nothing to protect
  const origin = originOf(app.tenantUrl);
  const known = origins.get(app.tokenEnv);
  if (known === undefined) {
    return { trusted: false, reason: `not verified: the base branch sends no token from ${app.tokenEnv}; it is verified once the change is merged` };
  }
  if (origin === undefined || !known.has(origin)) {
    return {
      trusted: false,
      reason: `not verified: the base branch sends ${app.tokenEnv} to ${[...known].sort().join(", ")}, not to ${origin ?? "this URL"}; review the tenant URL change, it is verified once merged`,
    };
  }
  return { trusted: true };
}

/** `https://host[:port]`, without credentials, path or query; undefined when not a URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.origin === "null" ? undefined : parsed.origin;
  } catch {
    return undefined;
  }
}
