/**
 * Entra's source attributes of a user or group, from the Graph object `GET /users` (or
 * `/groups`) returns. Provisioning mappings and scoping filters name attributes as the Azure AD
 * Graph API did (the portal's source list links to its entity reference); Microsoft Graph renamed
 * some. The renames are from Microsoft's "Property differences between Azure AD Graph and
 * Microsoft Graph" (microsoft-graph-docs-contrib, concepts/migrate-azure-ad-graph-property-differences.md):
 *   facsimileTelephoneNumber = faxNumber, immutableId = onPremisesImmutableId,
 *   mobile = mobilePhone, telephoneNumber = businessPhones (the first),
 *   dirSyncEnabled = onPremisesSyncEnabled, lastDirSyncTime = onPremisesLastSyncDateTime,
 *   refreshTokensValidFromDateTime = signInSessionsValidFromDateTime,
 *   userState = externalUserState, userStateChangedOn = externalUserStateChangeDateTime;
 * objectId is the object's id; extensionAttribute1..15 are onPremisesExtensionAttributes'.
 * IsSoftDeleted is true for a disabled or soft-deleted user (customize-application-attributes.md:
 * "AccountEnabled is set to false", "soft deleted"; the out-of-scope cases are the provisioning
 * engine's). For a B2B user, userPrincipalName is the original alias@theirdomain and
 * originalUserPrincipalName the full alias_theirdomain#EXT#@yourdomain (how-provisioning-works.md).
 *
 * Every other scalar or string-list property is taken under its Graph name, directory extensions
 * (extension_<appId>_<name>) included, so a mapping that names a Graph property reads it.
 */
import type { AppRoleAssignmentSource, GraphGroup, GraphUser, SourceRecord, SourceValue } from "./types";

/** Entra's name for a Microsoft Graph user property, where they differ. */
const USER_RENAMES: Readonly<Record<string, string>> = {
  faxNumber: "facsimileTelephoneNumber",
  onPremisesImmutableId: "immutableId",
  mobilePhone: "mobile",
  onPremisesSyncEnabled: "dirSyncEnabled",
  onPremisesLastSyncDateTime: "lastDirSyncTime",
  signInSessionsValidFromDateTime: "refreshTokensValidFromDateTime",
  externalUserState: "userState",
  externalUserStateChangeDateTime: "userStateChangedOn",
  // UNCONFIRMED: Azure AD Graph's physicalDeliveryOfficeName is Microsoft Graph's officeLocation;
  // the differences page does not list it, and Microsoft Graph has no physicalDeliveryOfficeName.
  officeLocation: "physicalDeliveryOfficeName",
};

export interface UserSourceOptions {
  /**
   * The user's app role assignments to the app being provisioned, with the roles' values
   * (Graph's appRoleAssignment names only the role's id; its value is on the service principal).
   * @default - none: [appRoleAssignments] has no value
   */
  readonly appRoleAssignments?: readonly AppRoleAssignmentSource[];
}

/** A Graph value Entra can read as an attribute: text, a boolean, a number, or a list of strings. */
function scalar(value: unknown): SourceValue | undefined {
  if (value === null) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

function copyScalars(object: Readonly<Record<string, unknown>>, renames: Readonly<Record<string, string>>, into: Record<string, SourceValue>): void {
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key) || key.startsWith("@odata.")) continue;
    const v = scalar(object[key]);
    if (v === undefined) continue;
    into[key] = v;
    const renamed = renames[key];
    if (renamed !== undefined) into[renamed] = v;
  }
}

const B2B = /^(.*)_([^_]+)#EXT#@/i;
const EXTENSION_ATTRIBUTES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`);

/**
 * Attributes every user record has, null when the user has no value: the names Entra's default
 * mappings and the portal's source list use (graph-sync.md section 4), so a mapping reads "no
 * value" by its exact name.
 */
const USER_ATTRIBUTES = [
  "accountEnabled", "city", "companyName", "country", "department", "displayName", "employeeId", "employeeType", "facsimileTelephoneNumber",
  "givenName", "immutableId", "jobTitle", "mail", "mailNickname", "mobile", "otherMails", "physicalDeliveryOfficeName", "postalCode",
  "preferredLanguage", "proxyAddresses", "state", "streetAddress", "surname", "usageLocation", "userPrincipalName", "userType",
];

/** Entra's source attributes of a Graph user, by the names mappings and scoping filters use. */
export function entraSourceFromGraphUser(user: GraphUser, options: UserSourceOptions = {}): SourceRecord {
  const record: Record<string, SourceValue> = {};
  for (const name of USER_ATTRIBUTES) record[name] = null;
  copyScalars(user, USER_RENAMES, record);
  record.objectId = user.id;
  const phones = user.businessPhones;
  record.telephoneNumber = Array.isArray(phones) && typeof phones[0] === "string" ? phones[0] : null;
  const extensions = user.onPremisesExtensionAttributes;
  const ext = extensions !== null && typeof extensions === "object" ? (extensions as Record<string, unknown>) : undefined;
  for (const name of EXTENSION_ATTRIBUTES) {
    const v = ext?.[name];
    record[name] = typeof v === "string" ? v : null;
  }
  const upn = typeof user.userPrincipalName === "string" ? user.userPrincipalName : null;
  record.originalUserPrincipalName = upn;
  const guest = upn === null || !upn.toUpperCase().includes("#EXT#") ? null : B2B.exec(upn);
  if (guest) record.userPrincipalName = `${guest[1]}@${guest[2]}`;
  // UNCONFIRMED: a reference attribute; Entra sends the manager's id in the target app (the
  // object it provisioned for the manager). Read from `$expand=manager`, this is the manager's
  // Entra object id.
  const manager = user.manager as { id?: unknown } | null | undefined;
  record.manager = manager !== null && typeof manager === "object" && typeof manager.id === "string" ? manager.id : null;
  const deleted = typeof user.deletedDateTime === "string" && user.deletedDateTime !== "";
  record.IsSoftDeleted = user.accountEnabled === false || deleted;
  record.appRoleAssignments = options.appRoleAssignments && options.appRoleAssignments.length > 0 ? [...options.appRoleAssignments] : null;
  return record;
}

/**
 * Entra's source attributes of a Graph group. members is the members' object ids (from
 * `$expand=members`; UNCONFIRMED as an attribute value: Entra provisions members as references).
 */
export function entraSourceFromGraphGroup(group: GraphGroup, options: UserSourceOptions = {}): SourceRecord {
  const record: Record<string, SourceValue> = {};
  copyScalars(group, {}, record);
  record.objectId = group.id;
  const members = group.members;
  record.members = Array.isArray(members) ? members.flatMap((m) => (m !== null && typeof m === "object" && typeof (m as { id?: unknown }).id === "string" ? [(m as { id: string }).id] : [])) : null;
  record.IsSoftDeleted = typeof group.deletedDateTime === "string" && group.deletedDateTime !== "";
  record.appRoleAssignments = options.appRoleAssignments && options.appRoleAssignments.length > 0 ? [...options.appRoleAssignments] : null;
  return record;
}
