/**
 * Local SCIM apps for the sandbox: one scimmy server per app of the tenant on 127.0.0.1, and a
 * dispatcher that routes the apps' tenant URL hosts to them without leaving the machine.
 */
export { startScimApps, tenantUrlHosts, type ScimAppSpec, type RunningScimApp, type ScimApps, type StartScimAppsOptions, type RecordedRequest, type Intercept } from "./server";
export { routeTenantUrls, UnroutedHostError, type RouteOptions } from "./routing";
export { SEEDED_TENANT_URLS } from "./seeded";
export type { ScimRecord } from "./store";
