/**
 * Graph `provisionOnDemand`: one user (or one group with up to five of its members) through the
 * same steps as a cycle, right away. The response is Graph's stringKeyStringValuePair whose `key`
 * is the JSON result (`{"result":"Success"|"Skipped"|"Failure","details":{...}}`) and whose
 * `value` is the JSON provisioning log of the object, in the shape Microsoft's example shows
 * (synchronization-synchronizationjob-provisionondemand).
 *
 * The aadOptscim062020 flag "currently doesn't work with on-demand provisioning"
 * (application-provisioning-config-problem-scim-compatibility): on-demand always writes the
 * default PATCH dialect.
 */
import { randomUUID } from "node:crypto";
import { Engine, FatalCycleError, type ObjectOutcome } from "./engine";
import { importAndScopeSteps, ObjectLog, SOURCE_SYSTEM, type LogContext } from "./logs";
import { redactSecrets } from "./redact";
import { ScimClient } from "./scim-client";
import { readMappings } from "./schema";
import { indexScope } from "./scope";
import { readSettings, SettingsError } from "./settings";
import type { CycleInput, EscrowEntry, OnDemandResult, OnDemandSubject, ProvisioningObjectSummary } from "./types";

/** A request Graph refuses before provisioning anything (status and Graph error code). */
export class OnDemandError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "OnDemandError";
  }
}

/** On-demand provisioning of a group takes at most five members (provision-on-demand). */
export const MAX_ON_DEMAND_MEMBERS = 5;

const capital = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** The provisionOnDemand `value` shape: the log entry as the on-demand API prints it. */
function onDemandValue(summary: ProvisioningObjectSummary, targetSystem: string, reportableIdentifier: string): Record<string, unknown> {
  const info = summary.provisioningStatusInfo;
  const endTime = new Date(new Date(summary.activityDateTime).getTime() + summary.durationInMilliseconds).toISOString();
  return {
    action: capital(summary.provisioningAction),
    changeId: summary.changeId,
    endTime,
    modifiedProperties: summary.modifiedProperties,
    provisioningSteps: summary.provisioningSteps.map((s) => ({ name: s.name, type: capital(s.provisioningStepType), status: capital(s.status), description: s.description, timestamp: summary.activityDateTime, details: s.details })),
    reportableIdentifier,
    startTime: summary.activityDateTime,
    statusInfo: {
      status: capital(info.status),
      errorCode: info.errorInformation?.errorCode ?? null,
      reason: info.errorInformation?.reason ?? null,
      additionalDetails: info.errorInformation?.additionalDetails ?? null,
      errorCategory: info.errorInformation?.errorCategory ?? null,
      recommendedAction: info.errorInformation?.recommendedAction ?? null,
    },
    sourceIdentity: { id: summary.sourceIdentity.id, type: summary.sourceIdentity.identityType, displayName: summary.sourceIdentity.displayName || null, details: null },
    sourceSystem: { id: null, name: SOURCE_SYSTEM, details: null },
    targetIdentity: { id: summary.targetIdentity.id, type: summary.targetIdentity.identityType, displayName: null, details: null },
    targetSystem: { id: null, name: targetSystem, details: null },
  };
}

export async function provisionOnDemand(input: CycleInput, subject: OnDemandSubject, ruleId?: string): Promise<OnDemandResult> {
  const newId = input.newId ?? randomUUID;
  const began = Date.now();
  const at = () => new Date(input.now.getTime() + (Date.now() - began));
  let settings;
  try {
    settings = readSettings(input.secrets);
  } catch (error) {
    if (error instanceof SettingsError) throw new OnDemandError(400, error.code, error.message);
    throw error;
  }
  const mappings = readMappings(input.job.schema);
  if (!mappings?.user) throw new OnDemandError(400, "NoUserObjectMapping", "The job's schema has no enabled object mapping for users");
  if (ruleId !== undefined && mappings.rule.id !== undefined && ruleId !== mappings.rule.id) throw new OnDemandError(400, "InvalidRuleId", `ruleId ${ruleId} is not a synchronization rule of this job`);
  const type = subject.objectTypeName.toLowerCase();
  if (type !== "user" && type !== "group") throw new OnDemandError(400, "InvalidObjectType", `objectTypeName ${subject.objectTypeName} is not User or Group`);
  if (type === "group" && !mappings.group) throw new OnDemandError(400, "NoGroupObjectMapping", "The job's schema has no enabled object mapping for groups");
  const members = subject.links?.members ?? [];
  if (members.length > MAX_ON_DEMAND_MEMBERS) throw new OnDemandError(400, "TooManyMembers", `On-demand provisioning takes at most ${MAX_ON_DEMAND_MEMBERS} members of a group`);

  const entries: Record<string, EscrowEntry> = { ...(input.memory?.entries ?? {}) };
  const logContext: LogContext = {
    tenantId: input.tenantId ?? null,
    jobId: input.job.id,
    cycleId: newId(),
    servicePrincipal: { id: input.servicePrincipal.id, displayName: input.servicePrincipal.displayName ?? "", appId: input.servicePrincipal.appId },
    newId,
    at,
  };
  const engine = new Engine({
    client: new ScimClient(settings.scimRoot, settings.secretToken, input.fetchDispatcher),
    mappings,
    dialect: "default",
    log: logContext,
    now: input.now,
    targetSupportsSoftDelete: input.targetSupportsSoftDelete ?? true,
  });
  const scope = indexScope(input, settings.syncAll);
  const logs: ProvisioningObjectSummary[] = [];

  const runUser = async (objectId: string): Promise<ObjectOutcome | undefined> => {
    const user = input.directory.users.find((u) => u.id === objectId);
    if (!user) throw new OnDemandError(404, "ObjectNotFound", `User ${objectId} was not found in the directory`);
    const name = String(user.userPrincipalName ?? user.id);
    const verdict = scope.user(user, mappings.user);
    const entry = entries[user.id];
    const log = new ObjectLog(logContext, "User", user.id, name);
    importAndScopeSteps(log, "User", name, verdict);
    let outcome: ObjectOutcome;
    if (verdict.inScope && !verdict.softDeleted) outcome = await engine.provision("User", name, verdict.source, entry, log);
    else if (entry?.targetId && entry.state === "managed") outcome = await engine.disable(name, verdict.source, entry, log, !verdict.inScope);
    else {
      log.skip("NotEffectivelyEntitled", `The User '${name}' is not in scope for provisioning: ${verdict.softDeleted && verdict.inScope ? "it is disabled or soft-deleted" : verdict.reason}`);
      outcome = { log, failed: false, exported: false, entry };
    }
    if (outcome.entry) entries[user.id] = outcome.entry;
    else delete entries[user.id];
    return outcome;
  };

  let main: ObjectOutcome | undefined;
  let fatalMessage: string | undefined;
  try {
    if (type === "user") main = await runUser(subject.objectId);
    else {
      const group = input.directory.groups.find((g) => g.id === subject.objectId);
      if (!group) throw new OnDemandError(404, "ObjectNotFound", `Group ${subject.objectId} was not found in the directory`);
      const memberOutcomes: ObjectOutcome[] = [];
      for (const member of members) {
        if (!group.members.includes(member.objectId)) throw new OnDemandError(400, "NotAMember", `${member.objectId} is not a direct member of group ${group.id}`);
        const outcome = await runUser(member.objectId);
        if (outcome) memberOutcomes.push(outcome);
      }
      const name = String(group.displayName ?? group.id);
      const verdict = scope.group(group, mappings.group);
      const log = new ObjectLog(logContext, "Group", group.id, name);
      importAndScopeSteps(log, "Group", name, verdict);
      if (verdict.inScope && !verdict.softDeleted) {
        main = await engine.provision("Group", name, verdict.source, entries[group.id], log);
        if (!main.failed && main.entry?.targetId) {
          // On demand adds the chosen members; it does not remove the group's other members.
          const chosen = members.map((m) => entries[m.objectId]).filter((e) => e?.state === "managed" && e.targetId).map((e) => e!.targetId!);
          main = await engine.syncMembers(name, main.entry, [...new Set([...(main.entry.members ?? []), ...chosen])], main.log);
        }
      } else {
        log.skip("NotEffectivelyEntitled", `The Group '${name}' is not in scope for provisioning: ${verdict.reason}`);
        main = { log, failed: false, exported: false, entry: entries[group.id] };
      }
      if (main.entry) entries[group.id] = main.entry;
      logs.push(...memberOutcomes.map((o) => o.log.summary()));
    }
  } catch (error) {
    if (!(error instanceof FatalCycleError)) throw error;
    fatalMessage = error.message;
  }

  const summary = main?.log.summary();
  if (summary) logs.push(summary);
  const result = fatalMessage !== undefined || !summary ? "Failure" : summary.provisioningStatusInfo.status === "skipped" ? "Skipped" : summary.provisioningStatusInfo.status === "failure" ? "Failure" : "Success";
  const info = summary?.provisioningStatusInfo.errorInformation;
  const details = fatalMessage !== undefined ? { errorCode: "SystemForCrossDomainIdentityManagementServiceUnavailable", errorMessage: fatalMessage } : info ? { errorCode: info.errorCode, errorMessage: info.reason } : {};
  const target = mappings.rule.targetDirectoryName ?? "customappsso";
  const value = summary ? onDemandValue(summary, target, summary.sourceIdentity.displayName) : { provisioningSteps: [], statusInfo: { status: "Failure", errorCode: details.errorCode ?? null, reason: (details as { errorMessage?: string }).errorMessage ?? null } };
  const out: OnDemandResult = {
    response: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair", key: JSON.stringify({ result, details }), value: JSON.stringify(value) },
    memory: { ...(input.memory ?? {}), entries },
    logs,
  };
  return redactSecrets(out, [settings.secretToken]);
}
