import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import {
  definedOnly,
  dynamicToTerraform,
  resourceConfig,
  hcl,
  type MsgraphRetry,
  type MsgraphTimeouts,
  retryToTerraform,
  stringMap,
  timeoutsToTerraform,
} from "./common";

export interface MsgraphUpdateResourceConfig extends cdktf.TerraformMetaArguments {
  /** Item URL of an existing Graph object, e.g. `/servicePrincipals/{id}/synchronization/jobs/{jobId}/schema`. */
  readonly url: string;
  /** @default "v1.0" */
  readonly apiVersion?: string;
  /** The properties to manage (Graph JSON, camelCase kept as is). */
  readonly body?: unknown;
  /** PATCH sends the body; PUT GETs the object, merges the body in and PUTs the whole document. @default "PATCH" */
  readonly updateMethod?: "PATCH" | "PUT";
  /** Treat properties Graph does not return (write-only, masked) as unchanged. @default true */
  readonly ignoreMissingProperty?: boolean;
  readonly readQueryParameters?: Record<string, string[]>;
  readonly updateQueryParameters?: Record<string, string[]>;
  /** Name -> JMESPath into the response, exported in `output`. */
  readonly responseExportValues?: Record<string, string>;
  readonly retry?: MsgraphRetry;
  readonly timeouts?: MsgraphTimeouts;
}

/** `msgraph_update_resource`: manages a subset of an existing Graph object. Delete is a no-op. */
export class MsgraphUpdateResource extends cdktf.TerraformResource {
  public static readonly tfResourceType = "msgraph_update_resource";
  private readonly config: MsgraphUpdateResourceConfig;

  constructor(scope: Construct, id: string, config: MsgraphUpdateResourceConfig) {
    super(scope, id, resourceConfig("msgraph_update_resource", config));
    this.config = config;
  }

  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** A reference to one exported value: `output.<name>`. */
  public outputValue(name: string): string {
    return cdktf.Token.asString(this.interpolationForAttribute(`output.${name}`));
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      url: cdktf.stringToTerraform(c.url),
      api_version: cdktf.stringToTerraform(c.apiVersion),
      body: dynamicToTerraform(c.body),
      update_method: cdktf.stringToTerraform(c.updateMethod),
      ignore_missing_property: cdktf.booleanToTerraform(c.ignoreMissingProperty),
      read_query_parameters: c.readQueryParameters,
      update_query_parameters: c.updateQueryParameters,
      response_export_values: stringMap(c.responseExportValues),
      retry: retryToTerraform(c.retry),
      timeouts: timeoutsToTerraform(c.timeouts),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      url: hcl(c.url, "simple", "string"),
      api_version: hcl(c.apiVersion, "simple", "string"),
      body: hcl(c.body, "simple", "any"),
      update_method: hcl(c.updateMethod, "simple", "string"),
      ignore_missing_property: hcl(c.ignoreMissingProperty, "simple", "boolean"),
      read_query_parameters: hcl(c.readQueryParameters, "map", "stringListMap"),
      update_query_parameters: hcl(c.updateQueryParameters, "map", "stringListMap"),
      response_export_values: hcl(c.responseExportValues, "map", "stringMap"),
      retry: hcl(retryToTerraform(c.retry), "struct", "MsgraphRetry"),
      timeouts: hcl(timeoutsToTerraform(c.timeouts), "struct", "MsgraphTimeouts", true),
    });
  }
}
