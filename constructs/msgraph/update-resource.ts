import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import {
  checkOneOf,
  definedOnly,
  dynamicToTerraform,
  type MsgraphRequestConfig,
  type MsgraphTimeouts,
  outputReference,
  requestAttributes,
  requestHclAttributes,
  requireArgs,
  resourceConfig,
  timeoutsToTerraform,
  validateRequest,
  validateTimeouts,
} from "./common";
import { hcl, hclExact, hclStringAttr } from "./hcl";

export interface MsgraphUpdateResourceConfig extends MsgraphRequestConfig {
  /** Item URL of an existing Graph object, e.g. `/servicePrincipals/{id}/synchronization/jobs/{jobId}/schema`. */
  readonly url: string;
  /**
   * The properties to manage: Graph JSON, keys kept exactly as written (camelCase). Stored in plan
   * and state unmasked: never put a secret here.
   * @default - nothing sent (the resource only reads)
   */
  readonly body?: unknown;
  /** PATCH sends the body; PUT GETs the object, merges the body in and PUTs the whole document. @default "PATCH" */
  readonly updateMethod?: "PATCH" | "PUT";
  /** Treat properties Graph does not return (write-only, masked) as unchanged. @default true */
  readonly ignoreMissingProperty?: boolean;
  /** Query parameters of the read (GET). @default - none */
  readonly readQueryParameters?: Record<string, string[]>;
  /** Query parameters of the update (PATCH/PUT). @default - none */
  readonly updateQueryParameters?: Record<string, string[]>;
  /** @default - the provider's defaults */
  readonly timeouts?: MsgraphTimeouts;
}

/** `msgraph_update_resource`: manages a subset of an existing Graph object. Delete is a no-op. */
export class MsgraphUpdateResource extends cdktf.TerraformResource {
  public static readonly tfResourceType = "msgraph_update_resource";
  private readonly config: MsgraphUpdateResourceConfig;

  constructor(scope: Construct, id: string, config: MsgraphUpdateResourceConfig) {
    super(scope, id, resourceConfig("msgraph_update_resource", config));
    requireArgs(this, config, ["url"]);
    validateRequest(this, config);
    validateTimeouts(this, config.timeouts, ["create", "read", "update", "delete"]);
    checkOneOf(this, "updateMethod", config.updateMethod, ["PATCH", "PUT"]);
    dynamicToTerraform(this, "body", config.body);
    this.config = config;
  }

  /** The last segment of `url`. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** The whole `output` object (a Terraform dynamic value). */
  public get output(): cdktf.IResolvable {
    return this.interpolationForAttribute("output");
  }

  /** A reference to one exported value: `${msgraph_update_resource.<id>.output.<name>}`. */
  public outputValue(name: string): string {
    return outputReference(this, this.config.responseExportValues, name);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      url: cdktf.stringToTerraform(c.url),
      ...requestAttributes(c),
      body: dynamicToTerraform(this, "body", c.body),
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
      url: hclStringAttr(this, c.url),
      ...requestHclAttributes(this, c),
      body: hclExact(this, c.body),
      update_method: hclStringAttr(this, c.updateMethod),
      ignore_missing_property: hcl(c.ignoreMissingProperty, "simple", "boolean"),
      read_query_parameters: hclExact(this, c.readQueryParameters),
      update_query_parameters: hclExact(this, c.updateQueryParameters),
      timeouts: hcl(timeoutsToTerraform(c.timeouts), "struct", "MsgraphTimeouts", true),
    });
  }
}
