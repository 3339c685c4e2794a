import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import { definedOnly, generatorMetadata, hcl } from "./common";

export interface MsgraphProviderConfig {
  /** Tenant to authenticate to (ARM_TENANT_ID). */
  readonly tenantId?: string;
  /** Client (application) id of the deploying identity (ARM_CLIENT_ID). */
  readonly clientId?: string;
  /**
   * Graph root of the tenant's cloud, e.g. `https://graph.microsoft.us` (ARM_MSGRAPH_ENDPOINT).
   * The provider has no `environment` argument; see msgraphEndpoint().
   * @default "https://graph.microsoft.com"
   */
  readonly msgraphEndpoint?: string;
  /** Authenticate with OIDC federation, as GitHub Actions does (ARM_USE_OIDC). */
  readonly useOidc?: boolean;
  /** Authenticate with the Azure CLI. @default true (provider default) */
  readonly useCli?: boolean;
  /** Authenticate with a managed identity (ARM_USE_MSI). */
  readonly useMsi?: boolean;
  /** Provider alias, for several tenants in one stack. */
  readonly alias?: string;
}

/** The microsoft/msgraph provider (Microsoft Graph, preview). */
export class MsgraphProvider extends cdktf.TerraformProvider {
  public static readonly tfResourceType = "msgraph";
  private readonly config: MsgraphProviderConfig;
  private _alias?: string;

  constructor(scope: Construct, id: string, config: MsgraphProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "msgraph",
      terraformGeneratorMetadata: generatorMetadata,
      terraformProviderSource: "microsoft/msgraph",
    });
    this.config = config;
    this._alias = config.alias;
  }

  // The base class's alias accessors are placeholders every provider overrides.
  public get alias(): string | undefined {
    return this._alias;
  }

  public set alias(value: string | undefined) {
    this._alias = value;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      tenant_id: cdktf.stringToTerraform(c.tenantId),
      client_id: cdktf.stringToTerraform(c.clientId),
      msgraph_endpoint: cdktf.stringToTerraform(c.msgraphEndpoint),
      use_oidc: cdktf.booleanToTerraform(c.useOidc),
      use_cli: cdktf.booleanToTerraform(c.useCli),
      use_msi: cdktf.booleanToTerraform(c.useMsi),
      alias: cdktf.stringToTerraform(this.alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      tenant_id: hcl(c.tenantId, "simple", "string"),
      client_id: hcl(c.clientId, "simple", "string"),
      msgraph_endpoint: hcl(c.msgraphEndpoint, "simple", "string"),
      use_oidc: hcl(c.useOidc, "simple", "boolean"),
      use_cli: hcl(c.useCli, "simple", "boolean"),
      use_msi: hcl(c.useMsi, "simple", "boolean"),
      alias: hcl(this.alias, "simple", "string"),
    });
  }
}

/**
 * The Graph root for a cloud (the azuread provider's environment names), as the msgraph provider's
 * `msgraph_endpoint` takes it (docs/index.md lists exactly these four values).
 */
export function msgraphEndpoint(env: string): string {
  switch (env) {
    case "global":
      return "https://graph.microsoft.com";
    case "usgovernmentl4":
      return "https://graph.microsoft.us";
    case "usgovernmentl5":
      return "https://dod-graph.microsoft.us";
    case "china":
      return "https://microsoftgraph.chinacloudapi.cn";
    default:
      throw new Error(`unknown environment "${env}"; expected global, usgovernmentl4, usgovernmentl5 or china`);
  }
}
