import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import { definedOnly, hcl, type MsgraphRequestConfig, outputReference, requestAttributes, requestHclAttributes, resourceConfig, stringMap } from "./common";

export interface DataMsgraphResourceConfig extends MsgraphRequestConfig {
  /** Collection or item URL to GET. */
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly queryParameters?: Record<string, string[]>;
}

/** data `msgraph_resource`: reads a Graph URL (sync templates, a job's schema). */
export class DataMsgraphResource extends cdktf.TerraformDataSource {
  public static readonly tfResourceType = "msgraph_resource";
  private readonly config: DataMsgraphResourceConfig;

  constructor(scope: Construct, id: string, config: DataMsgraphResourceConfig) {
    super(scope, id, resourceConfig("msgraph_resource", config));
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
      headers: stringMap(c.headers),
      query_parameters: c.queryParameters,
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      url: hcl(c.url, "simple", "string"),
      ...requestHclAttributes(c),
      headers: hcl(c.headers, "map", "stringMap"),
      query_parameters: hcl(c.queryParameters, "map", "stringListMap"),
    });
  }
}
