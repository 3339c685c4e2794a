/**
 * One local SCIM app's identity store: users and groups in memory, with the uniqueness rules
 * Entra's SCIM guidance asks of an app (userName unique among users, displayName unique among
 * groups; use-scim-to-provision-users-and-groups, "Provisioning and deprovisioning").
 */
import { randomUUID } from "node:crypto";

export type ScimRecord = { id: string; [attribute: string]: unknown };

/** Why a write was refused; the SCIM layer turns it into a SCIM error with this status. */
export class StoreError extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly scimType: string | null,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

export type ResourceKind = "Users" | "Groups";

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class ScimStore {
  private readonly records: Record<ResourceKind, Map<string, ScimRecord>> = { Users: new Map(), Groups: new Map() };

  constructor(private readonly now: () => Date = () => new Date()) {}

  list(kind: ResourceKind): ScimRecord[] {
    return [...this.records[kind].values()].map(clone);
  }

  get(kind: ResourceKind, id: string): ScimRecord | undefined {
    const record = this.records[kind].get(id);
    return record ? clone(record) : undefined;
  }

  /** Creates (no id) or replaces (id) a resource; returns what is stored. */
  write(kind: ResourceKind, id: string | undefined, data: Record<string, unknown>): ScimRecord {
    const existing = id === undefined ? undefined : this.records[kind].get(id);
    if (id !== undefined && !existing) throw new StoreError(404, null, `Resource ${id} not found`);
    this.checkUnique(kind, data, id);
    const at = this.now().toISOString();
    const { meta: _ignored, id: _id, schemas: _schemas, ...attributes } = clone(data) as Record<string, unknown>;
    const created = existing ? ((existing.meta as { created?: string } | undefined)?.created ?? at) : at;
    // Members are a set: adding a member the group already has keeps it once (RFC 7644 section 3.5.2.1).
    if (kind === "Groups" && Array.isArray(attributes.members)) {
      const seen = new Set<string>();
      attributes.members = (attributes.members as Array<{ value?: string }>).filter((m) => (typeof m.value === "string" && !seen.has(m.value) ? (seen.add(m.value), true) : false));
    }
    const record: ScimRecord = {
      ...attributes,
      id: existing?.id ?? randomUUID(),
      meta: { resourceType: kind === "Users" ? "User" : "Group", created, lastModified: at },
    };
    this.records[kind].set(record.id, record);
    return clone(record);
  }

  delete(kind: ResourceKind, id: string): void {
    if (!this.records[kind].delete(id)) throw new StoreError(404, null, `Resource ${id} not found`);
    // A deleted user leaves the groups it was a member of.
    if (kind === "Users") {
      for (const group of this.records.Groups.values()) {
        const members = group.members as Array<{ value?: string }> | undefined;
        if (Array.isArray(members)) group.members = members.filter((m) => m.value !== id);
      }
    }
  }

  private checkUnique(kind: ResourceKind, data: Record<string, unknown>, id: string | undefined): void {
    const key = kind === "Users" ? "userName" : "displayName";
    const value = data[key];
    if (typeof value !== "string") return;
    // userName is caseExact false in RFC 7643 section 4.1.1, so uniqueness ignores case.
    const clash = [...this.records[kind].values()].find((r) => r.id !== id && typeof r[key] === "string" && (r[key] as string).toLowerCase() === value.toLowerCase());
    if (clash) throw new StoreError(409, "uniqueness", `${key} "${value}" is already in use`);
  }
}
