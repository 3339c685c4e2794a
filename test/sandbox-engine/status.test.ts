import { nextStatus, NEVER, type CycleOutcome } from "../../sandbox/provisioning/status";
import type { SynchronizationTaskExecution } from "../../sandbox/provisioning";

const T0 = new Date("2026-12-01T00:00:00Z");
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

function execution(state: SynchronizationTaskExecution["state"], at: Date, exported = 0): SynchronizationTaskExecution {
  return {
    activityIdentifier: "cycle",
    countEntitled: 0,
    countEntitledForProvisioning: 0,
    countEscrowed: 0,
    countEscrowedRaw: 0,
    countExported: exported,
    countExports: exported,
    countImported: 0,
    countImportedDeltas: 0,
    countImportedReferenceDeltas: 0,
    error: null,
    state,
    timeBegan: at.toISOString(),
    timeEnded: at.toISOString(),
  };
}

const credentialsRefused = (at: Date): CycleOutcome => ({
  execution: execution("Failed", at),
  fatal: { error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable", message: "401", tenantActionable: true }, immediate: true },
  entrySuccesses: 0,
  entryFailures: 0,
  referenceFailures: 0,
  synchronizedEntryCountByType: [],
});

const entries = (successes: number, failures: number, references = 0): CycleOutcome => ({
  execution: execution(failures > 0 ? "EntryLevelErrors" : "Succeeded", T0, successes),
  entrySuccesses: successes,
  entryFailures: failures,
  referenceFailures: references,
  synchronizedEntryCountByType: [],
});

describe("quarantine timing", () => {
  test("retries 6, 12 and 24 hours after the first failure, then daily; the job is disabled after four weeks", () => {
    let status = nextStatus(null, credentialsRefused(T0), T0).status;
    expect(status.quarantine).toMatchObject({ seriesBegan: T0.toISOString(), nextAttempt: hours(6).toISOString(), seriesCount: 1 });
    status = nextStatus(status, credentialsRefused(hours(6)), hours(6)).status;
    expect(status.quarantine).toMatchObject({ seriesBegan: T0.toISOString(), currentBegan: T0.toISOString(), nextAttempt: hours(12).toISOString(), seriesCount: 2 });
    status = nextStatus(status, credentialsRefused(hours(12)), hours(12)).status;
    expect(status.quarantine!.nextAttempt).toBe(hours(24).toISOString());
    status = nextStatus(status, credentialsRefused(hours(24)), hours(24)).status;
    expect(status.quarantine!.nextAttempt).toBe(hours(48).toISOString());
    expect(nextStatus(status, credentialsRefused(hours(24 * 28)), hours(24 * 28)).disableJob).toBe(false);
    expect(nextStatus(status, credentialsRefused(hours(24 * 28 + 1)), hours(24 * 28 + 1)).disableJob).toBe(true);
  });

  test("a successful cycle leaves quarantine and records steady state", () => {
    const quarantined = nextStatus(null, credentialsRefused(T0), T0).status;
    const healed = nextStatus(quarantined, entries(3, 0), hours(7)).status;
    expect(healed).toMatchObject({ code: "Active", quarantine: null, countSuccessiveCompleteFailures: 0, steadyStateFirstAchievedTime: T0.toISOString(), troubleshootingUrl: null });
    expect(quarantined.steadyStateFirstAchievedTime).toBe(NEVER);
  });
});

describe("escrow thresholds (application-provisioning-quarantine-status)", () => {
  test.each([
    ["4,000 failures are not evaluated", 0, 4_000, 0, null],
    ["30,000 failed and 5,000 succeeded: more than 40%", 5_000, 30_000, 0, "EncounteredEscrowProportionThreshold"],
    ["20,000 failed and 100,000 succeeded: neither 40% nor 40,000", 100_000, 20_000, 0, null],
    ["45,000 failed: more than 40,000", 100_000, 45_000, 0, "EncounteredTotalEscrowThreshold"],
    ["40,000 failed and 21,000 reference failures: more than 60,000 in all", 200_000, 40_000, 21_000, "EncounteredBaseEscrowThreshold"],
  ])("%s", (_name, successes, failures, references, reason) => {
    const { status } = nextStatus(null, entries(successes, failures, references), T0);
    expect(status.quarantine?.reason ?? null).toBe(reason);
  });
});
