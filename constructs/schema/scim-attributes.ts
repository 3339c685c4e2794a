/**
 * Target attribute names a SCIM app accepts, in the form Entra's mappings write them: core User
 * and Group (RFC 7643 sections 4.1 and 4.2) with Entra's path forms for multi-valued attributes
 * (`emails[type eq "work"].value`), and the enterprise extension (RFC 7643 section 4.3).
 * Connectors add their own (`extraTargets`).
 */

import { distance } from "./source-attributes";

export const ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/**
 * A SCIM attribute path as Entra's target attribute list writes it (RFC 7643 section 2.1 names,
 * an optional schema URN prefix, an optional value filter, an optional sub-attribute):
 * `costCenter`, `urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge`,
 * `phoneNumbers[type eq "pager"].value`. It is an identifier: anything else is rejected.
 */
const SCIM_PATH = /^(?:urn:[A-Za-z0-9._:-]+:)?[A-Za-z][A-Za-z0-9_-]*(?:\[[A-Za-z][A-Za-z0-9_-]* eq "[A-Za-z0-9 ._-]*"\])?(?:\.[A-Za-z][A-Za-z0-9_-]*)?$/;

/** Whether `name` is a SCIM attribute path (see SCIM_PATH), at most 256 characters. */
export function isScimAttributeName(name: string): boolean {
  return name.length <= 256 && SCIM_PATH.test(name);
}

const USER_SIMPLE = [
  "userName", "externalId", "active", "displayName", "nickName", "profileUrl", "title", "userType",
  "preferredLanguage", "locale", "timezone", "password",
  "name.formatted", "name.familyName", "name.givenName", "name.middleName", "name.honorificPrefix", "name.honorificSuffix",
  "roles", "groups", "entitlements", "x509Certificates",
];
const MULTI_VALUED: Record<string, { types: string[]; subs: string[] }> = {
  emails: { types: ["work", "home", "other"], subs: ["value", "display", "primary"] },
  phoneNumbers: { types: ["work", "mobile", "fax", "home", "pager", "other"], subs: ["value", "display", "primary"] },
  ims: { types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"], subs: ["value", "display", "primary"] },
  photos: { types: ["photo", "thumbnail"], subs: ["value", "display", "primary"] },
  addresses: {
    types: ["work", "home", "other"],
    subs: ["formatted", "streetAddress", "locality", "region", "postalCode", "country", "primary"],
  },
  roles: { types: [], subs: ["value", "display", "type", "primary"] },
};
const ENTERPRISE_ATTRIBUTES = ["employeeNumber", "costCenter", "organization", "division", "department", "manager"];
const GROUP_ATTRIBUTES = ["displayName", "externalId", "members"];

function userTargets(): Set<string> {
  const names = new Set<string>(USER_SIMPLE);
  for (const [attr, { types, subs }] of Object.entries(MULTI_VALUED)) {
    names.add(attr);
    for (const type of types) for (const sub of subs) names.add(`${attr}[type eq "${type}"].${sub}`);
    for (const sub of subs) names.add(`${attr}.${sub}`);
  }
  for (const a of ENTERPRISE_ATTRIBUTES) names.add(`${ENTERPRISE_USER}:${a}`);
  return names;
}

const USER_TARGETS = userTargets();
const GROUP_TARGETS = new Set(GROUP_ATTRIBUTES);

/**
 * The known target a mistyped one most likely means: an enterprise attribute written without its
 * schema URN (`costCenter`), else the closest name within edit distance 2 (case-insensitive).
 */
export function suggestTarget(kind: "users" | "groups", target: string, extra: readonly string[] = []): string | undefined {
  const lower = target.toLowerCase();
  if (kind === "users") {
    const enterprise = ENTERPRISE_ATTRIBUTES.find((a) => a.toLowerCase() === lower);
    if (enterprise) return `${ENTERPRISE_USER}:${enterprise}`;
  }
  let best: { name: string; d: number } | undefined;
  for (const name of [...(kind === "users" ? USER_TARGETS : GROUP_TARGETS), ...extra]) {
    const d = distance(lower, name.toLowerCase());
    if (d <= 2 && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/**
 * Is `target` an attribute of the app's SCIM schema for this object kind? Compared
 * case-insensitively, as SCIM attribute names are (RFC 7643 section 2.1).
 */
export function isKnownTarget(kind: "users" | "groups", target: string, extra: readonly string[] = []): boolean {
  const lower = target.toLowerCase();
  const known = kind === "users" ? USER_TARGETS : GROUP_TARGETS;
  for (const name of known) if (name.toLowerCase() === lower) return true;
  return extra.some((e) => e.toLowerCase() === lower);
}
