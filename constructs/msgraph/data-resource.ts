import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import { definedOnly, hcl, resourceConfig, type MsgraphRetry, retryToTerraform, stringMap } from "./common";

export interface DataMsgraphResourceConfig extends cdktf.TerraformMetaArguments {
  /** Collection or item URL to GET. */
  readonly url: string;
  /** @default "v1.0" */
  readonly apiVersion?: string;
  readonly headers?: Record<string, string>;
  readonly queryParameters?: Record<string, string[]>;
  /** Name -> JMESPath into the response, exported in `output`. */
  readonly responseExportValues?: Record<string, string>;
  readonly retry?: MsgraphRetry;
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
    return cdktf.Token.asString(this.interpolationForAttribute(`output.${name}`));
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      url: cdktf.stringToTerraform(c.url),
      api_version: cdktf.stringToTerraform(c.apiVersion),
      headers: stringMap(c.headers),
      query_parameters: c.queryParameters,
      response_export_values: stringMap(c.responseExportValues),
      retry: retryToTerraform(c.retry),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      url: hcl(c.url, "simple", "string"),
      api_version: hcl(c.apiVersion, "simple", "string"),
      headers: hcl(c.headers, "map", "stringMap"),
      query_parameters: hcl(c.queryParameters, "map", "stringListMap"),
      response_export_values: hcl(c.responseExportValues, "map", "stringMap"),
      retry: hcl(retryToTerraform(c.retry), "struct", "MsgraphRetry"),
    });
  }
}
