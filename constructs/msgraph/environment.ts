/**
 * Clouds. Since 0.5.0 the msgraph provider selects a cloud with `environment` (PR #147, which
 * superseded the unmerged `msgraph_endpoint` proposal of PR #95). Its accepted values, from
 * internal/provider/environment.go and docs/index.md: `public` (alias `global`), `usgovernmentl4`
 * (alias `usgovernment`), `usgovernmentl5` (alias `dod`), `china` - the azuread provider's names
 * are accepted verbatim ("kept consistent with the AzureAD provider").
 */

/** Our tenant environment names (the azuread provider's). */
export const TENANT_ENVIRONMENTS = ["global", "usgovernmentl4", "usgovernmentl5", "china"] as const;

/** Every value the msgraph provider's `environment` argument accepts (case-insensitive there). */
export const MSGRAPH_ENVIRONMENTS = ["public", "global", "usgovernment", "usgovernmentl4", "dod", "usgovernmentl5", "china"] as const;

// The provider's own value for each of our names. The azuread names are accepted as they are, so
// the mapping is the identity; it lives here so a future divergence is a one-line change.
const ENVIRONMENT: Record<string, string> = {
  global: "global",
  usgovernmentl4: "usgovernmentl4",
  usgovernmentl5: "usgovernmentl5",
  china: "china",
};

// The Graph root the provider resolves each of our names to (environment.go GraphHost* constants).
const GRAPH_ROOT: Record<string, string> = {
  global: "https://graph.microsoft.com",
  usgovernmentl4: "https://graph.microsoft.us",
  usgovernmentl5: "https://dod-graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
};

function unknownEnvironment(field: string, env: string): Error {
  return new Error(`msgraph: ${field}: unknown environment "${env}"; expected one of ${TENANT_ENVIRONMENTS.join(", ")}`);
}

/**
 * The msgraph provider's `environment` value for one of our tenant environment names
 * ("global" | "usgovernmentl4" | "usgovernmentl5" | "china"). Throws on any other name.
 */
export function msgraphEnvironment(env: string): string {
  const value = ENVIRONMENT[env];
  if (value === undefined) throw unknownEnvironment("environment", env);
  return value;
}

/**
 * The Graph root URL of a tenant environment, e.g. for `@odata.id` references. The provider derives
 * it from `environment` itself; this is not a provider argument.
 */
export function msgraphEndpoint(env: string): string {
  const value = GRAPH_ROOT[env];
  if (value === undefined) throw unknownEnvironment("environment", env);
  return value;
}

/** The tenant environment whose Graph root is `url` (trailing slash ignored), or undefined. */
export function environmentOfEndpoint(url: string): string | undefined {
  const trimmed = url.replace(/\/+$/, "");
  return Object.keys(GRAPH_ROOT).find((env) => GRAPH_ROOT[env] === trimmed);
}
