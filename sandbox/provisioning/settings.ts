/**
 * What the job's secrets and tenant URL tell the provisioning service: where the app is, its
 * token, the scope setting, out-of-scope handling, the accidental-deletion threshold, and the
 * PATCH dialect the tenant URL selects.
 */
import type { SecretPair } from "./types";

/**
 * Entra's two PATCH dialects. `default`: capitalized ops, booleans as "True"/"False" strings,
 * members removed with a value list. `aadOptscim062020`: the RFC 7644 section 3.5.2 compliant
 * behaviour turned on by that flag in the tenant URL
 * (application-provisioning-config-problem-scim-compatibility, "Flags to alter the SCIM behavior").
 */
export type PatchDialect = "default" | "aadOptscim062020";

export interface ProvisioningSettings {
  /** The SCIM root requests are sent under: the tenant URL without its query (flags) or trailing slash. */
  readonly scimRoot: string;
  readonly secretToken: string;
  readonly dialect: PatchDialect;
  /** `SyncAll` "true": every user and group is in scope, not only the assigned ones. */
  readonly syncAll: boolean;
  /** `SkipOutOfScopeDeletions` "True": users leaving scope are not disabled. */
  readonly skipOutOfScopeDeletions: boolean;
  /** Accidental-deletion threshold; null when prevention is off. */
  readonly deleteThreshold: number | null;
}

/** A setting the job cannot run without, or cannot read (one line, no secret value). */
export class SettingsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SettingsError";
  }
}

/**
 * Threshold used when DeleteThresholdEnabled is true without a DeleteThresholdValue. UNCONFIRMED:
 * 500 is the value a Microsoft support-wiki dump of SyncNotificationSettings shows, not a
 * documented default.
 */
export const DEFAULT_DELETE_THRESHOLD = 500;

const secret = (secrets: readonly SecretPair[], key: string): string | undefined =>
  // Graph's secret keys are an enum; compare case-insensitively as the portal writes them.
  secrets.find((s) => s.key.toLowerCase() === key.toLowerCase())?.value;

const isTrue = (value: string | undefined): boolean => value !== undefined && /^(true|1)$/i.test(value.trim());

/** The PATCH dialect and SCIM root a tenant URL selects. */
export function readTenantUrl(baseAddress: string): { scimRoot: string; dialect: PatchDialect } {
  let url: URL;
  try {
    url = new URL(baseAddress);
  } catch {
    throw new SettingsError("InvalidBaseAddress", "The tenant URL (BaseAddress) is not a URL");
  }
  if (url.protocol !== "https:") throw new SettingsError("InvalidBaseAddress", "The tenant URL (BaseAddress) is not https; Entra only connects to SCIM apps over TLS 1.2");
  // The flag is appended to the tenant URL; whether as `?aadOptscim062020` or
  // `?aadOptscim062020=true` is UNCONFIRMED (the doc shows it only in a screenshot), so any query
  // key of that name selects it, case-insensitively. `AzureAdScimPatch2017` is the current
  // default and rolls back to it.
  const keys = [...url.searchParams.keys()].map((k) => k.toLowerCase());
  const dialect: PatchDialect = keys.includes("aadoptscim062020") && !keys.includes("azureadscimpatch2017") ? "aadOptscim062020" : "default";
  url.search = "";
  url.hash = "";
  return { scimRoot: url.toString().replace(/\/+$/, ""), dialect };
}

function readNotificationSettings(raw: string | undefined): { deleteThreshold: number | null } {
  if (raw === undefined || raw.trim() === "") return { deleteThreshold: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SettingsError("InvalidSyncNotificationSettings", "SyncNotificationSettings is not a JSON object");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new SettingsError("InvalidSyncNotificationSettings", "SyncNotificationSettings is not a JSON object");
  const settings = parsed as Record<string, unknown>;
  const enabled = settings.DeleteThresholdEnabled === true || (typeof settings.DeleteThresholdEnabled === "string" && isTrue(settings.DeleteThresholdEnabled));
  if (!enabled) return { deleteThreshold: null };
  const value = typeof settings.DeleteThresholdValue === "string" ? Number(settings.DeleteThresholdValue) : settings.DeleteThresholdValue;
  if (value === undefined || value === null) return { deleteThreshold: DEFAULT_DELETE_THRESHOLD };
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new SettingsError("InvalidSyncNotificationSettings", "SyncNotificationSettings.DeleteThresholdValue is not a whole number");
  return { deleteThreshold: value };
}

export function readSettings(secrets: readonly SecretPair[]): ProvisioningSettings {
  const baseAddress = secret(secrets, "BaseAddress");
  if (!baseAddress) throw new SettingsError("MissingBaseAddress", "The job has no tenant URL (secret BaseAddress)");
  const { scimRoot, dialect } = readTenantUrl(baseAddress);
  // A blank Secret Token makes Entra send its own bearer token (testing only); the sandbox issues
  // none, so it refuses rather than invents one.
  const secretToken = secret(secrets, "SecretToken");
  if (!secretToken) throw new SettingsError("MissingSecretToken", "The job has no secret token (secret SecretToken); the sandbox does not issue Entra's own bearer tokens to SCIM apps");
  return {
    scimRoot,
    secretToken,
    dialect,
    syncAll: isTrue(secret(secrets, "SyncAll")),
    skipOutOfScopeDeletions: isTrue(secret(secrets, "SkipOutOfScopeDeletions")),
    ...readNotificationSettings(secret(secrets, "SyncNotificationSettings")),
  };
}
