/**
 * The terraform CLI config `npm run providers` writes (TF_CLI_CONFIG_FILE): dev_overrides that
 * point the provider addresses at local builds, and optionally a filesystem mirror of them.
 */

/** What the config needs of a provider: its address and the folder holding its binary. */
export interface OverriddenProvider {
  readonly source: { readonly address: string };
  readonly dir: string;
}

/**
 * The CLI config is parsed by HCL 1, whose escaping of `${`, `%{`, quotes and backslashes differs
 * from HCL 2's; a path that needs any escaping is refused rather than written in a form one of
 * them might read differently.
 */
export function hclString(s: string): string {
  if (/["\\$%{}\u0000-\u001f\u007f]/.test(s)) {
    throw new Error(`the cache path ${JSON.stringify(s)} has a character a terraform CLI config cannot hold safely (", \\, $, %, {, } or a control character); set ENTRA_PROVISIONING_CACHE to a plain path`);
  }
  return `"${s}"`;
}

export function cliConfigText(providers: readonly OverriddenProvider[], mirror?: string): string {
  const overrides = providers.map((p) => `    ${hclString(p.source.address)} = ${hclString(p.dir)}`).join("\n");
  const addresses = providers.map((p) => hclString(p.source.address)).join(", ");
  return [
    "# Written by `npm run providers`: terraform uses the locally built providers for these",
    "# addresses (dev_overrides: no registry, no `terraform init` needed for them); `terraform init`",
    "# installs them from the filesystem mirror beside them, and everything else from the registry.",
    "provider_installation {",
    "  dev_overrides {",
    overrides,
    "  }",
    ...(mirror === undefined
      ? ["  direct {}"]
      : ["  filesystem_mirror {", `    path    = ${hclString(mirror)}`, `    include = [${addresses}]`, "  }", "  direct {", `    exclude = [${addresses}]`, "  }"]),
    "}",
    "",
  ].join("\n");
}

