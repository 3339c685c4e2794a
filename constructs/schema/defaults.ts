/**
 * Entra's default mappings for a generic (non-gallery) SCIM app (graph-sync.md section 4): what the
 * portal shows under Mappings before anyone edits them. NEVER WRITTEN by deploy: a job keeps the
 * mappings its own synchronization template carries (a gallery app's are the vendor's), and only
 * declared changes are applied over them (live-merge.ts). Kept as documentation and as the baseline
 * attribute set `verify --deep` sends when an app declares nothing. The primary source is the user-attribute table of
 * "Tutorial: develop and plan provisioning for a SCIM endpoint" (use-scim-to-provision-users-and-groups.md);
 * the `active` Switch, `name.formatted` Join, address/locality/region/country and preferredLanguage
 * rows and the matching precedences are consistent across many setup guides but UNCONFIRMED in a
 * Microsoft primary source.
 */
import type { AttributeMapping } from "./types";
import { ENTERPRISE_USER } from "./scim-attributes";

export const DEFAULT_USER_MAPPINGS: readonly AttributeMapping[] = [
  { target: "userName", source: "[userPrincipalName]", matching: 1 },
  { target: "active", source: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
  { target: "displayName", source: "[displayName]" },
  { target: "title", source: "[jobTitle]" },
  { target: 'emails[type eq "work"].value', source: "[mail]" },
  { target: "preferredLanguage", source: "[preferredLanguage]" },
  { target: "name.givenName", source: "[givenName]" },
  { target: "name.familyName", source: "[surname]" },
  { target: "name.formatted", source: 'Join(" ", [givenName], [surname])' },
  { target: 'addresses[type eq "work"].formatted', source: "[physicalDeliveryOfficeName]" },
  { target: 'addresses[type eq "work"].streetAddress', source: "[streetAddress]" },
  { target: 'addresses[type eq "work"].locality', source: "[city]" },
  { target: 'addresses[type eq "work"].region', source: "[state]" },
  { target: 'addresses[type eq "work"].postalCode', source: "[postalCode]" },
  { target: 'addresses[type eq "work"].country', source: "[country]" },
  { target: 'phoneNumbers[type eq "work"].value', source: "[telephoneNumber]" },
  { target: 'phoneNumbers[type eq "mobile"].value', source: "[mobile]" },
  { target: 'phoneNumbers[type eq "fax"].value', source: "[facsimileTelephoneNumber]" },
  { target: "externalId", source: "[mailNickname]" },
  { target: `${ENTERPRISE_USER}:employeeNumber`, source: "[employeeId]" },
  { target: `${ENTERPRISE_USER}:department`, source: "[department]" },
  { target: `${ENTERPRISE_USER}:manager`, source: "[manager]" },
];

export const DEFAULT_GROUP_MAPPINGS: readonly AttributeMapping[] = [
  { target: "displayName", source: "[displayName]", matching: 1 },
  { target: "externalId", source: "[objectId]" },
  { target: "members", source: "[members]" },
];
