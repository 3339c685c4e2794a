/**
 * What `npm run providers` builds: the two providers synth pins, as Go modules the module proxy
 * serves, and OpenTofu for machines without a terraform binary.
 */
import { AZUREAD_PROVIDER_VERSION, MSGRAPH_PROVIDER_VERSION } from "../../constructs/provider-versions";

export interface ProviderSource {
  /** Provider type, the suffix of the binary's name: terraform-provider-<name>. */
  readonly name: "azuread" | "msgraph";
  /** The address required_providers uses (and dev_overrides keys on). */
  readonly address: string;
  /** The version synth pins. */
  readonly version: string;
  /** The Go module that builds the provider. */
  readonly module: string;
  /** What `go install module@...` is given: a tag, or a commit where a tag cannot be used. */
  readonly moduleVersion: string;
}

/**
 * azuread's module path has no /v3 suffix although its tags are v3.x, so Go's module rules refuse
 * `@v3.7.0`; the commit the tag points at resolves to a pseudo-version instead. One row per
 * version we pin: a bump without its row fails in one line rather than building something else.
 */
const AZUREAD_TAG_COMMITS: Readonly<Record<string, string>> = {
  "3.7.0": "72ee4ffe4628e1a21e275734c8d3354faf8fb2f3",
};

export class SourceError extends Error {}

export function providerSources(): readonly ProviderSource[] {
  const azureadCommit = AZUREAD_TAG_COMMITS[AZUREAD_PROVIDER_VERSION];
  if (azureadCommit === undefined) {
    throw new SourceError(`azuread ${AZUREAD_PROVIDER_VERSION}: no source commit is known for this version; add the commit of tag v${AZUREAD_PROVIDER_VERSION} to AZUREAD_TAG_COMMITS in cli/providers/sources.ts`);
  }
  return [
    { name: "azuread", address: "hashicorp/azuread", version: AZUREAD_PROVIDER_VERSION, module: "github.com/hashicorp/terraform-provider-azuread", moduleVersion: azureadCommit },
    { name: "msgraph", address: "microsoft/msgraph", version: MSGRAPH_PROVIDER_VERSION, module: "github.com/microsoft/terraform-provider-msgraph", moduleVersion: `v${MSGRAPH_PROVIDER_VERSION}` },
  ];
}

/**
 * OpenTofu, built when no terraform >= 1.5 is on PATH. hashicorp/terraform cannot be built from the
 * module proxy (its go.mod replaces nested modules by local paths, which `go install` refuses);
 * OpenTofu's main package builds from the downloaded module. cdktf runs it through
 * TERRAFORM_BINARY_NAME.
 */
export const OPENTOFU = { module: "github.com/opentofu/opentofu", version: "v1.10.6", package: "./cmd/tofu" } as const;

/** cdktf writes import blocks and the tests use `check` blocks: both need terraform 1.5. */
export const MINIMUM_TERRAFORM = [1, 5, 0] as const;
