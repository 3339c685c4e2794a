/**
 * The provider versions synth pins in `required_providers`, in one cdktf-free place: synth writes
 * them and `npm run providers` builds exactly them, so a version bump changes both.
 *
 * azuread's version is the one the prebuilt @cdktf/provider-azuread package generates its classes
 * for (and writes into required_providers); it is read from that package, never copied.
 */
import { createRequire } from "node:module";

const requireFromHere = createRequire(__filename);

interface PrebuiltProviderPackage {
  readonly cdktf?: { readonly provider?: { readonly name?: string; readonly version?: string } };
}

function prebuiltProviderVersion(pkg: string): string {
  const manifest = requireFromHere(`${pkg}/package.json`) as PrebuiltProviderPackage;
  const version = manifest.cdktf?.provider?.version;
  if (typeof version !== "string") throw new Error(`${pkg}: package.json names no provider version (cdktf.provider.version)`);
  return version;
}

/** hashicorp/azuread, as @cdktf/provider-azuread generates it (3.7.0 for 14.3.1). */
export const AZUREAD_PROVIDER_VERSION = prebuiltProviderVersion("@cdktf/provider-azuread");

/**
 * microsoft/msgraph. 0.5.0 is the newest release that could be confirmed (checked 2026-11-24
 * through GitHub threads of microsoft/terraform-provider-msgraph, not the registry itself, which is
 * unreachable here): PR #154 "CHANGELOG.md for v0.5.0" is merged, and PR #147 (the `environment`
 * argument these bindings use) was merged "to be released in v0.5.0". 0.5.0 is also the first
 * version with `environment`, so nothing older would accept our provider block.
 */
export const MSGRAPH_PROVIDER_VERSION = "0.5.0";
