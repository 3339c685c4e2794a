/**
 * Shared pieces of the hand-written msgraph bindings. The microsoft/msgraph provider has no
 * prebuilt cdktf package and `cdktf get` cannot run here, so these classes are written by hand
 * against the provider's published argument lists (see test/msgraph).
 */
import * as cdktf from "cdktf";

/**
 * Version pinned in required_providers: the newest release in the provider's changelog as
 * researched (0.5.0: create_method, sovereign clouds); UNCONFIRMED against the registry.
 */
export const MSGRAPH_PROVIDER_VERSION = "0.5.0";

export const generatorMetadata: cdktf.TerraformProviderGeneratorMetadata = {
  providerName: "msgraph",
  providerVersion: MSGRAPH_PROVIDER_VERSION,
};

/** `retry` block: retry a request while its error matches one of these regular expressions. */
export interface MsgraphRetry {
  readonly errorMessageRegex: string[];
}

/** `timeouts` block (Go durations, e.g. "10m"). */
export interface MsgraphTimeouts {
  readonly create?: string;
  readonly read?: string;
  readonly update?: string;
  readonly delete?: string;
}

export function retryToTerraform(retry: MsgraphRetry | undefined): unknown {
  return retry === undefined ? undefined : { error_message_regex: cdktf.listMapper(cdktf.stringToTerraform, false)(retry.errorMessageRegex) };
}

export function timeoutsToTerraform(t: MsgraphTimeouts | undefined): unknown {
  if (t === undefined) return undefined;
  return { create: t.create, read: t.read, update: t.update, delete: t.delete };
}

/**
 * A Terraform dynamic value (msgraph `body`): plain JSON whose keys are Graph's camelCase names
 * and must reach Terraform unchanged. cdktf only resolves tokens inside it; it does not rename keys.
 */
export function dynamicToTerraform(value: unknown): unknown {
  return value;
}

export function stringMap(map: Record<string, string> | undefined): unknown {
  return cdktf.hashMapper(cdktf.stringToTerraform)(map);
}

/** HCL attribute descriptor for `cdktf synth --hcl`. */
export function hcl(value: unknown, type: "simple" | "map" | "struct" | "list", storageClassType: string, isBlock = false) {
  return { value, isBlock, type, storageClassType };
}

export function definedOnly<T extends Record<string, { value: unknown } | undefined>>(attrs: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined && v.value !== undefined));
}

/** The config every msgraph resource passes to cdktf: its type, the provider metadata and the meta-arguments. */
export function resourceConfig(terraformResourceType: string, config: cdktf.TerraformMetaArguments): cdktf.TerraformResourceConfig {
  return {
    terraformResourceType,
    terraformGeneratorMetadata: generatorMetadata,
    provider: config.provider,
    dependsOn: config.dependsOn,
    count: config.count,
    lifecycle: config.lifecycle,
    provisioners: config.provisioners,
    connection: config.connection,
    forEach: config.forEach,
  };
}

/** Arguments every msgraph resource and data source takes. */
export interface MsgraphRequestConfig extends cdktf.TerraformMetaArguments {
  /** Graph API version. @default "v1.0" */
  readonly apiVersion?: string;
  /** Name -> JMESPath into the response, exported in `output`. @default - nothing exported */
  readonly responseExportValues?: Record<string, string>;
  /** Retry while the error matches (408, 429 and 5xx are always retried). @default - no extra retries */
  readonly retry?: MsgraphRetry;
}

/** The synthesized form of the arguments in MsgraphRequestConfig. */
export function requestAttributes(c: MsgraphRequestConfig): Record<string, unknown> {
  return {
    api_version: cdktf.stringToTerraform(c.apiVersion),
    response_export_values: stringMap(c.responseExportValues),
    retry: retryToTerraform(c.retry),
  };
}

export function requestHclAttributes(c: MsgraphRequestConfig) {
  return {
    api_version: hcl(c.apiVersion, "simple", "string"),
    response_export_values: hcl(c.responseExportValues, "map", "stringMap"),
    retry: hcl(retryToTerraform(c.retry), "struct", "MsgraphRetry"),
  };
}

/** A reference to one value a resource exported with response_export_values: `output.<name>`. */
export function outputReference(element: cdktf.TerraformResource | cdktf.TerraformDataSource, name: string): string {
  return cdktf.Token.asString(element.interpolationForAttribute(`output.${name}`));
}
