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
  stringMap,
  timeoutsToTerraform,
} from "./common";

export interface MsgraphResourceActionConfig extends MsgraphRequestConfig {
  /** URL of the Graph object the action runs on. Changing it replaces the action (runs it again). */
  readonly resourceUrl: string;
  /** HTTP method. Changing it replaces the action. */
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path suffix appended to resourceUrl, e.g. `validateCredentials`. Changing it replaces the action. */
  readonly action?: string;
  /** Request body (Graph JSON). Stored in state unmasked: never put a secret here. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly queryParameters?: Record<string, string[]>;
  readonly responseExportValues?: Record<string, string>;
  /** When to run: on create (and update), or on destroy. @default "create" */
  readonly when?: "create" | "destroy";
  readonly timeouts?: MsgraphTimeouts;
}

/** `msgraph_resource_action`: one Graph call made during apply (Read is a no-op, so no drift). */
export class MsgraphResourceAction extends cdktf.TerraformResource {
  public static readonly tfResourceType = "msgraph_resource_action";
  private readonly config: MsgraphResourceActionConfig;

  constructor(scope: Construct, id: string, config: MsgraphResourceActionConfig) {
    super(scope, id, resourceConfig("msgraph_resource_action", config));
    this.config = config;
  }

  public get id(): string {
    return this.getStringAttribute("id");
  }

  public outputValue(name: string): string {
    return outputReference(this, name);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      resource_url: cdktf.stringToTerraform(c.resourceUrl),
      method: cdktf.stringToTerraform(c.method),
      action: cdktf.stringToTerraform(c.action),
      ...requestAttributes(c),
      body: dynamicToTerraform(c.body),
      headers: stringMap(c.headers),
      query_parameters: c.queryParameters,
      when: cdktf.stringToTerraform(c.when),
      timeouts: timeoutsToTerraform(c.timeouts),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      resource_url: hcl(c.resourceUrl, "simple", "string"),
      method: hcl(c.method, "simple", "string"),
      action: hcl(c.action, "simple", "string"),
      ...requestHclAttributes(c),
      body: hcl(c.body, "simple", "any"),
      headers: hcl(c.headers, "map", "stringMap"),
      query_parameters: hcl(c.queryParameters, "map", "stringListMap"),
      when: hcl(c.when, "simple", "string"),
      timeouts: hcl(timeoutsToTerraform(c.timeouts), "struct", "MsgraphTimeouts", true),
    });
  }
}
