import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import { definedOnly, generatorMetadata } from "./common";
import { hcl, hclStringAttr } from "./hcl";
import { environmentOfEndpoint, MSGRAPH_ENVIRONMENTS, msgraphEnvironment } from "./environment";

/**
 * The provider's published arguments (docs/index.md), minus the ones that carry a secret
 * (`client_secret`, `client_certificate`, `client_certificate_password`, `oidc_token`,
 * `oidc_request_token`): a value given here is written to cdk.tf.json, so secrets must come from
 * the environment (ARM_CLIENT_SECRET, ARM_OIDC_TOKEN, ...) or from the `*_file_path` arguments.
 */
export interface MsgraphProviderConfig {
  /** Tenant to authenticate to. @default - ARM_TENANT_ID */
  readonly tenantId?: string;
  /**
   * Cloud: the provider's own value, see msgraphEnvironment() (`global`/`public`,
   * `usgovernmentl4`/`usgovernment`, `usgovernmentl5`/`dod`, `china`).
   * @default - ARM_ENVIRONMENT, else "public" (the global cloud)
   */
  readonly environment?: string;
  /**
   * @deprecated The provider has no `msgraph_endpoint` argument (that proposal, PR #95, was not
   * merged). Kept so older callers compile: a known Graph root is translated to `environment`.
   * Use `environment: msgraphEnvironment(env)`.
   */
  readonly msgraphEndpoint?: string;
  /** Client (application) id of the deploying identity. @default - ARM_CLIENT_ID */
  readonly clientId?: string;
  /** File holding the client id. @default - ARM_CLIENT_ID_FILE_PATH */
  readonly clientIdFilePath?: string;
  /** File holding the client secret. @default - ARM_CLIENT_SECRET_FILE_PATH */
  readonly clientSecretFilePath?: string;
  /** Path to a PKCS#12 client certificate. @default - ARM_CLIENT_CERTIFICATE_PATH */
  readonly clientCertificatePath?: string;
  /** Authenticate with OIDC federation, as GitHub Actions does. @default false (ARM_USE_OIDC) */
  readonly useOidc?: boolean;
  /** File holding the OIDC ID token. @default - ARM_OIDC_TOKEN_FILE_PATH */
  readonly oidcTokenFilePath?: string;
  /** URL to request an OIDC ID token from. @default - ARM_OIDC_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_URL */
  readonly oidcRequestUrl?: string;
  /** Azure Pipelines service connection for OIDC. @default - ARM_OIDC_AZURE_SERVICE_CONNECTION_ID */
  readonly oidcAzureServiceConnectionId?: string;
  /** Authenticate with the Azure CLI. @default true (ARM_USE_CLI) */
  readonly useCli?: boolean;
  /** Authenticate with Azure PowerShell. @default false (ARM_USE_POWERSHELL) */
  readonly usePowershell?: boolean;
  /** Authenticate with a managed identity. @default false (ARM_USE_MSI) */
  readonly useMsi?: boolean;
  /** Authenticate with AKS workload identity. @default false (ARM_USE_AKS_WORKLOAD_IDENTITY) */
  readonly useAksWorkloadIdentity?: boolean;
  /** Partner attribution GUID. @default - ARM_PARTNER_ID */
  readonly partnerId?: string;
  /** Do not send the Terraform partner id. @default false */
  readonly disableTerraformPartnerId?: boolean;
  /** Value of the x-ms-correlation-request-id header. @default - a random UUID per request */
  readonly customCorrelationRequestId?: string;
  /** Do not send x-ms-correlation-request-id. @default false */
  readonly disableCorrelationRequestId?: boolean;
  /** Provider alias, for several tenants in one stack. @default - the default provider */
  readonly alias?: string;
}

/** Resolves `environment` and the deprecated `msgraphEndpoint` to the one `environment` value to write. */
function resolveEnvironment(config: MsgraphProviderConfig): string | undefined {
  const { environment, msgraphEndpoint } = config;
  if (environment !== undefined && !cdktf.Token.isUnresolved(environment) && !(MSGRAPH_ENVIRONMENTS as readonly string[]).includes(environment.toLowerCase())) {
    throw new Error(`msgraph provider: environment: "${environment}" is not a cloud the provider knows; expected one of ${MSGRAPH_ENVIRONMENTS.join(", ")}`);
  }
  if (msgraphEndpoint === undefined || cdktf.Token.isUnresolved(msgraphEndpoint)) {
    if (msgraphEndpoint !== undefined) throw new Error("msgraph provider: msgraphEndpoint: must be a literal Graph root; use environment instead");
    return environment;
  }
  const env = environmentOfEndpoint(msgraphEndpoint);
  if (env === undefined) {
    throw new Error(`msgraph provider: msgraphEndpoint: "${msgraphEndpoint}" is not a Graph root of a known cloud; use environment (global, usgovernmentl4, usgovernmentl5, china)`);
  }
  const translated = msgraphEnvironment(env);
  if (environment !== undefined && environment !== translated) {
    throw new Error(`msgraph provider: msgraphEndpoint: "${msgraphEndpoint}" contradicts environment "${environment}"; set environment only`);
  }
  return translated;
}

/** The microsoft/msgraph provider (Microsoft Graph; preview). */
export class MsgraphProvider extends cdktf.TerraformProvider {
  public static readonly tfResourceType = "msgraph";
  private readonly config: MsgraphProviderConfig;
  private readonly environment?: string;
  private _alias?: string;

  constructor(scope: Construct, id: string, config: MsgraphProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "msgraph",
      terraformGeneratorMetadata: generatorMetadata,
      terraformProviderSource: "microsoft/msgraph",
    });
    this.config = config;
    this.environment = resolveEnvironment(config);
    this._alias = config.alias;
  }

  // The base class's alias accessors are placeholders every provider overrides.
  public get alias(): string | undefined {
    return this._alias;
  }

  public set alias(value: string | undefined) {
    this._alias = value;
  }

  // Keys are camelCase here: cdktf snake_cases provider attributes itself (keysToSnakeCase).
  private attributes(): Record<string, { value: unknown; type: "simple"; storageClassType: "string" | "boolean" }> {
    const c = this.config;
    const s = (value: string | undefined) => ({ value, type: "simple" as const, storageClassType: "string" as const });
    const b = (value: boolean | undefined) => ({ value, type: "simple" as const, storageClassType: "boolean" as const });
    return {
      tenantId: s(c.tenantId),
      environment: s(this.environment),
      clientId: s(c.clientId),
      clientIdFilePath: s(c.clientIdFilePath),
      clientSecretFilePath: s(c.clientSecretFilePath),
      clientCertificatePath: s(c.clientCertificatePath),
      useOidc: b(c.useOidc),
      oidcTokenFilePath: s(c.oidcTokenFilePath),
      oidcRequestUrl: s(c.oidcRequestUrl),
      oidcAzureServiceConnectionId: s(c.oidcAzureServiceConnectionId),
      useCli: b(c.useCli),
      usePowershell: b(c.usePowershell),
      useMsi: b(c.useMsi),
      useAksWorkloadIdentity: b(c.useAksWorkloadIdentity),
      partnerId: s(c.partnerId),
      disableTerraformPartnerId: b(c.disableTerraformPartnerId),
      customCorrelationRequestId: s(c.customCorrelationRequestId),
      disableCorrelationRequestId: b(c.disableCorrelationRequestId),
      alias: s(this.alias),
    };
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return Object.fromEntries(
      Object.entries(this.attributes()).map(([k, a]) => [k, a.storageClassType === "boolean" ? cdktf.booleanToTerraform(a.value) : cdktf.stringToTerraform(a.value)]),
    );
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedOnly(Object.fromEntries(Object.entries(this.attributes()).map(([k, a]) => [k, a.storageClassType === "string" ? hclStringAttr(this, a.value as string | undefined) : hcl(a.value, a.type, a.storageClassType)])));
  }
}
