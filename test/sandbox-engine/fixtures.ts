/**
 * Graph-shaped inputs for the engine tests: a job schema in the shape of Entra's generic SCIM
 * template (users and groups), a small directory and its assignments.
 */
import type { CycleInput, GraphAttributeMapping, GraphFilterGroup, GraphSynchronizationSchema, GraphUser, GraphGroupWithMembers, AppRoleAssignmentInput, SecretPair } from "../../sandbox/provisioning";

export const USER_ROLE_ID = "11111111-1111-1111-1111-111111111111";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const attr = (target: string, source: string, matchingPriority = 0): GraphAttributeMapping => ({
  targetAttributeName: target,
  source: { type: "Attribute", name: source, expression: `[${source}]`, parameters: [] },
  defaultValue: null,
  flowType: "Always",
  flowBehavior: "FlowWhenChanged",
  matchingPriority,
});

const expr = (target: string, name: string, expression: string): GraphAttributeMapping => ({
  targetAttributeName: target,
  source: { type: "Function", name, expression },
  defaultValue: null,
  flowType: "Always",
  flowBehavior: "FlowWhenChanged",
  matchingPriority: 0,
});

export function scimSchema(options: { userScope?: GraphFilterGroup[]; groups?: boolean } = {}): GraphSynchronizationSchema {
  const userMappings = [
    attr("userName", "userPrincipalName", 1),
    expr("active", "Switch", 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'),
    attr("displayName", "displayName"),
    attr('emails[type eq "work"].value', "mail"),
    attr("name.givenName", "givenName"),
    attr("name.familyName", "surname"),
    attr("externalId", "mailNickname"),
    attr(`${ENTERPRISE}:department`, "department"),
  ];
  return {
    id: "scim-schema",
    version: "1",
    directories: [
      { name: "Azure Active Directory", objects: [] },
      {
        name: "customappsso",
        objects: [
          { name: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attributes: [{ name: "userName", type: "String" }, { name: "active", type: "Boolean" }, { name: `${ENTERPRISE}:manager`, type: "Reference" }] },
          { name: "urn:ietf:params:scim:schemas:core:2.0:Group", attributes: [{ name: "displayName", type: "String" }, { name: "members", type: "Reference", multivalued: true }] },
        ],
      },
    ],
    synchronizationRules: [
      {
        id: "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8",
        name: "USER_OUTBOUND_USER",
        sourceDirectoryName: "Azure Active Directory",
        targetDirectoryName: "customappsso",
        priority: 1,
        editable: true,
        objectMappings: [
          {
            name: "Provision Azure Active Directory Users",
            enabled: true,
            flowTypes: "Add, Update, Delete",
            sourceObjectName: "User",
            targetObjectName: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            scope: options.userScope ? { groups: options.userScope } : null,
            attributeMappings: userMappings,
          },
          {
            name: "Provision Azure Active Directory Groups",
            enabled: options.groups ?? false,
            flowTypes: "Add, Update, Delete",
            sourceObjectName: "Group",
            targetObjectName: "urn:ietf:params:scim:schemas:core:2.0:Group",
            scope: null,
            attributeMappings: [attr("displayName", "displayName", 1), attr("externalId", "objectId"), attr("members", "members")],
          },
        ],
      },
    ],
  };
}

/** iPass SmartConnect's registered-domain filter, as a user scoping filter group. */
export const CONTOSO_ONLY: GraphFilterGroup = {
  name: "Registered domains",
  clauses: [{ sourceOperandName: "userPrincipalName", operatorName: "REGEX MATCH", targetOperand: { values: [".*@([cC][oO][nN][tT][oO][sS][oO]\\.[cC][oO][mM])$"] } }],
};

export function user(nick: string, domain = "contoso.com", extra: Partial<GraphUser> = {}): GraphUser {
  const given = nick.charAt(0).toUpperCase() + nick.slice(1);
  return {
    id: `00000000-0000-4000-8000-${Buffer.from(nick).toString("hex").padStart(12, "0").slice(0, 12)}`,
    userPrincipalName: `${nick}@${domain}`,
    displayName: `${given} Example`,
    givenName: given,
    surname: "Example",
    mail: `${nick}@${domain}`,
    mailNickname: nick,
    department: "Sales",
    accountEnabled: true,
    ...extra,
  };
}

export function group(name: string, members: readonly GraphUser[]): GraphGroupWithMembers {
  return { id: `10000000-0000-4000-8000-${Buffer.from(name).toString("hex").padStart(12, "0").slice(0, 12)}`, displayName: name, members: members.map((m) => m.id) };
}

export const assignUser = (u: GraphUser): AppRoleAssignmentInput => ({ principalId: u.id, principalType: "User", appRoleId: USER_ROLE_ID });
export const assignGroup = (g: GraphGroupWithMembers): AppRoleAssignmentInput => ({ principalId: g.id, principalType: "Group", appRoleId: USER_ROLE_ID });

export function secrets(tenantUrl: string, token: string, extra: SecretPair[] = []): SecretPair[] {
  return [{ key: "BaseAddress", value: tenantUrl }, { key: "SecretToken", value: token }, { key: "SyncAll", value: "false" }, ...extra];
}

export function cycleInput(parts: Omit<CycleInput, "job" | "servicePrincipal" | "now"> & { schema: GraphSynchronizationSchema; now?: Date }): CycleInput {
  const { schema, now, ...rest } = parts;
  return {
    tenantId: "00000000-0000-0000-0000-000000000000",
    job: { id: "scim.0a1b2c3d.00000000-0000-0000-0000-000000000001", templateId: "scim", schema },
    servicePrincipal: {
      id: "22222222-2222-2222-2222-222222222222",
      appId: "33333333-3333-3333-3333-333333333333",
      displayName: "Local SCIM app",
      appRoles: [{ id: USER_ROLE_ID, value: "User", displayName: "User", isEnabled: true, allowedMemberTypes: ["User"] }],
    },
    now: now ?? new Date("2026-12-03T12:00:00Z"),
    ...rest,
  };
}
