/**
 * The provisioning engine's inputs and outputs, in Graph's own shapes: the sandbox stores Graph
 * objects and serves these results as Graph serves them (`GET .../jobs/{id}` status,
 * `GET /auditLogs/provisioning`, `POST .../provisionOnDemand`). Keep these stable: the sandbox's
 * Graph layer wires them.
 *
 * Nothing here imports constructs/ or cdktf: the sandbox is Entra as Microsoft documents it.
 */
import type { Dispatcher } from "undici";

// ------------------------------------------------------------------------------------------------
// Graph inputs
// ------------------------------------------------------------------------------------------------

/** Graph `synchronizationSecretKeyStringValuePair` (BaseAddress, SecretToken, SyncAll, ...). */
export interface SecretPair {
  readonly key: string;
  readonly value: string;
}

/** Graph `filterClause`. */
export interface GraphFilterClause {
  readonly sourceOperandName: string;
  readonly operatorName: string;
  readonly targetOperand?: { readonly values?: readonly string[] | null } | null;
}

/** Graph `filterGroup` (clauses AND-ed). */
export interface GraphFilterGroup {
  readonly name: string;
  readonly clauses: readonly GraphFilterClause[];
}

/** Graph `filter` (an objectMapping's `scope`). Only `groups` deprovisions objects that leave it. */
export interface GraphFilter {
  readonly groups?: readonly GraphFilterGroup[] | null;
  readonly inputFilterGroups?: readonly GraphFilterGroup[] | null;
  readonly categoryFilterGroups?: readonly GraphFilterGroup[] | null;
}

/** Graph `attributeMappingSource`. */
export interface GraphAttributeMappingSource {
  readonly type?: string;
  readonly name?: string | null;
  readonly expression?: string | null;
  readonly parameters?: ReadonlyArray<{ readonly key: string; readonly value: GraphAttributeMappingSource }> | null;
}

/** Graph `attributeMapping`. */
export interface GraphAttributeMapping {
  readonly targetAttributeName: string;
  readonly source?: GraphAttributeMappingSource | null;
  readonly defaultValue?: string | null;
  readonly flowType?: string | null;
  readonly flowBehavior?: string | null;
  readonly matchingPriority?: number | null;
  readonly exportMissingReferences?: boolean | null;
}

/** Graph `objectMapping`. */
export interface GraphObjectMapping {
  readonly name?: string;
  readonly enabled?: boolean;
  /** "Add, Update, Delete" by default: the portal's "Target object actions". */
  readonly flowTypes?: string | null;
  readonly sourceObjectName: string;
  readonly targetObjectName: string;
  readonly scope?: GraphFilter | null;
  readonly attributeMappings: readonly GraphAttributeMapping[];
  readonly metadata?: ReadonlyArray<{ readonly key: string; readonly value: string }> | null;
}

/** Graph `synchronizationRule`. */
export interface GraphSynchronizationRule {
  readonly id?: string;
  readonly name?: string;
  readonly sourceDirectoryName?: string;
  readonly targetDirectoryName?: string;
  readonly priority?: number;
  readonly editable?: boolean;
  readonly objectMappings: readonly GraphObjectMapping[];
}

/** Graph `attributeDefinition` (only what the engine reads: the type, for typed PATCH values). */
export interface GraphAttributeDefinition {
  readonly name: string;
  /** `String`, `Boolean`, `Integer`, `Reference`, `DateTime`, `Binary`. */
  readonly type?: string;
  readonly multivalued?: boolean;
}

/** Graph `directoryDefinition`. */
export interface GraphDirectoryDefinition {
  readonly name: string;
  readonly objects?: ReadonlyArray<{ readonly name: string; readonly attributes?: readonly GraphAttributeDefinition[] }> | null;
}

/** Graph `synchronizationSchema`. */
export interface GraphSynchronizationSchema {
  readonly id?: string;
  readonly version?: string;
  readonly directories?: readonly GraphDirectoryDefinition[] | null;
  readonly synchronizationRules: readonly GraphSynchronizationRule[];
}

/** The parts of a Graph `synchronizationJob` the engine reads. */
export interface SynchronizationJobInput {
  readonly id: string;
  readonly templateId: string;
  readonly schema: GraphSynchronizationSchema;
  /** The status the job holds now (the previous cycle's), if any. */
  readonly status?: SynchronizationStatus | null;
}

/** Graph `appRole`. */
export interface GraphAppRole {
  readonly id: string;
  readonly value?: string | null;
  readonly displayName?: string | null;
  readonly isEnabled?: boolean;
  readonly allowedMemberTypes?: readonly string[];
}

/** The parts of a Graph `servicePrincipal` the engine reads. */
export interface ServicePrincipalInput {
  readonly id: string;
  readonly appId?: string;
  readonly displayName?: string | null;
  readonly appRoles?: readonly GraphAppRole[];
}

/** Graph `appRoleAssignment` (assignments of users and groups to the service principal). */
export interface AppRoleAssignmentInput {
  readonly id?: string;
  readonly principalId: string;
  readonly principalType: "User" | "Group" | "ServicePrincipal" | string;
  readonly appRoleId: string;
  readonly principalDisplayName?: string | null;
}

/**
 * A Graph user (`GET /users` with the properties mappings read). A soft-deleted user (in the
 * recycle bin) carries `deletedDateTime`; a hard-deleted user is simply absent.
 */
export interface GraphUser {
  readonly id: string;
  readonly userPrincipalName?: string | null;
  readonly accountEnabled?: boolean | null;
  readonly deletedDateTime?: string | null;
  readonly [property: string]: unknown;
}

/** A Graph group with its direct members' object ids (nested groups are not followed, as in Entra). */
export interface GraphGroupWithMembers {
  readonly id: string;
  readonly displayName?: string | null;
  readonly deletedDateTime?: string | null;
  readonly members: readonly string[];
  readonly [property: string]: unknown;
}

export interface DirectoryInput {
  readonly users: readonly GraphUser[];
  readonly groups: readonly GraphGroupWithMembers[];
}

// ------------------------------------------------------------------------------------------------
// Escrow ("memory"): what the provisioning service remembers between cycles
// ------------------------------------------------------------------------------------------------

/**
 * One source object the job manages (or has seen). Entra "detects and caches the target system's
 * ID for the new user. This ID is used to run all future operations on that user"
 * (how-provisioning-works, Initial cycle).
 */
export interface EscrowEntry {
  readonly objectType: "User" | "Group";
  /** The object's id in the target app; absent while it has never been created or matched. */
  readonly targetId?: string;
  /** What was last written to the target app, by target attribute name. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * `managed`: in scope and provisioned. `disabled`: disabled in the target while still managed
   * (soft-deleted or blocked in Entra). `released`: disabled because it left scope; Entra no
   * longer manages it ("a delete request isn't sent when the user is soft-deleted",
   * how-provisioning-works, Known limitations).
   */
  readonly state: "managed" | "disabled" | "released";
  /** A group's members as target ids, as last written. */
  readonly members?: readonly string[];
  /** Fingerprint of the source object the last cycle saw; a change is a delta (logged). */
  readonly sourceFingerprint?: string;
  /** Successive failures of this entry (an escrow), for the escrow thresholds. */
  readonly failures?: number;
}

/** A deprovisioning the accidental-deletion threshold held back, processed on `ForceDeletes`. */
export interface StagedDeletion {
  readonly sourceId: string;
  readonly objectType: "User" | "Group";
  readonly action: "disable" | "delete";
}

export interface EscrowMemory {
  /** By source object id. */
  readonly entries: Readonly<Record<string, EscrowEntry>>;
  /** Deprovisionings held by the accidental-deletion threshold. */
  readonly staged?: readonly StagedDeletion[];
  /** Cycles run; 0 before the initial cycle. */
  readonly cycles?: number;
}

// ------------------------------------------------------------------------------------------------
// Cycle input and output
// ------------------------------------------------------------------------------------------------

export interface CycleInput {
  readonly tenantId?: string;
  readonly job: SynchronizationJobInput;
  /** The job's saved secrets: BaseAddress, SecretToken, SyncAll, SkipOutOfScopeDeletions, SyncNotificationSettings. */
  readonly secrets: readonly SecretPair[];
  readonly servicePrincipal: ServicePrincipalInput;
  readonly appRoleAssignments: readonly AppRoleAssignmentInput[];
  readonly directory: DirectoryInput;
  /** The escrow the previous cycle returned; absent or empty before the initial cycle. */
  readonly memory?: EscrowMemory | null;
  /** The cycle's clock (timeBegan); injected so tests and the sandbox control time. */
  readonly now: Date;
  /** Routes the tenant URL's host to the local SCIM app and trusts its CA. */
  readonly fetchDispatcher?: Dispatcher;
  /**
   * Process the deprovisionings the accidental-deletion threshold staged: Graph's
   * `restart` with `resetScope` containing `ForceDeletes` (the portal's "Allow deletes").
   * @default false
   */
  readonly forceDeletes?: boolean;
  /**
   * Whether the target app supports soft delete (`active=false`). Entra sends DELETE instead for
   * "a limited set of gallery applications where the functionality is required"
   * (how-provisioning-works, Deprovisioning events); Graph does not document how a template says
   * so, so the sandbox decides per template.
   * @default true
   */
  readonly targetSupportsSoftDelete?: boolean;
  /** Ids for cycleId/changeId/log ids; injected for deterministic tests. @default crypto.randomUUID */
  readonly newId?: () => string;
}

/** Graph `synchronizationError`. */
export interface SynchronizationError {
  readonly code: string;
  readonly message: string;
  readonly tenantActionable: boolean;
}

/** Graph `synchronizationTaskExecution`. */
export interface SynchronizationTaskExecution {
  readonly activityIdentifier: string;
  readonly countEntitled: number;
  readonly countEntitledForProvisioning: number;
  readonly countEscrowed: number;
  readonly countEscrowedRaw: number;
  readonly countExported: number;
  readonly countExports: number;
  readonly countImported: number;
  readonly countImportedDeltas: number;
  readonly countImportedReferenceDeltas: number;
  readonly error: SynchronizationError | null;
  /** `Succeeded`, `Failed`, `EntryLevelErrors`. */
  readonly state: "Succeeded" | "Failed" | "EntryLevelErrors";
  readonly timeBegan: string;
  readonly timeEnded: string;
}

/** Graph `synchronizationQuarantine`. */
export interface SynchronizationQuarantine {
  readonly currentBegan: string;
  readonly nextAttempt: string;
  readonly reason:
    | "EncounteredBaseEscrowThreshold"
    | "EncounteredTotalEscrowThreshold"
    | "EncounteredEscrowProportionThreshold"
    | "EncounteredQuarantineException"
    | "Unknown"
    | "QuarantinedOnDemand"
    | "TooManyDeletes"
    | "IngestionInterrupted";
  readonly seriesBegan: string;
  readonly seriesCount: number;
  readonly error: SynchronizationError | null;
}

/** Graph `synchronizationProgress`. */
export interface SynchronizationProgress {
  readonly completedUnits: number;
  readonly progressObservationDateTime: string;
  readonly totalUnits: number;
  readonly units: string;
}

/** Graph `synchronizationStatus`. */
export interface SynchronizationStatus {
  readonly code: "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine";
  readonly countSuccessiveCompleteFailures: number;
  readonly escrowsPruned: boolean;
  readonly lastExecution: SynchronizationTaskExecution | null;
  readonly lastSuccessfulExecution: SynchronizationTaskExecution | null;
  readonly lastSuccessfulExecutionWithExports: SynchronizationTaskExecution | null;
  readonly progress: readonly SynchronizationProgress[];
  readonly quarantine: SynchronizationQuarantine | null;
  readonly steadyStateFirstAchievedTime: string;
  readonly steadyStateLastAchievedTime: string;
  readonly synchronizedEntryCountByType: ReadonlyArray<{ readonly key: string; readonly value: number }>;
  readonly troubleshootingUrl: string | null;
}

/** Graph `modifiedProperty`. */
export interface ModifiedProperty {
  readonly displayName: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

/** Graph `provisioningStep`. */
export interface ProvisioningStep {
  readonly name: string;
  readonly provisioningStepType: "import" | "scoping" | "matching" | "processing" | "referenceResolution" | "export";
  readonly status: "success" | "warning" | "failure" | "skipped";
  readonly description: string;
  readonly details: Readonly<Record<string, string>>;
}

/** Graph `provisioningErrorInfo`. */
export interface ProvisioningErrorInfo {
  readonly errorCode: string;
  readonly reason: string;
  readonly additionalDetails: string | null;
  readonly errorCategory: "failure" | "nonServiceFailure" | "success";
  readonly recommendedAction: string | null;
}

/** Graph `provisionedIdentity`. */
export interface ProvisionedIdentity {
  readonly id: string;
  readonly displayName: string;
  readonly identityType: string;
  readonly details: Readonly<Record<string, string>>;
}

/** Graph `provisioningObjectSummary`: one entry of `GET /auditLogs/provisioning`. */
export interface ProvisioningObjectSummary {
  readonly id: string;
  readonly activityDateTime: string;
  readonly tenantId: string | null;
  readonly jobId: string;
  readonly cycleId: string;
  readonly changeId: string;
  readonly provisioningAction: "create" | "update" | "delete" | "stagedDelete" | "disable" | "other";
  readonly durationInMilliseconds: number;
  readonly initiatedBy: { readonly id: string; readonly displayName: string; readonly initiatorType: "system" | "user" | "application" };
  readonly servicePrincipal: { readonly id: string; readonly displayName: string };
  readonly sourceSystem: { readonly id: string | null; readonly displayName: string; readonly details: Readonly<Record<string, string>> };
  readonly targetSystem: { readonly id: string | null; readonly displayName: string; readonly details: Readonly<Record<string, string>> };
  readonly sourceIdentity: ProvisionedIdentity;
  readonly targetIdentity: ProvisionedIdentity;
  readonly provisioningStatusInfo: { readonly status: "success" | "warning" | "failure" | "skipped"; readonly errorInformation: ProvisioningErrorInfo | null };
  readonly provisioningSteps: readonly ProvisioningStep[];
  readonly modifiedProperties: readonly ModifiedProperty[];
}

export interface CycleResult {
  /** The escrow for the next cycle. */
  readonly memory: EscrowMemory;
  /** The job's new `status`. */
  readonly status: SynchronizationStatus;
  /** New entries for `GET /auditLogs/provisioning`, oldest first. */
  readonly logs: readonly ProvisioningObjectSummary[];
  /**
   * True when the job has stayed in quarantine for more than four weeks: Entra disables it
   * ("the provisioning job is disabled (stops running)", application-provisioning-quarantine-status).
   * The sandbox sets the job's schedule state to `Disabled`.
   */
  readonly disableJob: boolean;
}

// ------------------------------------------------------------------------------------------------
// validateCredentials and provisionOnDemand
// ------------------------------------------------------------------------------------------------

/** Graph's error body (`{ "error": { code, message, innerError } }`). */
export interface GraphErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly innerError: { readonly date: string; readonly "request-id": string; readonly "client-request-id": string };
  };
}

export interface ValidateCredentialsInput {
  /** The tenant URL (`BaseAddress`). */
  readonly baseAddress: string;
  readonly secretToken: string;
  readonly dispatcher?: Dispatcher;
  /**
   * The job's schema: Test Connection queries by the user mapping's matching attribute.
   * @default - `userName`, the generic SCIM template's matching attribute
   */
  readonly schema?: GraphSynchronizationSchema;
  /** Clock for the error's innerError.date. @default new Date() */
  readonly now?: Date;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
}

/** 204 No Content on success; otherwise the status and Graph error body the sandbox returns. */
export type ValidateCredentialsResult = { readonly ok: true } | { readonly ok: false; readonly status: number; readonly body: GraphErrorBody };

/** Graph `synchronizationJobSubject`. */
export interface OnDemandSubject {
  readonly objectId: string;
  readonly objectTypeName: "User" | "Group" | string;
  /** For a group: which members to provision with it (Graph `links.members`); at most five. */
  readonly links?: { readonly members?: ReadonlyArray<{ readonly objectId: string; readonly objectTypeName: string }> } | null;
}

export interface OnDemandResult {
  /** Graph's 200 response body: a stringKeyStringValuePair whose key and value are JSON strings. */
  readonly response: { readonly "@odata.context": string; readonly key: string; readonly value: string };
  readonly memory: EscrowMemory;
  /** The entries this run adds to `GET /auditLogs/provisioning`. */
  readonly logs: readonly ProvisioningObjectSummary[];
}
