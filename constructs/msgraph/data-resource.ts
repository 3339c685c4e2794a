import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import {
  definedOnly,
  type MsgraphReadTimeouts,
  type MsgraphRequestConfig,
  outputReference,
  requestAttributes,
  requestHclAttributes,
  requireArgs,
  resourceConfig,
  stringMap,
  timeoutsToTerraform,
  validateRequest,
  validateTimeouts,
} from "./common";
import { hcl, hclExact, hclStringAttr } from "./hcl";

export interface DataMsgraphResourceConfig extends MsgraphRequestConfig {
  /** Collection URL (lists) or item URL (reads one object) to GET. */
  readonly url: string;
  /** Extra request headers, e.g. `ConsistencyLevel: eventual`. @default - none */
  readonly headers?: Record<string, string>;
  /** e.g. `{ $select: ["id"] }`. @default - none */
  readonly queryParameters?: Record<string, string[]>;
  /** @default - read 5m */
  readonly timeouts?: MsgraphReadTimeouts;
}

/** data `msgraph_resource`: reads a Graph URL on every plan (sync templates, a job's schema). */
export class DataMsgraphResource extends cdktf.TerraformDataSource {
  public static readonly tfResourceType = "msgraph_resource";
  private readonly config: DataMsgraphResourceConfig;

  constructor(scope: Construct, id: string, config: DataMsgraphResourceConfig) {
    super(scope, id, resourceConfig("msgraph_resource", config));
    requireArgs(this, config, ["url"]);
    validateRequest(this, config);
    validateTimeouts(this, config.timeouts, ["read"]);
    this.config = config;
  }

  /** The object's id, or the URL for a collection. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** The whole `output` object (a Terraform dynamic value). */
  public get output(): cdktf.IResolvable {
    return this.interpolationForAttribute("output");
  }

  /** A reference to one exported value: `${data.msgraph_resource.<id>.output.<name>}`. */
  public outputValue(name: string): string {
    return outputReference(this, this.config.responseExportValues, name);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      url: cdktf.stringToTerraform(c.url),
      ...requestAttributes(c),
      headers: stringMap(c.headers),
      query_parameters: c.queryParameters,
      timeouts: timeoutsToTerraform(c.timeouts),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      url: hclStringAttr(this, c.url),
      ...requestHclAttributes(this, c),
      headers: hclExact(this, c.headers),
      query_parameters: hclExact(this, c.queryParameters),
      timeouts: hcl(timeoutsToTerraform(c.timeouts), "struct", "MsgraphReadTimeouts", true),
    });
  }
}
