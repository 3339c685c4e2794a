/**
 * Graph `restart` (synchronizationJobRestartCriteria.resetScope) applied to a job's escrow and
 * status, before the cycle the restart starts. resetScope is a comma-separated combination of:
 * - `Escrows`: forget entries' failures (the counter that accrues toward quarantine);
 * - `Watermark`: forget what each object looked like, so every object is evaluated again;
 * - `QuarantineState`: leave quarantine;
 * - `ConnectorDataStore`: forget the cached target objects (UNCONFIRMED what "clears cache for
 *   all users" keeps; the sandbox breaks the links, as Full does);
 * - `ForceDeletes`: process the deprovisionings the accidental-deletion threshold held;
 * - `Full`: all of them; the links between source and target objects are broken
 *   (how-provisioning-works: the portal's restart "doesn't break the links", Full does).
 * An empty scope is the portal's Restart provisioning: QuarantineState, Watermark, Escrows.
 * `None` is refused, as Graph asks callers not to use it (use Start).
 */
import type { EscrowMemory, SynchronizationStatus } from "./types";

const SCOPES = ["Escrows", "Watermark", "QuarantineState", "ConnectorDataStore", "ForceDeletes", "Full", "None"] as const;
export type ResetScope = (typeof SCOPES)[number];

export class RestartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestartError";
  }
}

export function parseResetScope(resetScope: string | null | undefined): Set<ResetScope> {
  const parts = (resetScope ?? "").split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (parts.length === 0) return new Set(["QuarantineState", "Watermark", "Escrows"]);
  const scopes = new Set<ResetScope>();
  for (const part of parts) {
    const known = SCOPES.find((s) => s.toLowerCase() === part.toLowerCase());
    if (!known) throw new RestartError(`resetScope "${part}" is not one of ${SCOPES.join(", ")}`);
    scopes.add(known);
  }
  if (scopes.has("None")) throw new RestartError('resetScope "None" is not supported; use start instead');
  if (scopes.has("Full")) for (const s of ["Escrows", "Watermark", "QuarantineState", "ConnectorDataStore", "ForceDeletes"] as const) scopes.add(s);
  return scopes;
}

export interface RestartResult {
  readonly memory: EscrowMemory;
  readonly status: SynchronizationStatus | null;
  /** Pass to the next runCycle. */
  readonly forceDeletes: boolean;
}

export function applyRestart(memory: EscrowMemory | null | undefined, status: SynchronizationStatus | null | undefined, resetScope: string | null | undefined): RestartResult {
  const scopes = parseResetScope(resetScope);
  const previous = memory ?? { entries: {} };
  let entries = { ...previous.entries };
  if (scopes.has("ConnectorDataStore")) entries = {};
  if (scopes.has("Escrows")) entries = Object.fromEntries(Object.entries(entries).map(([id, e]) => [id, { ...e, failures: 0 }]));
  if (scopes.has("Watermark")) entries = Object.fromEntries(Object.entries(entries).map(([id, e]) => [id, { ...e, sourceFingerprint: undefined }]));
  const nextStatus: SynchronizationStatus | null =
    status && scopes.has("QuarantineState") ? { ...status, code: status.code === "Quarantine" ? "Active" : status.code, quarantine: null, countSuccessiveCompleteFailures: 0, troubleshootingUrl: null } : (status ?? null);
  return { memory: { ...previous, entries }, status: nextStatus, forceDeletes: scopes.has("ForceDeletes") };
}
