/**
 * One provisioning cycle as Entra runs it (how-provisioning-works, "Provisioning cycles"):
 * read users and groups, filter them by assignment and scoping filter, match each in-scope object
 * in the app and create or update it, disable users that left scope or were soft-deleted or
 * blocked, delete what was hard-deleted, then groups with their members. The accidental-deletion
 * threshold holds back a cycle's deprovisionings; failures quarantine the job.
 *
 * Deltas: Entra's incremental cycles only process objects changed since the last watermark. The
 * engine keeps a fingerprint of each object (its source attributes, scope and the mapping) in the
 * escrow and only works on (and logs) objects whose fingerprint changed or whose last export failed.
 */
import { randomUUID } from "node:crypto";
import { Engine, FatalCycleError, type ObjectOutcome } from "./engine";
import { importAndScopeSteps, ObjectLog, type LogContext } from "./logs";
import { redactSecrets } from "./redact";
import { ScimClient } from "./scim-client";
import { readMappings, type JobMappings } from "./schema";
import { fingerprint, planGroups, planUsers, type Deprovision } from "./plan";
import { indexScope } from "./scope";
import { readSettings, SettingsError, type ProvisioningSettings } from "./settings";
import { nextStatus, type CycleOutcome } from "./status";
import type { CycleInput, CycleResult, EscrowEntry, EscrowMemory, ProvisioningObjectSummary, StagedDeletion, SynchronizationError, SynchronizationTaskExecution } from "./types";

/** Plain "user to User" counters of what the job manages (synchronizedEntryCountByType). */
function entryCounts(mappings: JobMappings | undefined, entries: Readonly<Record<string, EscrowEntry>>): Array<{ key: string; value: number }> {
  const counts: Array<{ key: string; value: number }> = [];
  for (const [type, mapping] of [["User", mappings?.user], ["Group", mappings?.group]] as const) {
    if (!mapping) continue;
    const source = mapping.sourceObjectName;
    counts.push({ key: `${source.charAt(0).toLowerCase()}${source.slice(1)} to ${mapping.targetObjectName}`, value: Object.values(entries).filter((e) => e.objectType === type && e.state === "managed" && e.targetId !== undefined).length });
  }
  return counts;
}

function settingsError(error: SettingsError): SynchronizationError {
  return { code: error.code, message: error.message, tenantActionable: true };
}

function fatalError(error: FatalCycleError): SynchronizationError {
  const e = error.cause;
  const code =
    e.failure === "unauthorized"
      ? "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable"
      : e.failure === "notFound"
        ? "SystemForCrossDomainIdentityManagementNotFound"
        : "SystemForCrossDomainIdentityManagementServiceUnavailable";
  return { code, message: e.message, tenantActionable: true };
}

export async function runCycle(input: CycleInput): Promise<CycleResult> {
  const newId = input.newId ?? randomUUID;
  const cycleId = newId();
  const began = Date.now();
  // Times advance from the injected clock by the real time the work takes.
  const at = () => new Date(input.now.getTime() + (Date.now() - began));
  const previous = input.memory ?? { entries: {} };
  const entries: Record<string, EscrowEntry> = { ...previous.entries };
  const logs: ProvisioningObjectSummary[] = [];
  const logContext: LogContext = {
    tenantId: input.tenantId ?? null,
    jobId: input.job.id,
    cycleId,
    servicePrincipal: { id: input.servicePrincipal.id, displayName: input.servicePrincipal.displayName ?? "", appId: input.servicePrincipal.appId },
    newId,
    at,
  };
  const counters = { imported: input.directory.users.length + input.directory.groups.length, deltas: 0, referenceDeltas: 0, entitled: 0, inScope: 0, exports: 0, exported: 0, failed: 0, succeeded: 0 };
  let staged: StagedDeletion[] = [...(previous.staged ?? [])];
  let fatal: CycleOutcome["fatal"];
  let tooManyDeletes: CycleOutcome["tooManyDeletes"];
  let mappings: JobMappings | undefined;
  let secretToken: string | undefined;
  let engine: Engine | undefined;

  const record = (outcome: ObjectOutcome, sourceId: string, fp: string | undefined) => {
    if (outcome.entry) entries[sourceId] = fp ? { ...outcome.entry, sourceFingerprint: fp } : outcome.entry;
    else delete entries[sourceId];
    if (outcome.failed) counters.failed++;
    else if (outcome.exported) counters.succeeded++;
    if (outcome.exported || outcome.failed) counters.exports++;
    if (outcome.exported) counters.exported++;
    logs.push(outcome.log.summary());
  };

  try {
    let settings: ProvisioningSettings;
    try {
      settings = readSettings(input.secrets);
    } catch (error) {
      if (error instanceof SettingsError) {
        fatal = { error: settingsError(error), immediate: true };
        throw error;
      }
      throw error;
    }
    secretToken = settings.secretToken;
    mappings = readMappings(input.job.schema);
    if (!mappings?.user) {
      fatal = { error: { code: "NoUserObjectMapping", message: "The job's schema has no enabled object mapping for users", tenantActionable: true }, immediate: true };
      throw new Error(fatal.error.message);
    }
    const work = new Engine({
      client: new ScimClient(settings.scimRoot, settings.secretToken, input.fetchDispatcher),
      mappings,
      dialect: settings.dialect,
      log: logContext,
      now: input.now,
      targetSupportsSoftDelete: input.targetSupportsSoftDelete ?? true,
    });
    engine = work;
    const scope = indexScope(input, settings.syncAll);
    const userMapping = mappings.user;
    const groupMapping = mappings.group;

    const { toProvision, skipLogs, deprovisions } = planUsers(input.directory.users, scope, userMapping, settings, entries, counters);
    const { groupsToProvision, groupDeletions } = planGroups(input.directory.groups, scope, groupMapping, entries, counters);
    deprovisions.push(...groupDeletions);

    // ---- Accidental deletions --------------------------------------------------------------
    const threshold = settings.deleteThreshold;
    const hold = threshold !== null && deprovisions.length > threshold && !input.forceDeletes;
    // "Anything above the threshold that you set requires an admin to explicitly allow the
    // processing of the deletions" (accidental-deletions): more than the threshold holds them all;
    // exactly the threshold passes. Creates and updates of the same cycle still run (UNCONFIRMED).
    if (hold) {
      tooManyDeletes = { count: deprovisions.length, threshold: threshold! };
      staged = deprovisions.map((d) => ({ sourceId: d.sourceId, objectType: d.objectType, action: d.action }));
    } else staged = [];

    // ---- Users: provision, then deprovision --------------------------------------------------
    for (const item of toProvision) {
      const log = new ObjectLog(logContext, "User", item.id, item.name);
      importAndScopeSteps(log, "User", item.name, item.scope);
      record(await work.provision("User", item.name, item.scope.source, entries[item.id], log), item.id, item.fp);
    }
    for (const item of skipLogs) {
      const log = new ObjectLog(logContext, "User", item.id, item.name);
      importAndScopeSteps(log, "User", item.name, item.scope);
      log.step("EntrySynchronizationSkip", "scoping", "skipped", `User '${item.name}' is out of scope: ${item.scope.softDeleted && item.scope.inScope ? "the user is disabled or deleted in Azure Active Directory" : item.scope.reason}`, { SkipReason: "NotEffectivelyEntitled" });
      // UNCONFIRMED: the skip reason code Entra logs for a user its scoping filter excludes.
      log.skip("NotEffectivelyEntitled", `The User '${item.name}' is not in scope for provisioning: ${item.scope.softDeleted && item.scope.inScope ? "it is disabled or soft-deleted" : item.scope.reason}`);
      logs.push(log.summary());
      // Remember the skipped object's fingerprint, so that it is logged again only when it changes.
      const entry = entries[item.id];
      entries[item.id] = entry ? { ...entry, sourceFingerprint: item.fp } : { objectType: "User", attributes: {}, state: "released", sourceFingerprint: item.fp };
    }
    const deprovisionUser = async (d: Deprovision) => {
      const entry = entries[d.sourceId];
      if (!entry?.targetId) return;
      const log = new ObjectLog(logContext, d.objectType, d.sourceId, d.name);
      log.targetId = entry.targetId;
      if (hold) {
        log.action = "stagedDelete";
        log.step("EntrySynchronizationSkip", "export", "skipped", `${d.objectType} '${d.name}' would be ${d.action === "delete" ? "deleted" : "disabled"}; held by the accidental deletions threshold (${threshold})`, { SkipReason: "AccidentalDeletionThresholdExceeded" });
        log.skip("AccidentalDeletionThresholdExceeded", `The cycle would disable or delete ${deprovisions.length} objects, more than the threshold of ${threshold}`);
        logs.push(log.summary());
        return;
      }
      log.step("EntryImport", "import", "success", `Received ${d.objectType} '${d.name}' change of type (${d.action === "delete" ? "Delete" : "Update"}) from Azure Active Directory`);
      const outcome = d.action === "delete" ? await work.delete(d.name, entry, log) : await work.disable(d.name, d.source ?? {}, entry, log, d.release);
      record(outcome, d.sourceId, undefined);
    };
    for (const d of deprovisions.filter((x) => x.objectType === "User")) await deprovisionUser(d);

    // ---- Groups, then their members ----------------------------------------------------------
    if (groupMapping) {
      for (const item of groupsToProvision) {
        const entry = entries[item.id];
        const desired = item.members.map((m) => entries[m]).filter((e): e is EscrowEntry => e?.objectType === "User" && e.state === "managed" && !!e.targetId).map((e) => e.targetId!);
        const fp = fingerprint({ s: item.scope.source, m: groupMapping, members: [...desired].sort() });
        const changed = entry?.sourceFingerprint !== fp;
        if (changed) counters.deltas++;
        if (!changed && (entry?.failures ?? 0) === 0 && entry?.state === "managed") continue;
        const log = new ObjectLog(logContext, "Group", item.id, item.name);
        importAndScopeSteps(log, "Group", item.name, item.scope);
        const sameSource = entry?.sourceFingerprint !== undefined && entry.targetId !== undefined && fingerprint({ s: item.scope.source, m: groupMapping, members: [...(entry.members ?? [])].sort() }) === entry.sourceFingerprint;
        let outcome: ObjectOutcome = sameSource
          ? { log, failed: false, exported: false, entry }
          : await work.provision("Group", item.name, item.scope.source, entry, log);
        if (!outcome.failed && outcome.entry?.targetId) {
          const before = (outcome.entry.members ?? []).join(",");
          outcome = await work.syncMembers(item.name, outcome.entry, desired, outcome.log);
          if ((outcome.entry?.members ?? []).join(",") !== before) counters.referenceDeltas++;
        }
        record(outcome, item.id, outcome.failed ? undefined : fp);
      }
      for (const d of deprovisions.filter((x) => x.objectType === "Group")) await deprovisionUser(d);
    }
  } catch (error) {
    if (error instanceof FatalCycleError) fatal = { error: fatalError(error), immediate: error.immediate };
    else if (!fatal) throw error;
  }

  // A cycle in which every export failed because the app failed, none succeeding, failed as a whole.
  if (!fatal && counters.failed > 0 && counters.succeeded === 0 && engine?.serviceFailures === counters.failed) {
    fatal = { error: { code: "SystemForCrossDomainIdentityManagementServiceFailure", message: `All ${counters.failed} exports of the cycle failed; see the provisioning logs`, tenantActionable: true }, immediate: false };
  }

  const execution: SynchronizationTaskExecution = {
    activityIdentifier: cycleId,
    countEntitled: counters.entitled,
    countEntitledForProvisioning: counters.inScope,
    countEscrowed: counters.failed,
    countEscrowedRaw: counters.failed,
    countExported: counters.exported,
    countExports: counters.exports,
    countImported: counters.imported,
    countImportedDeltas: counters.deltas,
    countImportedReferenceDeltas: counters.referenceDeltas,
    error: fatal?.error ?? tooManyDeletesError(tooManyDeletes),
    state: fatal ? "Failed" : counters.failed > 0 ? "EntryLevelErrors" : "Succeeded",
    timeBegan: input.now.toISOString(),
    timeEnded: at().toISOString(),
  };
  const memory: EscrowMemory = { entries, staged, cycles: (previous.cycles ?? 0) + 1 };
  const { status, disableJob } = nextStatus(input.job.status, {
    execution,
    fatal,
    tooManyDeletes,
    entrySuccesses: counters.succeeded,
    entryFailures: counters.failed,
    referenceFailures: 0,
    synchronizedEntryCountByType: entryCounts(mappings, entries),
  }, input.now);
  const result: CycleResult = { memory, status, logs, disableJob };
  return secretToken ? redactSecrets(result, [secretToken]) : result;
}

function tooManyDeletesError(tooMany: CycleOutcome["tooManyDeletes"]): SynchronizationError | null {
  if (!tooMany) return null;
  return { code: "TooManyDeletes", message: `${tooMany.count} deprovisionings exceed the accidental deletions threshold of ${tooMany.threshold}`, tenantActionable: true };
}
