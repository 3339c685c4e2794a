/**
 * The provisioning service's work on one object, shared by cycles and on-demand provisioning:
 * match a user or group in the app by its matching attributes, create it, update only what
 * changed, disable or delete it, and keep a group's members in step; each with its log entry.
 */
import { mapObject, type SourceRecord } from "../../expressions";
import { ObjectLog, stringify, type LogContext } from "./logs";
import { ScimClient, ScimRequestError, type ScimKind } from "./scim-client";
import { attributeOperations, buildResource, CORE_GROUP, CORE_USER, memberOperations, readPath, sameValue, type AttributeChange, type ScimValue } from "./scim-paths";
import { flowTypes, ignoresNull, matchingMappings, readsAttribute, type JobMappings } from "./schema";
import type { PatchDialect } from "./settings";
import type { EscrowEntry, GraphAttributeMapping, GraphObjectMapping } from "./types";

/** A failure of the whole cycle (credentials refused, app unreachable, not a SCIM endpoint). */
export class FatalCycleError extends Error {
  constructor(
    readonly cause: ScimRequestError,
    /** Quarantine at once (credentials, SCIM compliance), not after repeated failures. */
    readonly immediate: boolean,
  ) {
    super(cause.message);
    this.name = "FatalCycleError";
  }
}

/** An attribute mapping that cannot be evaluated for one object. */
export class MappingFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MappingFailure";
  }
}

export interface EngineOptions {
  readonly client: ScimClient;
  readonly mappings: JobMappings;
  readonly dialect: PatchDialect;
  readonly log: LogContext;
  readonly now: Date;
  readonly targetSupportsSoftDelete: boolean;
}

export interface ObjectOutcome {
  readonly log: ObjectLog;
  /** An export was attempted and failed (an escrow). */
  readonly failed: boolean;
  /** A request changed the app. */
  readonly exported: boolean;
  readonly entry: EscrowEntry | undefined;
}

/** The escrow of an object whose export failed: retried next cycle, counted for the escrow thresholds. */
function failedEntry(objectType: "User" | "Group", entry: EscrowEntry | undefined): EscrowEntry {
  return entry ? { ...entry, failures: (entry.failures ?? 0) + 1 } : { objectType, attributes: {}, state: "managed", failures: 1 };
}

const kindOf = (objectType: "User" | "Group"): ScimKind => (objectType === "User" ? "Users" : "Groups");

/** The app's error as a provisioning log error code (the shape of Microsoft's samples: <Target><Problem>). */
function errorCode(error: ScimRequestError): string {
  switch (error.failure) {
    case "conflict":
      return "SystemForCrossDomainIdentityManagementEntryConflict";
    case "unauthorized":
      return "SystemForCrossDomainIdentityManagementUnauthorized";
    case "unreachable":
      return "SystemForCrossDomainIdentityManagementServiceUnavailable";
    case "notFound":
      return "SystemForCrossDomainIdentityManagementNotFound";
    case "serverError":
      return "SystemForCrossDomainIdentityManagementServiceFailure";
    default:
      return "SystemForCrossDomainIdentityManagementBadResponse";
  }
}

export class Engine {
  /** Exports that failed because the app failed (5xx, 429, a malformed answer), not because it refused the entry. */
  serviceFailures = 0;

  constructor(private readonly options: EngineOptions) {}

  private objectMapping(objectType: "User" | "Group"): GraphObjectMapping | undefined {
    return objectType === "User" ? this.options.mappings.user : this.options.mappings.group;
  }

  /** Attribute mappings that flow as plain values (Reference attributes are resolved separately or not at all). */
  private valueMappings(mapping: GraphObjectMapping): GraphAttributeMapping[] {
    return mapping.attributeMappings.filter((m) => this.options.mappings.typeOf(mapping, m.targetAttributeName)?.toLowerCase() !== "reference");
  }

  /** Mapped values, converted to the target attributes' types by mapObject (a Boolean attribute's "True" becomes true). */
  private map(mapping: GraphObjectMapping, attributeMappings: readonly GraphAttributeMapping[], source: SourceRecord, operation: "create" | "update"): Record<string, ScimValue> {
    const mapped = mapObject({ ...mapping, attributeMappings } as Parameters<typeof mapObject>[0], source, {
      operation,
      now: this.options.now,
      targetAttributes: this.options.mappings.targetAttributes(mapping),
    });
    // An expression that cannot be evaluated for this object fails its export, as in Entra.
    if (mapped.errors && mapped.errors.length > 0) throw new MappingFailure(mapped.errors.map((e) => `${e.attribute}: ${e.message}`).join("; "));
    return mapped.attributes as Record<string, ScimValue>;
  }

  private fatalOrFail(error: unknown, log: ObjectLog, whileDoing: string, query = false): never | void {
    if (!(error instanceof ScimRequestError)) throw error;
    if (error.failure === "unauthorized" || error.failure === "unreachable") throw new FatalCycleError(error, error.failure === "unauthorized");
    // A 404 answering a query means the tenant URL is not a SCIM endpoint (quarantine's "SCIM Compliance issue").
    if (query && error.failure === "notFound") throw new FatalCycleError(error, true);
    if (error.failure === "serverError" || error.failure === "unexpectedResponse") this.serviceFailures++;
    log.fail(errorCode(error), `${whileDoing}: ${error.message}`);
  }

  /** Finds the object in the app: by its cached id, else by its matching attributes in priority order. */
  private async findTarget(objectType: "User" | "Group", mapping: GraphObjectMapping, source: SourceRecord, entry: EscrowEntry | undefined, log: ObjectLog, name: string): Promise<Record<string, unknown> | undefined | "failed"> {
    const kind = kindOf(objectType);
    const target = this.options.mappings.rule.targetDirectoryName ?? "the app";
    if (entry?.targetId) {
      try {
        const found = await this.options.client.get(kind, entry.targetId);
        if (found) {
          log.step("EntryImport", "matching", "success", `Retrieved ${objectType} '${name}' from ${target} by its id`, { id: entry.targetId });
          return found;
        }
      } catch (error) {
        this.fatalOrFail(error, log, `Failed to retrieve ${objectType} '${name}'`);
        return "failed";
      }
    }
    const matchers = matchingMappings(mapping);
    for (const matcher of matchers) {
      const value = this.map(mapping, [{ ...matcher, flowType: "Always" }], source, "create")[matcher.targetAttributeName];
      if (typeof value !== "string" || value === "") continue;
      let found: Array<Record<string, unknown>>;
      try {
        found = await this.options.client.query(kind, matcher.targetAttributeName, value);
      } catch (error) {
        this.fatalOrFail(error, log, `Failed to query ${target} for ${objectType} '${name}'`, true);
        return "failed";
      }
      if (found.length > 1) {
        log.step("EntryImport", "matching", "failure", `${found.length} ${objectType}s in ${target} match ${matcher.targetAttributeName} "${value}"`);
        log.fail("SystemForCrossDomainIdentityManagementMultipleEntriesMatched", `More than one ${objectType} in ${target} has ${matcher.targetAttributeName} "${value}"; matching attributes must be unique`);
        return "failed";
      }
      if (found.length === 1) {
        log.step("EntryImport", "matching", "success", `Retrieved ${objectType} '${name}' from ${target}`, { [matcher.targetAttributeName]: value, id: String(found[0].id ?? "") });
        return found[0];
      }
    }
    if (matchers.length === 0) {
      log.fail("MatchingAttributeMissing", `The ${mapping.targetObjectName} mapping has no matching attribute (matchingPriority > 0)`);
      return "failed";
    }
    log.step("EntryImport", "matching", "success", `No ${objectType} matching '${name}' was found in ${target}`);
    return undefined;
  }

  /**
   * Provisions an in-scope object: creates it when the app has no match, else updates only the
   * attributes whose value differs (RedundantExport when none does).
   */
  async provision(objectType: "User" | "Group", name: string, source: SourceRecord, entry: EscrowEntry | undefined, log: ObjectLog): Promise<ObjectOutcome> {
    try {
      return await this.provisionObject(objectType, name, source, entry, log);
    } catch (error) {
      if (!(error instanceof MappingFailure)) throw error;
      log.step("EntryExport", "processing", "failure", `The attribute mappings cannot be evaluated for ${objectType} '${name}'`);
      log.fail("AttributeMappingEvaluationFailed", error.message);
      return { log, failed: true, exported: false, entry: failedEntry(objectType, entry) };
    }
  }

  private async provisionObject(objectType: "User" | "Group", name: string, source: SourceRecord, entry: EscrowEntry | undefined, log: ObjectLog): Promise<ObjectOutcome> {
    const mapping = this.objectMapping(objectType)!;
    const actions = flowTypes(mapping);
    const kind = kindOf(objectType);
    const target = this.options.mappings.rule.targetDirectoryName ?? "the app";
    const found = await this.findTarget(objectType, mapping, source, entry, log, name);
    if (found === "failed") return { log, failed: true, exported: false, entry: failedEntry(objectType, entry) };
    const valueMappings = this.valueMappings(mapping);
    const skippedReferences = mapping.attributeMappings.filter((m) => !valueMappings.includes(m) && m.targetAttributeName.toLowerCase() !== "members" && source[m.source?.name ?? ""] != null);
    for (const reference of skippedReferences) {
      // UNCONFIRMED how Entra writes a reference such as manager; the sandbox refuses rather than invents.
      log.step("EntryReferenceResolution", "referenceResolution", "skipped", `The sandbox does not export the reference attribute ${reference.targetAttributeName}`);
    }

    if (found === undefined) {
      if (!actions.add) {
        log.step("EntrySynchronizationSkip", "export", "skipped", `${objectType} '${name}' is not created: Create is not a target object action`);
        log.skip("CreateNotAllowed", "Create is not among the mapping's target object actions");
        return { log, failed: false, exported: false, entry };
      }
      const attributes = this.map(mapping, valueMappings, source, "create");
      log.step("EntrySynchronizationAdd", "matching", "success", `${objectType} '${name}' will be created in ${target} (${objectType} is active and assigned in ${"Azure Active Directory"}, but no matching ${objectType} was found in ${target})`);
      try {
        // Groups are created with an empty members list; members follow in a PATCH (use-scim, Group Operations).
        const created = await this.options.client.create(kind, buildResource(objectType === "User" ? CORE_USER : CORE_GROUP, attributes));
        const targetId = String(created.id);
        log.action = "create";
        log.targetId = targetId;
        for (const [path, value] of Object.entries(attributes)) log.modified.push({ displayName: path, oldValue: null, newValue: stringify(value) });
        log.step("EntryExportAdd", "export", "success", `${objectType} '${name}' was created in ${target}`, { ReportableIdentifier: name, id: targetId });
        return { log, failed: false, exported: true, entry: { objectType, targetId, attributes, state: "managed", members: [], failures: 0 } };
      } catch (error) {
        this.fatalOrFail(error, log, `Failed to create ${objectType} '${name}' in ${target}`, true);
        log.action = "create";
        log.step("EntryExportAdd", "export", "failure", `Failed to create ${objectType} '${name}' in ${target}`, { ReportableIdentifier: name });
        return { log, failed: true, exported: false, entry: failedEntry(objectType, entry) };
      }
    }

    const targetId = String(found.id ?? "");
    log.targetId = targetId;
    const attributes = this.map(mapping, valueMappings, source, "update");
    // AttributeAddOnly flows "only if no current value exists": evaluated as on creation, written only into an empty attribute.
    const addOnly = valueMappings.filter((m) => (m.flowType ?? "").toLowerCase() === "attributeaddonly");
    const addOnlyValues = addOnly.length > 0 ? this.map(mapping, addOnly, source, "create") : {};
    const changes: AttributeChange[] = [];
    const flowAlways: AttributeChange[] = [];
    for (const m of valueMappings) {
      const path = m.targetAttributeName;
      if (objectType === "Group" && path.toLowerCase() === "members") continue;
      const flowType = (m.flowType ?? "Always").toLowerCase();
      if (flowType === "objectaddonly") continue;
      const before = readPath(found, path);
      if (flowType === "attributeaddonly") {
        const value = addOnlyValues[path];
        if (before === undefined && value !== undefined) changes.push({ path, before, after: value });
        continue;
      }
      const after = attributes[path] ?? null;
      // A value that is gone clears the attribute, except with IgnoreFlowIfNullOrEmpty.
      if (after === null && ignoresNull(m)) continue;
      if (!sameValue(before, after)) changes.push({ path, before, after });
      else if (after !== null && (m.flowBehavior ?? "").toLowerCase() === "flowalways") flowAlways.push({ path, before, after });
    }
    // FlowAlways: sent with every update of the object, changed or not.
    if (changes.length > 0) changes.push(...flowAlways);
    const base: EscrowEntry = { objectType, targetId, attributes: { ...(entry?.attributes ?? {}), ...attributes }, state: "managed", members: entry?.members ?? [], failures: 0 };
    if (changes.length === 0) {
      log.step("EntrySynchronizationSkip", "export", "skipped", `The state of the ${objectType.toLowerCase()} in both the source and target systems already match. No change to the ${objectType} '${name}' currently needs to be made.`, { SkipReason: "RedundantExport" });
      log.skip("RedundantExport", "The state of the user in both the source and target systems already match.");
      return { log, failed: false, exported: false, entry: base };
    }
    if (!actions.update) {
      log.step("EntrySynchronizationSkip", "export", "skipped", `${objectType} '${name}' is not updated: Update is not a target object action`);
      log.skip("UpdateNotAllowed", "Update is not among the mapping's target object actions");
      return { log, failed: false, exported: false, entry: base };
    }
    log.step("EntrySynchronizationUpdate", "matching", "success", `${objectType} '${name}' will be updated in ${target}`);
    try {
      await this.options.client.patch(kind, targetId, attributeOperations(changes, this.options.dialect));
    } catch (error) {
      this.fatalOrFail(error, log, `Failed to update ${objectType} '${name}' in ${target}`);
      log.action = "update";
      log.step("EntryExportUpdate", "export", "failure", `Failed to update ${objectType} '${name}' in ${target}`, { ReportableIdentifier: name });
      return { log, failed: true, exported: false, entry: { ...base, attributes: entry?.attributes ?? {}, failures: (entry?.failures ?? 0) + 1 } };
    }
    log.action = "update";
    for (const c of changes) log.modified.push({ displayName: c.path, oldValue: stringify(c.before), newValue: stringify(c.after) });
    log.step("EntryExportUpdate", "export", "success", `${objectType} '${name}' was updated in ${target}`, { ReportableIdentifier: name });
    return { log, failed: false, exported: true, entry: base };
  }

  /**
   * Disables a user that is soft-deleted, blocked, unassigned or out of scope: an update of the
   * attributes whose mappings read IsSoftDeleted, evaluated with IsSoftDeleted true
   * (how-provisioning-works, Deprovisioning). Without such a mapping Entra does nothing. A target
   * without soft delete gets a DELETE instead.
   */
  async disable(name: string, source: SourceRecord, entry: EscrowEntry, log: ObjectLog, release: boolean): Promise<ObjectOutcome> {
    try {
      return await this.disableObject(name, source, entry, log, release);
    } catch (error) {
      if (!(error instanceof MappingFailure)) throw error;
      log.fail("AttributeMappingEvaluationFailed", error.message);
      return { log, failed: true, exported: false, entry: failedEntry("User", entry) };
    }
  }

  private async disableObject(name: string, source: SourceRecord, entry: EscrowEntry, log: ObjectLog, release: boolean): Promise<ObjectOutcome> {
    if (!this.options.targetSupportsSoftDelete) return this.delete(name, entry, log);
    const mapping = this.options.mappings.user!;
    const target = this.options.mappings.rule.targetDirectoryName ?? "the app";
    const state: EscrowEntry["state"] = release ? "released" : "disabled";
    const softDeleteMappings = this.valueMappings(mapping).filter((m) => readsAttribute(m.source, "IsSoftDeleted"));
    if (softDeleteMappings.length === 0 || !flowTypes(mapping).update) {
      log.step("EntrySynchronizationSkip", "export", "skipped", `User '${name}' is not disabled: no mapping reads IsSoftDeleted`);
      log.skip("NoSoftDeleteMapping", "No attribute mapping reads IsSoftDeleted, so nothing is sent when the user is deprovisioned");
      return { log, failed: false, exported: false, entry: { ...entry, state } };
    }
    const attributes = this.map(mapping, softDeleteMappings, { ...source, IsSoftDeleted: true }, "update");
    let found: Record<string, unknown> | undefined;
    try {
      found = await this.options.client.get("Users", entry.targetId!);
    } catch (error) {
      this.fatalOrFail(error, log, `Failed to retrieve User '${name}'`);
      return { log, failed: true, exported: false, entry: { ...entry, failures: (entry.failures ?? 0) + 1 } };
    }
    if (!found) {
      log.step("EntrySynchronizationSkip", "export", "skipped", `User '${name}' no longer exists in ${target}`);
      log.skip("TargetEntryMissing", `The user no longer exists in ${target}`);
      return { log, failed: false, exported: false, entry: { ...entry, state: "released" } };
    }
    const changes: AttributeChange[] = [];
    for (const [path, after] of Object.entries(attributes)) {
      const before = readPath(found, path);
      if (!sameValue(before, after)) changes.push({ path, before, after });
    }
    log.action = "disable";
    if (changes.length === 0) {
      log.step("EntrySynchronizationSkip", "export", "skipped", `User '${name}' is already disabled in ${target}`, { SkipReason: "RedundantExport" });
      log.skip("RedundantExport", "The state of the user in both the source and target systems already match.");
      return { log, failed: false, exported: false, entry: { ...entry, state } };
    }
    try {
      await this.options.client.patch("Users", entry.targetId!, attributeOperations(changes, this.options.dialect));
    } catch (error) {
      this.fatalOrFail(error, log, `Failed to disable User '${name}' in ${target}`);
      log.step("EntryExportUpdateSoftDelete", "export", "failure", `Failed to disable User '${name}' in ${target}`, { ReportableIdentifier: name });
      return { log, failed: true, exported: false, entry: { ...entry, failures: (entry.failures ?? 0) + 1 } };
    }
    for (const c of changes) log.modified.push({ displayName: c.path, oldValue: stringify(c.before), newValue: stringify(c.after) });
    log.step("EntryExportUpdateSoftDelete", "export", "success", `User '${name}' was disabled in ${target}`, { ReportableIdentifier: name });
    return { log, failed: false, exported: true, entry: { ...entry, attributes: { ...entry.attributes, ...attributes }, state, failures: 0 } };
  }

  /** Deletes the object in the app (hard-deleted in Entra, a group leaving scope, or a target without soft delete). */
  async delete(name: string, entry: EscrowEntry, log: ObjectLog): Promise<ObjectOutcome> {
    const mapping = this.objectMapping(entry.objectType)!;
    const target = this.options.mappings.rule.targetDirectoryName ?? "the app";
    if (!flowTypes(mapping).delete) {
      log.step("EntrySynchronizationSkip", "export", "skipped", `${entry.objectType} '${name}' is not deleted: Delete is not a target object action`);
      log.skip("DeleteNotAllowed", "Delete is not among the mapping's target object actions");
      return { log, failed: false, exported: false, entry: undefined };
    }
    log.action = "delete";
    try {
      await this.options.client.delete(kindOf(entry.objectType), entry.targetId!);
    } catch (error) {
      if (!(error instanceof ScimRequestError && error.status === 404)) {
        this.fatalOrFail(error, log, `Failed to delete ${entry.objectType} '${name}' in ${target}`);
        log.step("EntryExportDelete", "export", "failure", `Failed to delete ${entry.objectType} '${name}' in ${target}`, { ReportableIdentifier: name });
        return { log, failed: true, exported: false, entry: { ...entry, failures: (entry.failures ?? 0) + 1 } };
      }
    }
    log.step("EntryExportDelete", "export", "success", `${entry.objectType} '${name}' was deleted in ${target}`, { ReportableIdentifier: name });
    return { log, failed: false, exported: true, entry: undefined };
  }

  /** Brings a provisioned group's members in line with its in-scope, provisioned members (target ids). */
  async syncMembers(name: string, entry: EscrowEntry, desired: readonly string[], log: ObjectLog): Promise<ObjectOutcome> {
    const mapping = this.options.mappings.group!;
    const target = this.options.mappings.rule.targetDirectoryName ?? "the app";
    const current = new Set(entry.members ?? []);
    const wanted = new Set(desired);
    const add = [...wanted].filter((id) => !current.has(id)).sort();
    const remove = [...current].filter((id) => !wanted.has(id)).sort();
    const hasMembersMapping = mapping.attributeMappings.some((m) => m.targetAttributeName.toLowerCase() === "members");
    if (!hasMembersMapping || (add.length === 0 && remove.length === 0)) return { log, failed: false, exported: false, entry };
    try {
      await this.options.client.patch("Groups", entry.targetId!, memberOperations(add, remove, this.options.dialect));
    } catch (error) {
      this.fatalOrFail(error, log, `Failed to update the members of Group '${name}' in ${target}`);
      log.step("EntryExportUpdate", "referenceResolution", "failure", `Failed to update the members of Group '${name}' in ${target}`);
      return { log, failed: true, exported: false, entry: { ...entry, failures: (entry.failures ?? 0) + 1 } };
    }
    if (log.action === "other") log.action = "update";
    if (log.status === "skipped") {
      log.status = "success";
      log.error = null;
    }
    log.modified.push({ displayName: "members", oldValue: stringify([...current].sort()), newValue: stringify([...wanted].sort()) });
    log.step("EntryExportUpdate", "referenceResolution", "success", `The members of Group '${name}' were updated in ${target} (${add.length} added, ${remove.length} removed)`);
    return { log, failed: false, exported: true, entry: { ...entry, members: [...wanted].sort() } };
  }
}
