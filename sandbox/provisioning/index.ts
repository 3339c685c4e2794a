/**
 * Entra's provisioning engine for the sandbox: cycles, Test Connection (validateCredentials) and
 * on-demand provisioning against SCIM apps, over Graph-shaped inputs and outputs. Imports neither
 * constructs/ nor cdktf; the expression language comes from expressions/.
 */
export { runCycle } from "./cycle";
export { validateCredentials, testConnectionAttribute } from "./validate-credentials";
export { provisionOnDemand, OnDemandError, MAX_ON_DEMAND_MEMBERS } from "./on-demand";
export { readSettings, readTenantUrl, SettingsError, DEFAULT_DELETE_THRESHOLD, type PatchDialect, type ProvisioningSettings } from "./settings";
export { COMPLETE_FAILURES_TO_QUARANTINE, QUARANTINE_TROUBLESHOOTING_URL } from "./status";
export { REDACTED } from "./redact";
export { applyRestart, parseResetScope, RestartError, type ResetScope, type RestartResult } from "./restart";
export type * from "./types";
