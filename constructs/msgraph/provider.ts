import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import { definedOnly, generatorMetadata, hcl } from "./common";

export interface MsgraphProviderConfig {
  /** Tenant to authenticate to (ARM_TENANT_ID). */
  readonly tenantId?: string;
  /** Client (application) id of the deploying identity (ARM_CLIENT_ID). */
  readonly clientId?: string;
  /** The cloud: `public`, `usgovernment`, `china` (ARM_ENVIRONMENT). @default "public" */
  readonly environment?: string;
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

  constructor(scope: Construct, id: string, config: MsgraphProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "msgraph",
      terraformGeneratorMetadata: generatorMetadata,
      terraformProviderSource: "microsoft/msgraph",
    });
    this.config = config;
    this.alias = config.alias;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      tenant_id: cdktf.stringToTerraform(c.tenantId),
      client_id: cdktf.stringToTerraform(c.clientId),
      environment: cdktf.stringToTerraform(c.environment),
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
      environment: hcl(c.environment, "simple", "string"),
      use_oidc: hcl(c.useOidc, "simple", "boolean"),
      use_cli: hcl(c.useCli, "simple", "boolean"),
      use_msi: hcl(c.useMsi, "simple", "boolean"),
      alias: hcl(this.alias, "simple", "string"),
    });
  }
}

/** Our tenant environments (the azuread provider's names) in the msgraph provider's words. */
export function msgraphEnvironment(env: string): string {
  switch (env) {
    case "global":
      return "public";
    case "usgovernmentl4":
    case "usgovernmentl5":
      // UNCONFIRMED: the msgraph provider names one US Government environment; L5 (DoD) has its
      // own Graph root (dod-graph.microsoft.us), which needs msgraph_endpoint if the name is not accepted.
      return "usgovernment";
    case "china":
      return "china";
    default:
      throw new Error(`unknown environment "${env}"; expected global, usgovernmentl4, usgovernmentl5 or china`);
  }
}
