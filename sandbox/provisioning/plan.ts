/**
 * What a cycle will do, decided before it sends anything: which users and groups to provision,
 * which to disable or delete (the deprovisionings the accidental-deletion threshold counts), and
 * which in-scope changes to only log. Objects whose fingerprint (source attributes, scope and the
 * mapping) has not changed since the last cycle are left alone, as Entra's incremental cycles only
 * process deltas.
 */
import { createHash } from "node:crypto";
import type { SourceRecord } from "../../expressions";
import type { ScopeIndex, ObjectScope } from "./scope";
import type { ProvisioningSettings } from "./settings";
import type { EscrowEntry, GraphGroupWithMembers, GraphObjectMapping, GraphUser } from "./types";

export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 22);
}

/** A planned deprovisioning, counted against the accidental-deletion threshold. */
export interface Deprovision {
  readonly sourceId: string;
  readonly name: string;
  readonly objectType: "User" | "Group";
  readonly action: "disable" | "delete";
  /** Disable because it left scope (Entra stops managing it), not because it was soft-deleted. */
  readonly release: boolean;
  readonly source?: SourceRecord;
}

export interface PlannedObject {
  readonly id: string;
  readonly name: string;
  readonly scope: ObjectScope;
  readonly fp: string;
}

export interface PlannedGroup {
  readonly id: string;
  readonly name: string;
  readonly scope: ObjectScope;
  readonly members: readonly string[];
}

/** The counts a cycle reports in its synchronizationTaskExecution. */
export interface PlanCounters {
  deltas: number;
  entitled: number;
  inScope: number;
}

/** Plans the users; updates `entries` for what needs no request (released without a disable, forgotten failures). */
export function planUsers(
  users: readonly GraphUser[],
  scope: ScopeIndex,
  userMapping: GraphObjectMapping,
  settings: Pick<ProvisioningSettings, "skipOutOfScopeDeletions">,
  entries: Record<string, EscrowEntry>,
  counters: PlanCounters,
): { toProvision: PlannedObject[]; skipLogs: PlannedObject[]; deprovisions: Deprovision[] } {
  const toProvision: PlannedObject[] = [];
  const deprovisions: Deprovision[] = [];
  const present = new Set<string>();
  const skipLogs: PlannedObject[] = [];
  for (const user of users) {
    present.add(user.id);
    const verdict = scope.user(user, userMapping);
    const name = String(user.userPrincipalName ?? user.id);
    // An object whose first export failed and that has left scope is forgotten.
    if (entries[user.id] && !entries[user.id].targetId && !(verdict.inScope && !verdict.softDeleted) && entries[user.id].state === "managed") delete entries[user.id];
    const entry = entries[user.id];
    const fp = fingerprint({ s: verdict.source, e: verdict.entitled, i: verdict.inScope, m: userMapping });
    const changed = entry?.sourceFingerprint !== fp;
    if (verdict.entitled) counters.entitled++;
    if (verdict.inScope) counters.inScope++;
    // Unassigned users the job never saw are not its deltas.
    if (changed && (entry || verdict.entitled)) counters.deltas++;
    const managed = entry?.targetId !== undefined && entry.state !== "released";
    if (verdict.inScope && !verdict.softDeleted) {
      if (changed || (entry?.failures ?? 0) > 0 || entry?.state !== "managed") toProvision.push({ id: user.id, name, scope: verdict, fp });
    } else if (managed && entry.state === "managed" && (!verdict.inScope || verdict.softDeleted)) {
      const release = !verdict.inScope;
      if (release && settings.skipOutOfScopeDeletions) entries[user.id] = { ...entry, state: "released", sourceFingerprint: fp };
      else deprovisions.push({ sourceId: user.id, name, objectType: "User", action: "disable", release, source: verdict.source });
    } else if (managed && entry.state === "disabled" && !verdict.inScope) {
      // Soft-deleted earlier, now also out of scope: Entra stops managing it.
      entries[user.id] = { ...entry, state: "released", sourceFingerprint: fp };
    } else if (changed) {
      if (verdict.entitled) skipLogs.push({ id: user.id, name, scope: verdict, fp });
      else if (entry) entries[user.id] = { ...entry, sourceFingerprint: fp };
    }
  }
  // Hard-deleted users (gone from the directory, recycle bin included) that the job still manages.
  for (const [id, entry] of Object.entries(entries)) {
    if (entry.objectType !== "User" || present.has(id)) continue;
    if (entry.targetId && entry.state !== "released") deprovisions.push({ sourceId: id, name: String(entry.attributes.userName ?? id), objectType: "User", action: "delete", release: false });
    else delete entries[id];
  }
  return { toProvision, skipLogs, deprovisions };
}

/** Plans the groups: those in scope to provision (with their members), those to delete. */
export function planGroups(
  groups: readonly GraphGroupWithMembers[],
  scope: ScopeIndex,
  groupMapping: GraphObjectMapping | undefined,
  entries: Record<string, EscrowEntry>,
  counters: PlanCounters,
): { groupsToProvision: PlannedGroup[]; groupDeletions: Deprovision[] } {
  const groupsToProvision: PlannedGroup[] = [];
  const groupDeletions: Deprovision[] = [];
  if (!groupMapping) return { groupsToProvision, groupDeletions };
  const presentGroups = new Set<string>();
  for (const group of groups) {
    presentGroups.add(group.id);
    const verdict = scope.group(group, groupMapping);
    const name = String(group.displayName ?? group.id);
    const entry = entries[group.id];
    if (verdict.entitled) counters.entitled++;
    if (verdict.inScope && !verdict.softDeleted) {
      counters.inScope++;
      groupsToProvision.push({ id: group.id, name, scope: verdict, members: group.members });
    } else if (entry?.targetId) groupDeletions.push({ sourceId: group.id, name, objectType: "Group", action: "delete", release: false });
  }
  for (const [id, entry] of Object.entries(entries)) {
    if (entry.objectType === "Group" && !presentGroups.has(id) && entry.targetId) groupDeletions.push({ sourceId: id, name: String(entry.attributes.displayName ?? id), objectType: "Group", action: "delete", release: false });
  }
  return { groupsToProvision, groupDeletions };
}
