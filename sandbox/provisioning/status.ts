/**
 * The job's synchronizationStatus after a cycle, and quarantine as
 * application-provisioning-quarantine-status describes it.
 *
 * Quarantine thresholds:
 * - refused credentials (401/403) or a 404 where a SCIM endpoint should answer: at once, reason
 *   EncounteredQuarantineException ("A job can go into quarantine regardless of failure counts for
 *   issues such as admin credentials or SCIM compliance");
 * - any other failure of the whole cycle (unreachable, 5xx): after COMPLETE_FAILURES_TO_QUARANTINE
 *   successive failed cycles (UNCONFIRMED: Microsoft says "consistently fail", not how often);
 * - the accidental-deletion threshold: at once, reason TooManyDeletes (accidental-deletions);
 * - escrows (entry failures in a cycle): evaluated from 5,000 failures; more than 40% failed
 *   (EncounteredEscrowProportionThreshold) or more than 40,000 failed
 *   (EncounteredTotalEscrowThreshold); 60,000 including reference failures
 *   (EncounteredBaseEscrowThreshold: which reason the absolute threshold reports is UNCONFIRMED).
 * Retries: 6, 12 and 24 hours after the first failure, then every 24 hours; after 28 days the job
 * is disabled.
 */
import type { SynchronizationError, SynchronizationQuarantine, SynchronizationStatus, SynchronizationTaskExecution } from "./types";

export const COMPLETE_FAILURES_TO_QUARANTINE = 3;
export const ESCROW_EVALUATION_MINIMUM = 5_000;
export const ESCROW_PROPORTION = 0.4;
export const ESCROW_TOTAL = 40_000;
export const ESCROW_ABSOLUTE = 60_000;
const HOUR = 3_600_000;
const QUARANTINE_DISABLES_AFTER_MS = 28 * 24 * HOUR;

/** Entra links its quarantine guidance; the URL it really returns is UNCONFIRMED. */
export const QUARANTINE_TROUBLESHOOTING_URL = "https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status";

export const NEVER = "0001-01-01T00:00:00Z";

export interface CycleOutcome {
  readonly execution: SynchronizationTaskExecution;
  /** The whole cycle failed; `immediate` quarantines at once. */
  readonly fatal?: { readonly error: SynchronizationError; readonly immediate: boolean };
  /** Deprovisionings held by the accidental-deletion threshold. */
  readonly tooManyDeletes?: { readonly count: number; readonly threshold: number };
  readonly entrySuccesses: number;
  readonly entryFailures: number;
  readonly referenceFailures: number;
  readonly synchronizedEntryCountByType: ReadonlyArray<{ key: string; value: number }>;
}

function quarantineReason(outcome: CycleOutcome, successive: number): { reason: SynchronizationQuarantine["reason"]; error: SynchronizationError | null } | undefined {
  if (outcome.fatal && (outcome.fatal.immediate || successive >= COMPLETE_FAILURES_TO_QUARANTINE)) return { reason: "EncounteredQuarantineException", error: outcome.fatal.error };
  if (outcome.tooManyDeletes) {
    return {
      reason: "TooManyDeletes",
      error: {
        code: "TooManyDeletes",
        message: `The cycle would disable or delete ${outcome.tooManyDeletes.count} objects, more than the accidental deletions threshold of ${outcome.tooManyDeletes.threshold}. Allow the deletes (restart with ForceDeletes) or fix the assignments or scoping filters and restart provisioning.`,
        tenantActionable: true,
      },
    };
  }
  const failures = outcome.entryFailures;
  const all = failures + outcome.referenceFailures;
  if (all > ESCROW_ABSOLUTE) return { reason: "EncounteredBaseEscrowThreshold", error: null };
  if (failures >= ESCROW_EVALUATION_MINIMUM) {
    if (failures > ESCROW_TOTAL) return { reason: "EncounteredTotalEscrowThreshold", error: null };
    if (failures / Math.max(1, failures + outcome.entrySuccesses) > ESCROW_PROPORTION) return { reason: "EncounteredEscrowProportionThreshold", error: null };
  }
  return undefined;
}

function nextAttempt(seriesBegan: Date, now: Date): Date {
  const elapsed = now.getTime() - seriesBegan.getTime();
  for (const hours of [6, 12, 24]) if (elapsed < hours * HOUR) return new Date(seriesBegan.getTime() + hours * HOUR);
  return new Date(now.getTime() + 24 * HOUR);
}

export function nextStatus(previous: SynchronizationStatus | null | undefined, outcome: CycleOutcome, now: Date): { status: SynchronizationStatus; disableJob: boolean } {
  const execution = outcome.execution;
  const successive = outcome.fatal ? (previous?.countSuccessiveCompleteFailures ?? 0) + 1 : 0;
  const quarantined = quarantineReason(outcome, successive);
  let quarantine: SynchronizationQuarantine | null = null;
  let disableJob = false;
  if (quarantined) {
    const seriesBegan = previous?.quarantine ? new Date(previous.quarantine.seriesBegan) : now;
    quarantine = {
      currentBegan: previous?.quarantine && previous.quarantine.reason === quarantined.reason ? previous.quarantine.currentBegan : now.toISOString(),
      nextAttempt: nextAttempt(seriesBegan, now).toISOString(),
      reason: quarantined.reason,
      seriesBegan: seriesBegan.toISOString(),
      seriesCount: (previous?.quarantine?.seriesCount ?? 0) + 1,
      error: quarantined.error,
    };
    disableJob = now.getTime() - seriesBegan.getTime() > QUARANTINE_DISABLES_AFTER_MS;
  }
  const succeeded = execution.state !== "Failed";
  const steady = execution.state === "Succeeded" && !quarantine;
  const status: SynchronizationStatus = {
    code: quarantine ? "Quarantine" : "Active",
    countSuccessiveCompleteFailures: successive,
    escrowsPruned: false,
    lastExecution: execution,
    lastSuccessfulExecution: succeeded ? execution : (previous?.lastSuccessfulExecution ?? null),
    lastSuccessfulExecutionWithExports: succeeded && execution.countExported > 0 ? execution : (previous?.lastSuccessfulExecutionWithExports ?? null),
    progress: [{ completedUnits: execution.countExported, totalUnits: execution.countExports, units: "Entries", progressObservationDateTime: execution.timeEnded }],
    quarantine,
    steadyStateFirstAchievedTime: previous?.steadyStateFirstAchievedTime && previous.steadyStateFirstAchievedTime !== NEVER ? previous.steadyStateFirstAchievedTime : steady ? execution.timeEnded : NEVER,
    steadyStateLastAchievedTime: steady ? execution.timeEnded : (previous?.steadyStateLastAchievedTime ?? NEVER),
    synchronizedEntryCountByType: outcome.synchronizedEntryCountByType,
    troubleshootingUrl: quarantine ? QUARANTINE_TROUBLESHOOTING_URL : null,
  };
  return { status, disableJob };
}
