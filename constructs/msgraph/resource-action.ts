import * as cdktf from "cdktf";
import type { Construct } from "constructs";
import {
  checkOneOf,
  definedOnly,
  dynamicToTerraform,
  type MsgraphActionTimeouts,
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

export interface MsgraphResourceActionConfig extends MsgraphRequestConfig {
  /** URL of the Graph object the action runs on. Changing it replaces the action (runs it again). */
  readonly resourceUrl: string;
  /** HTTP method. Changing it replaces the action. */
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path suffix appended to resourceUrl, e.g. `validateCredentials`. Changing it replaces the action. @default - the URL itself */
  readonly action?: string;
  /**
   * Request body: Graph JSON, keys kept exactly as written. Stored in plan and state unmasked:
   * never put a secret here (validateCredentials: use `useSavedCredentials: true`).
   * @default - no body
   */
  readonly body?: unknown;
  /** Extra request headers (authentication is added by the provider). @default - none */
  readonly headers?: Record<string, string>;
  /** @default - none */
  readonly queryParameters?: Record<string, string[]>;
  /**
   * When to run: on create (and every update), or only on destroy.
   * UNCONFIRMED in a release: published in docs/resources/resource_action.md by PR #158, which was
   * still open when checked; with a provider that lacks it, `terraform validate` rejects it.
   * @default "create"
   */
  readonly when?: "create" | "destroy";
  /** @default - create 30m */
  readonly timeouts?: MsgraphActionTimeouts;
}

/** `msgraph_resource_action`: one Graph call made during apply (Read is a no-op, so no drift). */
export class MsgraphResourceAction extends cdktf.TerraformResource {
  public static readonly tfResourceType = "msgraph_resource_action";
  private readonly config: MsgraphResourceActionConfig;

  constructor(scope: Construct, id: string, config: MsgraphResourceActionConfig) {
    super(scope, id, resourceConfig("msgraph_resource_action", config));
    requireArgs(this, config, ["resourceUrl", "method"]);
    validateRequest(this, config);
    validateTimeouts(this, config.timeouts, ["create"]);
    checkOneOf(this, "method", config.method, ["GET", "POST", "PATCH", "PUT", "DELETE"]);
    checkOneOf(this, "when", config.when, ["create", "destroy"]);
    dynamicToTerraform(this, "body", config.body);
    this.config = config;
  }

  /** The full URL called (resource_url + "/" + action). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** The whole `output` object (a Terraform dynamic value). */
  public get output(): cdktf.IResolvable {
    return this.interpolationForAttribute("output");
  }

  /** A reference to one exported value: `${msgraph_resource_action.<id>.output.<name>}`. */
  public outputValue(name: string): string {
    return outputReference(this, this.config.responseExportValues, name);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      resource_url: cdktf.stringToTerraform(c.resourceUrl),
      method: cdktf.stringToTerraform(c.method),
      action: cdktf.stringToTerraform(c.action),
      ...requestAttributes(c),
      body: dynamicToTerraform(this, "body", c.body),
      headers: stringMap(c.headers),
      query_parameters: c.queryParameters,
      when: cdktf.stringToTerraform(c.when),
      timeouts: timeoutsToTerraform(c.timeouts),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      resource_url: hclStringAttr(this, c.resourceUrl),
      method: hclStringAttr(this, c.method),
      action: hclStringAttr(this, c.action),
      ...requestHclAttributes(this, c),
      body: hclExact(this, c.body),
      headers: hclExact(this, c.headers),
      query_parameters: hclExact(this, c.queryParameters),
      when: hclStringAttr(this, c.when),
      timeouts: hcl(timeoutsToTerraform(c.timeouts), "struct", "MsgraphActionTimeouts", true),
    });
  }
}
