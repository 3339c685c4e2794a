/**
 * Shared pieces of the hand-written msgraph bindings. The microsoft/msgraph provider has no
 * prebuilt cdktf package and `cdktf get` cannot run here, so these classes are written by hand
 * against the provider's published argument lists (see test/msgraph).
 */
import * as cdktf from "cdktf";
import type { IConstruct } from "constructs";
import { MSGRAPH_PROVIDER_VERSION } from "../provider-versions";
import { hcl, hclExact } from "./hcl";

/** Pinned in required_providers; defined with azuread's in ../provider-versions. */
export { MSGRAPH_PROVIDER_VERSION };

export const generatorMetadata: cdktf.TerraformProviderGeneratorMetadata = {
  providerName: "msgraph",
  providerVersion: MSGRAPH_PROVIDER_VERSION,
};

/**
 * `retry` (a single nested attribute, not a block): retry a request while its error matches one of
 * these regular expressions (RE2 syntax; at least one, no duplicates - the provider validates both).
 * 408, 429, 500, 502, 503 and 504 are retried regardless.
 */
export interface MsgraphRetry {
  readonly errorMessageRegex: string[];
}

/** `timeouts` block of msgraph_update_resource (Go durations, e.g. "10m"). */
export interface MsgraphTimeouts {
  /** @default "30m" (provider default) */
  readonly create?: string;
  /** @default "5m" (provider default) */
  readonly read?: string;
  /** @default "30m" (provider default) */
  readonly update?: string;
  /** @default "30m" (provider default) */
  readonly delete?: string;
}

/** `timeouts` block of msgraph_resource_action: the action only has a create timeout. */
export interface MsgraphActionTimeouts {
  /** @default "30m" (provider default) */
  readonly create?: string;
}

/** `timeouts` block of data msgraph_resource: reads only. */
export interface MsgraphReadTimeouts {
  /** @default "5m" (provider default) */
  readonly read?: string;
}

/** One-line construct error: `<path>: <field>: what is wrong; what is expected`. */
export function bindingError(element: IConstruct, field: string, message: string): Error {
  return new Error(`${element.node.path}: ${field}: ${message}`);
}

export function validateRetry(element: IConstruct, retry: MsgraphRetry | undefined): void {
  if (retry === undefined || cdktf.Tokenization.isResolvable(retry.errorMessageRegex) || cdktf.Token.isUnresolved(retry.errorMessageRegex)) return;
  const list = retry.errorMessageRegex;
  if (!Array.isArray(list) || list.length === 0) {
    throw bindingError(element, "retry.errorMessageRegex", "is empty; expected at least one regular expression");
  }
  const seen = new Set<string>();
  for (const r of list) {
    if (seen.has(r)) throw bindingError(element, "retry.errorMessageRegex", `"${r}" appears twice; expected unique expressions`);
    seen.add(r);
  }
}

/** Each resource publishes its own timeouts keys; another key would fail `terraform validate`. */
export function validateTimeouts(element: IConstruct, t: object | undefined, allowed: readonly string[]): void {
  if (t === undefined || cdktf.Tokenization.isResolvable(t)) return;
  for (const key of Object.keys(t)) {
    if (!allowed.includes(key)) throw bindingError(element, `timeouts.${key}`, `is not a timeout of this resource; expected ${allowed.join(", ")}`);
  }
}

export function retryToTerraform(retry: MsgraphRetry | undefined): unknown {
  return retry === undefined ? undefined : { error_message_regex: cdktf.listMapper(cdktf.stringToTerraform, false)(retry.errorMessageRegex) };
}

/** The timeouts block with only the keys that are set (the keys are the same in Terraform). */
export function timeoutsToTerraform(t: object | undefined): unknown {
  if (t === undefined) return undefined;
  const set = Object.entries(t as Record<string, string | undefined>).filter(([, v]) => v !== undefined);
  return set.length === 0 ? undefined : Object.fromEntries(set.map(([k, v]) => [k, cdktf.stringToTerraform(v)]));
}

/**
 * A Terraform dynamic value (msgraph `body`): plain JSON whose keys are Graph's camelCase names
 * and must reach Terraform unchanged. cdktf resolves tokens inside it and does not rename the keys
 * of resource attributes (only provider attributes go through keysToSnakeCase), so it passes as is.
 * It is checked for values JSON cannot carry, which would otherwise vanish or break at synth.
 * Its strings are Terraform templates (`${...}` interpolates, `$${` is a literal "${").
 */
export function dynamicToTerraform(element: IConstruct, field: string, value: unknown): unknown {
  checkJson(element, field, value);
  // Strings are passed through, not escaped: like every string cdktf writes, they are Terraform
  // templates, so a literal "${" is written "$${" by the caller (constructs/schema does this).
  return value;
}

function checkJson(element: IConstruct, path: string, value: unknown): void {
  if (value === null || value === undefined || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw bindingError(element, path, `${value} is not a JSON number; expected a finite number`);
    return;
  }
  if (typeof value !== "object") throw bindingError(element, path, `a ${typeof value} cannot be sent to Graph; expected JSON data (objects, arrays, strings, numbers, booleans, null)`);
  if (cdktf.Tokenization.isResolvable(value)) return; // resolved by cdktf at synth
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) throw bindingError(element, `${path}[${i}]`, "is undefined; expected a JSON value (use null)");
      checkJson(element, `${path}[${i}]`, item);
    });
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw bindingError(element, path, `a ${proto?.constructor?.name ?? "class"} instance cannot be sent to Graph; expected a plain object`);
  }
  for (const [k, v] of Object.entries(value)) checkJson(element, `${path}.${k}`, v);
}

export function stringMap(map: Record<string, string> | undefined): unknown {
  return cdktf.hashMapper(cdktf.stringToTerraform)(map);
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
  readonly apiVersion?: "v1.0" | "beta";
  /** Name -> JMESPath into the response, exported in `output`. @default - nothing exported */
  readonly responseExportValues?: Record<string, string>;
  /** Retry while the error matches (408, 429 and 5xx are always retried). @default - no extra retries */
  readonly retry?: MsgraphRetry;
}

/**
 * Checks, at construction, what the provider would reject at plan: an api_version other than
 * v1.0/beta, an empty or repeating retry list, and (given `oneOf`) string enums such as `method`.
 */
export function validateRequest(element: IConstruct, c: MsgraphRequestConfig): void {
  checkOneOf(element, "apiVersion", c.apiVersion, ["v1.0", "beta"]);
  validateRetry(element, c.retry);
}

/** The provider's required arguments, checked for callers that bypass the types (JavaScript, casts). */
export function requireArgs(element: IConstruct, config: object, keys: readonly string[]): void {
  for (const key of keys) {
    const value = (config as Record<string, unknown>)[key];
    if (value === undefined || value === null || value === "") {
      throw bindingError(element, key, "is required by the provider; expected a non-empty string");
    }
  }
}

export function checkOneOf(element: IConstruct, field: string, value: string | undefined, allowed: readonly string[]): void {
  if (value === undefined || cdktf.Token.isUnresolved(value) || allowed.includes(value)) return;
  throw bindingError(element, field, `"${value}" is not accepted by the provider; expected one of ${allowed.join(", ")}`);
}

/** The synthesized form of the arguments in MsgraphRequestConfig. */
export function requestAttributes(c: MsgraphRequestConfig): Record<string, unknown> {
  return {
    api_version: cdktf.stringToTerraform(c.apiVersion),
    response_export_values: stringMap(c.responseExportValues),
    retry: retryToTerraform(c.retry),
  };
}

export function requestHclAttributes(scope: IConstruct, c: MsgraphRequestConfig) {
  return {
    api_version: hcl(c.apiVersion, "simple", "string"),
    response_export_values: hclExact(scope, c.responseExportValues),
    retry: hclExact(scope, retryToTerraform(c.retry)),
  };
}

// An exported name becomes an HCL attribute access (`output.<name>`), so it must be an identifier.
const EXPORT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A reference to one value exported with response_export_values: `${<address>.output.<name>}`.
 * Only names the element exports are accepted, so a typo fails at synth instead of at plan.
 */
export function outputReference(element: cdktf.TerraformResource | cdktf.TerraformDataSource, exported: Record<string, string> | undefined, name: string): string {
  if (!EXPORT_NAME.test(name)) {
    throw bindingError(element, "outputValue", `"${name}" is not a valid attribute name; expected letters, digits, "_" or "-", not starting with a digit`);
  }
  if (exported === undefined || (!cdktf.Tokenization.isResolvable(exported) && !(name in exported))) {
    const known = Object.keys(exported ?? {});
    throw bindingError(element, "outputValue", `"${name}" is not in responseExportValues; expected one of ${known.length ? known.join(", ") : "(none exported)"}`);
  }
  return cdktf.Token.asString(element.interpolationForAttribute(`output.${name}`));
}
