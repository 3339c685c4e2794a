import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import {
  definedOnly,
  dynamicToTerraform,
  hcl,
  type MsgraphRequestConfig,
  type MsgraphTimeouts,
  outputReference,
  requestAttributes,
  requestHclAttributes,
  resourceConfig,
  timeoutsToTerraform,
} from "./common";

export interface MsgraphUpdateResourceConfig extends MsgraphRequestConfig {
  /** Item URL of an existing Graph object, e.g. `/servicePrincipals/{id}/synchronization/jobs/{jobId}/schema`. */
  readonly url: string;
  /** The properties to manage (Graph JSON, camelCase kept as is). */
  readonly body?: unknown;
  /** PATCH sends the body; PUT GETs the object, merges the body in and PUTs the whole document. @default "PATCH" */
  readonly updateMethod?: "PATCH" | "PUT";
  /** Treat properties Graph does not return (write-only, masked) as unchanged. @default true */
  readonly ignoreMissingProperty?: boolean;
  readonly readQueryParameters?: Record<string, string[]>;
  readonly updateQueryParameters?: Record<string, string[]>;
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
    return outputReference(this, name);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      url: cdktf.stringToTerraform(c.url),
      ...requestAttributes(c),
      body: dynamicToTerraform(c.body),
      update_method: cdktf.stringToTerraform(c.updateMethod),
      ignore_missing_property: cdktf.booleanToTerraform(c.ignoreMissingProperty),
      read_query_parameters: c.readQueryParameters,
      update_query_parameters: c.updateQueryParameters,
      timeouts: timeoutsToTerraform(c.timeouts),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      url: hcl(c.url, "simple", "string"),
      ...requestHclAttributes(c),
      body: hcl(c.body, "simple", "any"),
      update_method: hcl(c.updateMethod, "simple", "string"),
      ignore_missing_property: hcl(c.ignoreMissingProperty, "simple", "boolean"),
      read_query_parameters: hcl(c.readQueryParameters, "map", "stringListMap"),
      update_query_parameters: hcl(c.updateQueryParameters, "map", "stringListMap"),
      timeouts: hcl(timeoutsToTerraform(c.timeouts), "struct", "MsgraphTimeouts", true),
    });
  }
}
