/**
 * Entra ID's source attributes: what `[attribute]` may name in a mapping expression of an
 * outbound (Entra ID -> SCIM app) provisioning job, for users and for groups.
 *
 * Sources:
 * - ../shared/reference/graph-sync.md section 4: the attributes of Entra's default user and group
 *   mappings (Microsoft's "use SCIM to provision users and groups" example table, and the default
 *   template's mappings) and section 3's function examples ([IsSoftDeleted], [appRoleAssignments]).
 * - Microsoft Learn, "Customize application attributes" (customize-application-attributes.md): directory
 *   extension attributes are named `extension_<appId without dashes>_<name>` and are case-sensitive;
 *   "Syncing extension attributes for application provisioning" (user-provisioning-sync-attributes-for-mapping.md):
 *   attributes missing from the source list are added as such extensions.
 * - Microsoft Learn, "Azure AD Connect sync: attributes synchronized": `extensionAttribute1`..`15`
 *   are synchronized to Entra ID for users (and groups; UNCONFIRMED that the provisioning drop-down
 *   offers them for groups, so they are accepted for users only).
 * UNCONFIRMED: the portal's source attribute drop-down is not published as one list. Names below
 * marked so are Graph `user` properties the drop-down is believed to offer, not taken from a
 * Microsoft provisioning page. A missing name is one line here; directory extensions never need one.
 *
 * Names are compared exactly (the expression language is case-sensitive, graph-sync.md section 3);
 * a name that differs only in case gets a did-you-mean.
 */

/** Attributes of the source object every provisioning job exposes, users and groups alike. */
const COMMON = ["objectId", "displayName", "mail", "mailNickname", "proxyAddresses", "IsSoftDeleted", "appRoleAssignments"];

/** User attributes (graph-sync.md 4 unless marked UNCONFIRMED). */
const USER = [
  ...COMMON,
  "userPrincipalName",
  "givenName",
  "surname",
  "jobTitle",
  "department",
  "employeeId",
  "manager",
  "mobile",
  "telephoneNumber",
  "facsimileTelephoneNumber",
  "physicalDeliveryOfficeName",
  "streetAddress",
  "city",
  "state",
  "postalCode",
  "country",
  "preferredLanguage",
  // UNCONFIRMED (Graph user properties offered by the drop-down, not in a provisioning page;
  // accountEnabled is named by Microsoft's "Entra ID SCIM API schema" page, the inbound direction):
  "accountEnabled",
  "companyName",
  "employeeType",
  "employeeHireDate",
  "employeeLeaveDateTime",
  "employeeOrgData",
  "otherMails",
  "usageLocation",
  "userType",
  "immutableId",
  "onPremisesDistinguishedName",
  "onPremisesDomainName",
  "onPremisesSamAccountName",
  "onPremisesSecurityIdentifier",
  "onPremisesUserPrincipalName",
  "passwordPolicies",
  "officeLocation",
  "businessPhones",
  "mobilePhone",
  "faxNumber",
  "ageGroup",
  "consentProvidedForMinor",
  "legalAgeGroupClassification",
  "createdDateTime",
  "signInSessionsValidFromDateTime",
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
];

/** Group attributes (graph-sync.md 4: displayName, members, objectId; others UNCONFIRMED as above). */
const GROUP = [...COMMON, "members", "description", "mailEnabled", "securityEnabled", "groupTypes", "onPremisesSecurityIdentifier", "onPremisesSamAccountName"];

export const SOURCE_ATTRIBUTES: Readonly<Record<"users" | "groups", ReadonlySet<string>>> = {
  users: new Set(USER),
  groups: new Set(GROUP),
};

/**
 * User attributes that identify one user (Microsoft: "Customers often use attributes such as
 * userPrincipalName, mail, or object ID as the matching attribute"), plus the other identifiers
 * Entra keeps unique per user. Extension attributes hold whatever a tenant puts there (Microsoft's
 * own matching example uses extensionAttribute1), so they count as unique too. REASONED: a
 * heuristic for a synth warning, not a rule Entra enforces.
 */
const UNIQUE_USER = new Set([
  "userPrincipalName",
  "mail",
  "objectId",
  "mailNickname",
  "employeeId",
  "immutableId",
  "proxyAddresses",
  "otherMails",
  "onPremisesDistinguishedName",
  "onPremisesSamAccountName",
  "onPremisesSecurityIdentifier",
  "onPremisesUserPrincipalName",
]);

/** Whether a user attribute looks unique enough to match accounts by (see UNIQUE_USER). */
export function looksUniqueUserAttribute(name: string): boolean {
  return UNIQUE_USER.has(name) || /^extensionAttribute([1-9]|1[0-5])$/.test(name) || DIRECTORY_EXTENSION.test(name);
}

/** A directory extension: `extension_<32 hex digits of the app id>_<name>`. */
const DIRECTORY_EXTENSION = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/i;

/** Whether `name` is a source attribute of Entra ID users or groups. */
export function isSourceAttribute(kind: "users" | "groups", name: string): boolean {
  return SOURCE_ATTRIBUTES[kind].has(name) || DIRECTORY_EXTENSION.test(name);
}

/** The closest known attribute (case-insensitive match first, then edit distance <= 2), if any. */
export function suggestSourceAttribute(kind: "users" | "groups", name: string): string | undefined {
  const known = [...SOURCE_ATTRIBUTES[kind]];
  const lower = name.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d <= 2 && (best === undefined || d < best.distance)) best = { name: k, distance: d };
  }
  return best?.name;
}

/** Levenshtein distance, small strings only (3 stands for "more than 2"). */
export function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
