/**
 * What each user receives from one app: in scope or not (assignment, then the scoping filters),
 * and the attributes the app's mappings send when the user is created in the app. With a base
 * (another synth output), what differs between the two.
 */
import {
  entraSourceFromGraphUser,
  evaluateScopingFilter,
  mapObject,
  type AppRoleAssignmentSource,
  type EvalValue,
  type GraphGroup,
  type GraphUser,
  type MappingError,
} from "../../expressions";
import type { AppManifest } from "../../manifest/schema";
import type { EffectiveMapping } from "./effective";

export interface UserPreview {
  readonly id: string;
  readonly userPrincipalName: string | null;
  readonly inScope: boolean;
  /** The scoping filter group that holds (absent when the app has no filter). */
  readonly scopeGroup?: string;
  /** Why the user is out of scope. */
  readonly reason?: string;
  /** What the app receives on creation; empty when out of scope. */
  readonly attributes: Record<string, Exclude<EvalValue, null>>;
  /** Mappings that could not be evaluated for this user (Entra fails the user). */
  readonly errors?: readonly MappingError[];
}

export interface Change {
  readonly attribute: string;
  readonly before: EvalValue;
  readonly after: EvalValue;
}

export interface UserDiff extends UserPreview {
  readonly changes: readonly Change[];
}

/** The attribute a scope change is reported as. */
export const SCOPE = "(scope)";

export interface PreviewInput {
  readonly users: readonly GraphUser[];
  readonly groups: readonly GraphGroup[];
  readonly now: Date;
}

/** How assignments reach a user: directly (by UPN or object id) or through a group it is a direct member of. */
class Assignments {
  private readonly groupsOf = new Map<string, GraphGroup[]>();
  constructor(
    private readonly app: AppManifest,
    groups: readonly GraphGroup[],
  ) {
    for (const g of groups) {
      for (const m of (g.members as { id: string }[] | null | undefined) ?? []) {
        const list = this.groupsOf.get(m.id) ?? [];
        list.push(g);
        this.groupsOf.set(m.id, list);
      }
    }
  }

  /** The roles the user holds in the app through its assignments (empty: not assigned). */
  rolesOf(user: GraphUser): AppRoleAssignmentSource[] {
    const upn = typeof user.userPrincipalName === "string" ? user.userPrincipalName.toLowerCase() : undefined;
    const memberOf = this.groupsOf.get(user.id) ?? [];
    const roles: AppRoleAssignmentSource[] = [];
    for (const a of this.app.assignments) {
      const applies =
        a.principalType === "user"
          ? a.principal.toLowerCase() === upn || a.principal.toLowerCase() === user.id.toLowerCase()
          : memberOf.some((g) => g.id.toLowerCase() === a.principal.toLowerCase() || g.displayName === a.principal);
      // UNCONFIRMED: the role's value; the manifest names the role by its display name (gallery
      // roles often have an empty value).
      if (applies && !roles.some((r) => r.displayName === a.role)) roles.push({ value: a.role, displayName: a.role });
    }
    return roles;
  }
}

/** Groups named by the app's assignments that the groups file does not have. */
export function missingGroups(app: AppManifest, groups: readonly GraphGroup[]): string[] {
  return app.assignments
    .filter((a) => a.principalType === "group")
    .map((a) => a.principal)
    .filter((p) => !groups.some((g) => g.id.toLowerCase() === p.toLowerCase() || g.displayName === p));
}

/** Every user's preview for one app. */
export function previewUsers(app: AppManifest, mapping: EffectiveMapping, input: PreviewInput): UserPreview[] {
  const assignments = new Assignments(app, input.groups);
  const groups = mapping.objectMapping.scope?.groups ?? [];
  const previews: UserPreview[] = [];
  for (const user of input.users) {
    const id = user.id;
    const userPrincipalName = typeof user.userPrincipalName === "string" ? user.userPrincipalName : null;
    const roles = assignments.rolesOf(user);
    if (app.scope === "assignedOnly" && roles.length === 0) {
      previews.push({ id, userPrincipalName, inScope: false, reason: NOT_ASSIGNED, attributes: {} });
      continue;
    }
    const source = entraSourceFromGraphUser(user, { appRoleAssignments: roles });
    let scope;
    try {
      scope = evaluateScopingFilter(groups, source);
    } catch (err) {
      const message = (err as Error).message;
      previews.push({ id, userPrincipalName, inScope: false, reason: message, attributes: {}, errors: [{ attribute: SCOPE, message }] });
      continue;
    }
    if (!scope.inScope) {
      previews.push({ id, userPrincipalName, inScope: false, reason: scope.reason, attributes: {} });
      continue;
    }
    const mapped = mapObject(mapping.objectMapping, source, { now: input.now, targetAttributes: mapping.targetAttributes, seed: id });
    const preview: { -readonly [K in keyof UserPreview]: UserPreview[K] } = { id, userPrincipalName, inScope: true, attributes: mapped.attributes };
    if (scope.group !== undefined) preview.scopeGroup = scope.group;
    if (mapped.errors) preview.errors = mapped.errors;
    previews.push(preview);
  }
  return previews;
}

const NOT_ASSIGNED = "not assigned to the app (scope: assigned users and groups only)";

const same = (a: EvalValue | undefined, b: EvalValue | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Users whose scope or attributes differ from the base's, with what changed. */
export function diffPreviews(before: readonly UserPreview[] | undefined, after: readonly UserPreview[]): UserDiff[] {
  const old = new Map((before ?? []).map((u) => [u.id, u]));
  const diffs: UserDiff[] = [];
  for (const now of after) {
    const was = old.get(now.id);
    const changes: Change[] = [];
    const wasIn = was?.inScope ?? false;
    if (wasIn !== now.inScope) changes.push({ attribute: SCOPE, before: wasIn, after: now.inScope });
    const attributes = [...new Set([...Object.keys(was?.attributes ?? {}), ...Object.keys(now.attributes)])].sort();
    for (const a of attributes) {
      const b = was?.attributes[a];
      const n = now.attributes[a];
      if (!same(b, n)) changes.push({ attribute: a, before: b ?? null, after: n ?? null });
    }
    if (changes.length > 0) diffs.push({ ...now, changes });
  }
  return diffs;
}

/** "312 users change userName; 4 leave scope; 2 enter scope": counts by attribute, scope first. */
export interface ChangeCounts {
  readonly enter: number;
  readonly leave: number;
  /** Users whose value changes, by attribute, for users in scope before and after. */
  readonly attributes: ReadonlyArray<readonly [string, number]>;
  /** Users with mappings that could not be evaluated, after the change. */
  readonly failing: number;
}

export function countChanges(diffs: readonly UserDiff[]): ChangeCounts {
  let enter = 0;
  let leave = 0;
  const byAttribute = new Map<string, number>();
  for (const d of diffs) {
    const scope = d.changes.find((c) => c.attribute === SCOPE);
    if (scope) {
      if (scope.after === true) enter++;
      else leave++;
      continue;
    }
    for (const c of d.changes) byAttribute.set(c.attribute, (byAttribute.get(c.attribute) ?? 0) + 1);
  }
  const attributes = [...byAttribute.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { enter, leave, attributes, failing: diffs.filter((d) => d.errors !== undefined).length };
}
