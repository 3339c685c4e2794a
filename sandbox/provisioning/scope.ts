/**
 * Who the job provisions: assignment-based scope (users assigned directly or as direct members of
 * an assigned group; everyone with SyncAll) and the object mapping's scoping filter
 * (how-provisioning-works, "Scoping"). Nested groups are not followed, as in Entra: "The service
 * can only read and provision users that are immediate members of an explicitly assigned group."
 */
import { entraSourceFromGraphGroup, entraSourceFromGraphUser, evaluateScopingFilter, type SourceRecord } from "../../expressions";
import type { AppRoleAssignmentInput, CycleInput, GraphGroupWithMembers, GraphObjectMapping, GraphUser } from "./types";

/** The all-zero app role id: "Default Access" when an app has no roles. */
const DEFAULT_ACCESS_ROLE_ID = "00000000-0000-0000-0000-000000000000";

export interface ObjectScope {
  /** Assigned to the app (or SyncAll), with a role that provisions. */
  readonly entitled: boolean;
  /** Entitled and passing the scoping filter (`scope.groups`). */
  readonly inScope: boolean;
  /** Soft-deleted (recycle bin) or blocked from sign-in: Entra disables such users. */
  readonly softDeleted: boolean;
  /** Why it is not in scope, for the Scoping step of the log. */
  readonly reason?: string;
  /** The filter group that matched. */
  readonly scopeGroup?: string;
  readonly source: SourceRecord;
}

/**
 * Roles whose assignments Entra does not provision. Gallery tutorials say "Users assigned with the
 * Default Access role are excluded from provisioning"; which role ids count as Default Access is
 * REASONED: the all-zero id, and a role whose value is msiam_access (the gallery apps' default role).
 */
function provisioningRole(input: CycleInput, assignment: AppRoleAssignmentInput): { value: string; displayName: string; id: string } | undefined {
  if (assignment.appRoleId === DEFAULT_ACCESS_ROLE_ID) return undefined;
  const role = input.servicePrincipal.appRoles?.find((r) => r.id === assignment.appRoleId);
  if (role && (role.value === "msiam_access" || role.isEnabled === false)) return undefined;
  return { value: role?.value ?? assignment.appRoleId, displayName: role?.displayName ?? role?.value ?? assignment.appRoleId, id: assignment.id ?? assignment.appRoleId };
}

export interface ScopeIndex {
  user(user: GraphUser, mapping: GraphObjectMapping | undefined): ObjectScope;
  group(group: GraphGroupWithMembers, mapping: GraphObjectMapping | undefined): ObjectScope;
}

export function indexScope(input: CycleInput, syncAll: boolean): ScopeIndex {
  // Roles per principal: a user's own assignments plus those of the assigned groups it is a direct member of.
  const roles = new Map<string, Array<{ value: string; displayName: string; id: string }>>();
  const add = (principalId: string, role: { value: string; displayName: string; id: string }) => {
    const list = roles.get(principalId) ?? [];
    if (!list.some((r) => r.id === role.id && r.value === role.value)) list.push(role);
    roles.set(principalId, list);
  };
  const groups = new Map(input.directory.groups.map((g) => [g.id, g]));
  const assignedGroups = new Set<string>();
  for (const assignment of input.appRoleAssignments) {
    const role = provisioningRole(input, assignment);
    if (!role) continue;
    if (assignment.principalType === "User") add(assignment.principalId, role);
    else if (assignment.principalType === "Group") {
      const group = groups.get(assignment.principalId);
      if (!group || group.deletedDateTime) continue;
      assignedGroups.add(group.id);
      add(group.id, role);
      for (const member of group.members) add(member, role);
    }
  }

  const verdict = (entitled: boolean, softDeleted: boolean, source: SourceRecord, mapping: GraphObjectMapping | undefined): ObjectScope => {
    if (!entitled) return { entitled, inScope: false, softDeleted, source, reason: "not assigned to the application" };
    const result = evaluateScopingFilter(mapping?.scope?.groups ?? null, source);
    return { entitled, inScope: result.inScope, softDeleted, source, reason: result.inScope ? undefined : result.reason, scopeGroup: result.group };
  };

  return {
    user(user, mapping) {
      const assigned = roles.get(user.id) ?? [];
      const softDeleted = Boolean(user.deletedDateTime) || user.accountEnabled === false;
      // No assignment is no value (null), as a missing attribute.
      const source: SourceRecord = { ...entraSourceFromGraphUser(user), IsSoftDeleted: softDeleted, appRoleAssignments: assigned.length > 0 ? assigned : null };
      return verdict(syncAll || assigned.length > 0, softDeleted, source, mapping);
    },
    group(group, mapping) {
      const softDeleted = Boolean(group.deletedDateTime);
      const groupRoles = roles.get(group.id) ?? [];
      const source: SourceRecord = { ...entraSourceFromGraphGroup(group), IsSoftDeleted: softDeleted, appRoleAssignments: groupRoles.length > 0 ? groupRoles : null };
      return verdict(syncAll || assignedGroups.has(group.id), softDeleted, source, mapping);
    },
  };
}
