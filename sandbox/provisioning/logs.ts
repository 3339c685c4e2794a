/**
 * Provisioning log entries in Graph's provisioningObjectSummary shape (`GET /auditLogs/provisioning`),
 * built as the engine works on one object: steps (import, scoping, matching, export), the action,
 * the status and the properties written.
 *
 * Step names follow the ones Microsoft's samples show (EntryImport, EntrySynchronizationScoping,
 * EntrySynchronizationAdd, EntryExportAdd, EntryExportUpdate, EntrySynchronizationSkip); the names
 * for disable and delete exports (EntryExportUpdateSoftDelete, EntryExportDelete) are UNCONFIRMED.
 */
import type { ObjectScope } from "./scope";
import type { ModifiedProperty, ProvisioningErrorInfo, ProvisioningObjectSummary, ProvisioningStep } from "./types";

/** Entra's source system name in provisioning logs (the docs' samples). */
export const SOURCE_SYSTEM = "Azure Active Directory";

export interface LogContext {
  readonly tenantId: string | null;
  readonly jobId: string;
  readonly cycleId: string;
  readonly servicePrincipal: { readonly id: string; readonly displayName: string; readonly appId?: string };
  readonly newId: () => string;
  readonly at: () => Date;
}

export const stringify = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  return JSON.stringify(value);
};

/** Collects one object's steps, then becomes a log entry. */
export class ObjectLog {
  readonly steps: ProvisioningStep[] = [];
  readonly modified: ModifiedProperty[] = [];
  action: ProvisioningObjectSummary["provisioningAction"] = "other";
  status: "success" | "warning" | "failure" | "skipped" = "success";
  error: ProvisioningErrorInfo | null = null;
  targetId = "";
  private readonly began: Date;

  constructor(
    private readonly ctx: LogContext,
    readonly objectType: "User" | "Group",
    readonly sourceId: string,
    readonly displayName: string,
  ) {
    this.began = ctx.at();
  }

  step(name: string, type: ProvisioningStep["provisioningStepType"], status: ProvisioningStep["status"], description: string, details: Record<string, string> = {}): void {
    this.steps.push({ name, provisioningStepType: type, status, description, details });
  }

  fail(errorCode: string, reason: string, category: ProvisioningErrorInfo["errorCategory"] = "nonServiceFailure"): void {
    this.status = "failure";
    this.error = { errorCode, reason, additionalDetails: null, errorCategory: category, recommendedAction: null };
  }

  skip(errorCode: string, reason: string): void {
    this.status = "skipped";
    this.error = { errorCode, reason, additionalDetails: null, errorCategory: "nonServiceFailure", recommendedAction: null };
  }

  summary(): ProvisioningObjectSummary {
    const ended = this.ctx.at();
    const sp = this.ctx.servicePrincipal;
    return {
      id: this.ctx.newId(),
      activityDateTime: this.began.toISOString(),
      tenantId: this.ctx.tenantId,
      jobId: this.ctx.jobId,
      cycleId: this.ctx.cycleId,
      changeId: this.ctx.newId(),
      provisioningAction: this.action,
      durationInMilliseconds: Math.max(0, ended.getTime() - this.began.getTime()),
      initiatedBy: { id: "", displayName: "Azure AD Provisioning Service", initiatorType: "system" },
      servicePrincipal: { id: sp.id, displayName: sp.displayName },
      sourceSystem: { id: null, displayName: SOURCE_SYSTEM, details: {} },
      targetSystem: { id: null, displayName: sp.displayName, details: { ServicePrincipalId: sp.id, ServicePrincipalDisplayName: sp.displayName, ...(sp.appId ? { ApplicationId: sp.appId } : {}) } },
      sourceIdentity: { id: this.sourceId, displayName: this.displayName, identityType: this.objectType, details: {} },
      targetIdentity: { id: this.targetId, displayName: this.targetId ? this.displayName : "", identityType: this.objectType, details: {} },
      provisioningStatusInfo: { status: this.status, errorInformation: this.error },
      provisioningSteps: [...this.steps],
      modifiedProperties: [...this.modified],
    };
  }
}

/** The import and scoping steps every object's log starts with. */
export function importAndScopeSteps(log: ObjectLog, objectType: "User" | "Group", name: string, scope: ObjectScope): void {
  log.step("EntryImport", "import", "success", `Retrieved ${objectType} '${name}' from Azure Active Directory`, { objectId: log.sourceId });
  log.step("EntrySynchronizationScoping", "scoping", scope.inScope ? "success" : "skipped", `Determine if ${objectType} in scope by evaluating against each scoping filter`, {
    Assigned: scope.entitled ? "True" : "False",
    IsActive: scope.softDeleted ? "False" : "True",
    IsEffectivelyEntitledForProvisioning: scope.inScope ? "True" : "False",
    ScopeEvaluationResult: scope.scopeGroup ? JSON.stringify({ matchedGroup: scope.scopeGroup }) : scope.reason ? JSON.stringify({ reason: scope.reason }) : "{}",
  });
}
