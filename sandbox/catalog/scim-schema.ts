/**
 * Synchronization template schemas of SCIM apps, built in Graph's synchronizationSchema shape
 * (Microsoft Graph v1.0: synchronizationSchema, synchronizationRule, objectMapping,
 * attributeMapping, attributeMappingSource, directoryDefinition).
 *
 * APPROXIMATION: vendors' template schemas are not public. Every template here carries the
 * mappings Entra's documentation lists for its generic SCIM app (use-scim-to-provision-users-and-
 * groups, "example of user attributes" and the group table); the `active` Switch, the rule id,
 * metadata values and the directory names are as commonly seen in exported schemas, not read
 * from a tenant (UNCONFIRMED). Deployments merge by name over whatever the template holds, so
 * the exact default set does not decide what a deploy writes.
 */
import type { JsonObject } from "../store";

export const SOURCE_DIRECTORY = "Azure Active Directory";
export const TARGET_DIRECTORY = "customappsso";

type Source = JsonObject;

export function attribute(name: string): Source {
  return { expression: `[${name}]`, name, parameters: [], type: "Attribute" };
}

export function constant(value: string): Source {
  return { expression: JSON.stringify(value), name: value, parameters: [], type: "Constant" };
}

export function fn(name: string, parameters: Array<[string, Source]>, expression: string): Source {
  return { expression, name, parameters: parameters.map(([key, value]) => ({ key, value })), type: "Function" };
}

function mapping(target: string, source: Source | null, options: { matchingPriority?: number; defaultValue?: string | null } = {}): JsonObject {
  return {
    defaultValue: options.defaultValue ?? null,
    exportMissingReferences: false,
    flowBehavior: "FlowWhenChanged",
    flowType: "Always",
    matchingPriority: options.matchingPriority ?? 0,
    source,
    targetAttributeName: target,
  };
}

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const ACTIVE = fn(
  "Switch",
  [
    ["source", attribute("IsSoftDeleted")],
    // The omitted defaultValue (an empty position) has no parameter entry (UNCONFIRMED).
    ["key", constant("False")],
    ["value", constant("True")],
    ["key", constant("True")],
    ["value", constant("False")],
  ],
  'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
);

function userMappings(): JsonObject[] {
  return [
    mapping("userName", attribute("userPrincipalName"), { matchingPriority: 1 }),
    mapping("active", ACTIVE),
    mapping("displayName", attribute("displayName")),
    mapping("title", attribute("jobTitle")),
    mapping('emails[type eq "work"].value', attribute("mail")),
    mapping("preferredLanguage", attribute("preferredLanguage")),
    mapping("name.givenName", attribute("givenName")),
    mapping("name.familyName", attribute("surname")),
    mapping("name.formatted", fn("Join", [["separator", constant(" ")], ["source", attribute("givenName")], ["source", attribute("surname")]], 'Join(" ", [givenName], [surname])')),
    mapping('addresses[type eq "work"].formatted', attribute("physicalDeliveryOfficeName")),
    mapping('addresses[type eq "work"].streetAddress', attribute("streetAddress")),
    mapping('addresses[type eq "work"].locality', attribute("city")),
    mapping('addresses[type eq "work"].region', attribute("state")),
    mapping('addresses[type eq "work"].postalCode', attribute("postalCode")),
    mapping('addresses[type eq "work"].country', attribute("country")),
    mapping('phoneNumbers[type eq "work"].value', attribute("telephoneNumber")),
    mapping('phoneNumbers[type eq "mobile"].value', attribute("mobile")),
    mapping('phoneNumbers[type eq "fax"].value', attribute("facsimileTelephoneNumber")),
    mapping("externalId", attribute("mailNickname")),
    mapping(`${ENTERPRISE}:employeeNumber`, attribute("employeeId")),
    mapping(`${ENTERPRISE}:department`, attribute("department")),
    mapping(`${ENTERPRISE}:manager`, attribute("manager")),
  ];
}

function groupMappings(): JsonObject[] {
  return [
    mapping("displayName", attribute("displayName"), { matchingPriority: 1 }),
    mapping("externalId", attribute("objectId")),
    mapping("members", attribute("members")),
  ];
}

const METADATA = (customerDefined: boolean) => [
  { key: "Disposition", value: '"Normal"' },
  { key: "EscrowBehavior", value: '"Default"' },
  { key: "ExcludeFromReporting", value: "false" },
  { key: "IsCustomerDefined", value: String(customerDefined) },
  { key: "Unsynchronized", value: "false" },
];

function objectMapping(object: "User" | "Group", appName: string): JsonObject {
  return {
    attributeMappings: object === "User" ? userMappings() : groupMappings(),
    enabled: true,
    flowTypes: "Add, Update, Delete",
    metadata: METADATA(false),
    name: `Synchronize Azure Active Directory ${object}s to ${appName}`,
    scope: null,
    sourceObjectName: object,
    targetObjectName: object,
  };
}

type AttributeSpec = [name: string, type: "String" | "Boolean" | "Reference" | "DateTime" | "Integer", multivalued?: boolean];

function attributeDefinition([name, type, multivalued]: AttributeSpec, anchor = false): JsonObject {
  return {
    anchor,
    apiExpressions: [],
    caseExact: false,
    defaultValue: null,
    flowNullValues: false,
    metadata: [],
    multivalued: multivalued ?? false,
    mutability: "ReadWrite",
    name,
    referencedObjects: type === "Reference" ? [{ referencedObjectName: name === "members" ? "User" : "User", referencedProperty: null }] : [],
    required: false,
    type,
  };
}

const ENTRA_USER: AttributeSpec[] = [
  ["objectId", "String"],
  ["accountEnabled", "Boolean"],
  ["appRoleAssignments", "String", true],
  ["city", "String"],
  ["companyName", "String"],
  ["country", "String"],
  ["department", "String"],
  ["displayName", "String"],
  ["employeeId", "String"],
  ["employeeType", "String"],
  ["facsimileTelephoneNumber", "String"],
  ["givenName", "String"],
  ["IsSoftDeleted", "Boolean"],
  ["jobTitle", "String"],
  ["mail", "String"],
  ["mailNickname", "String"],
  ["manager", "Reference"],
  ["mobile", "String"],
  ["physicalDeliveryOfficeName", "String"],
  ["postalCode", "String"],
  ["preferredLanguage", "String"],
  ["proxyAddresses", "String", true],
  ["state", "String"],
  ["streetAddress", "String"],
  ["surname", "String"],
  ["telephoneNumber", "String"],
  ["userPrincipalName", "String"],
  ["userType", "String"],
];

const ENTRA_GROUP: AttributeSpec[] = [
  ["objectId", "String"],
  ["description", "String"],
  ["displayName", "String"],
  ["IsSoftDeleted", "Boolean"],
  ["mail", "String"],
  ["mailNickname", "String"],
  ["members", "Reference", true],
];

const SCIM_USER: AttributeSpec[] = [
  ["userName", "String"],
  ["active", "Boolean"],
  ["displayName", "String"],
  ["title", "String"],
  ['emails[type eq "work"].value', "String"],
  ["preferredLanguage", "String"],
  ["name.givenName", "String"],
  ["name.familyName", "String"],
  ["name.formatted", "String"],
  ['addresses[type eq "work"].formatted', "String"],
  ['addresses[type eq "work"].streetAddress', "String"],
  ['addresses[type eq "work"].locality', "String"],
  ['addresses[type eq "work"].region', "String"],
  ['addresses[type eq "work"].postalCode', "String"],
  ['addresses[type eq "work"].country', "String"],
  ['phoneNumbers[type eq "work"].value', "String"],
  ['phoneNumbers[type eq "mobile"].value', "String"],
  ['phoneNumbers[type eq "fax"].value', "String"],
  ["externalId", "String"],
  [`${ENTERPRISE}:employeeNumber`, "String"],
  [`${ENTERPRISE}:department`, "String"],
  [`${ENTERPRISE}:manager`, "Reference"],
];

const SCIM_GROUP: AttributeSpec[] = [
  ["displayName", "String"],
  ["externalId", "String"],
  ["members", "Reference", true],
];

function directory(name: string, objects: Array<[string, AttributeSpec[]]>, anchor: string): JsonObject {
  return {
    discoverabilities: "AttributeNames, AttributeDataTypes",
    discoveryDateTime: null,
    id: name === SOURCE_DIRECTORY ? "AAD" : "SCIM",
    metadata: [],
    name,
    objects: objects.map(([objectName, attributes]) => ({
      attributes: attributes.map((a) => attributeDefinition(a, a[0] === anchor)),
      metadata: [],
      name: objectName,
      supportedApis: [],
    })),
    readOnly: false,
    version: null,
  };
}

export interface ScimTemplateOptions {
  /** The app's name in mapping names ("Synchronize Azure Active Directory Users to <appName>"). */
  readonly appName: string;
  readonly groups: boolean;
}

/** The template's synchronizationSchema: one rule Entra → app, users (and groups), and both directories. */
export function scimTemplateSchema(templateId: string, options: ScimTemplateOptions): JsonObject {
  const objects: Array<"User" | "Group"> = options.groups ? ["User", "Group"] : ["User"];
  return {
    id: templateId,
    version: "Date:2024-01-01T00:00:00Z",
    synchronizationRules: [
      {
        editable: true,
        id: "AD2SCIM",
        metadata: [{ key: "ConnectorIdentifier", value: "AzureActiveDirectory" }],
        name: options.groups ? "USER_GROUP_TO_SCIM" : "USER_TO_SCIM",
        objectMappings: objects.map((o) => objectMapping(o, options.appName)),
        priority: 1,
        sourceDirectoryName: SOURCE_DIRECTORY,
        targetDirectoryName: TARGET_DIRECTORY,
      },
    ],
    directories: [
      directory(
        SOURCE_DIRECTORY,
        objects.map((o) => [o, o === "User" ? ENTRA_USER : ENTRA_GROUP]),
        "objectId",
      ),
      directory(
        TARGET_DIRECTORY,
        objects.map((o) => [o, o === "User" ? SCIM_USER : SCIM_GROUP]),
        "id",
      ),
    ],
  };
}
