/**
 * The seam to the provisioning engine (sandbox/provisioning/, built separately): provisioning
 * cycles, Test Connection (validateCredentials) and on-demand provisioning. The Graph routes only
 * call the port below; when the engine module is absent they refuse with 501 rather than pretend.
 * Wiring the engine in is this one file.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Json, JsonObject, KeyValue } from "../store";

export interface EngineDirectory {
  readonly users: JsonObject[];
  /** Groups with `members`: the member object ids. */
  readonly groups: Array<JsonObject & { members: string[] }>;
}

export interface CycleInput {
  readonly servicePrincipal: JsonObject;
  readonly job: JsonObject;
  readonly schema: JsonObject;
  /** The job's saved secrets, values in clear (BaseAddress, SecretToken, SyncAll, ...). */
  readonly secrets: readonly KeyValue[];
  readonly appRoleAssignments: JsonObject[];
  readonly directory: EngineDirectory;
  /** What the previous cycle returned as memory; undefined on the first cycle or after a full restart. */
  readonly memory: Json | undefined;
  readonly now: Date;
}

export interface CycleOutput {
  readonly memory: Json;
  /** The job's synchronizationStatus after the cycle. */
  readonly status: JsonObject;
  /** provisioningObjectSummary entries (GET /auditLogs/provisioning). */
  readonly logs: JsonObject[];
}

export interface ValidateInput extends Omit<CycleInput, "memory"> {
  /** Credentials to test: the saved secrets (useSavedCredentials) or the ones in the request. */
  readonly credentials: readonly KeyValue[];
}

export type ValidateOutput = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

export interface OnDemandInput extends CycleInput {
  /** The request's `parameters` (ruleId and subjects), as sent. */
  readonly parameters: Json;
}

export interface OnDemandOutput {
  /** stringKeyStringValuePair: both are JSON text, as Graph returns them. */
  readonly key: string;
  readonly value: string;
  readonly memory: Json;
  readonly logs: JsonObject[];
}

export interface EnginePort {
  runCycle(input: CycleInput): Promise<CycleOutput>;
  validateCredentials(input: ValidateInput): Promise<ValidateOutput>;
  provisionOnDemand(input: OnDemandInput): Promise<OnDemandOutput>;
}

/** The engine when sandbox/provisioning/index.ts is present, else undefined. */
export function loadEngine(): EnginePort | undefined {
  const dir = join(__dirname, "..", "provisioning");
  if (!existsSync(join(dir, "index.ts")) && !existsSync(join(dir, "index.js"))) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(dir) as Partial<EnginePort>;
  if (typeof engine.runCycle !== "function" || typeof engine.validateCredentials !== "function" || typeof engine.provisionOnDemand !== "function") {
    throw new Error("sandbox/provisioning/index.ts does not export runCycle, validateCredentials and provisionOnDemand");
  }
  return engine as EnginePort;
}

export const NO_ENGINE_MESSAGE =
  "This sandbox has no provisioning engine (sandbox/provisioning/ is absent): it cannot reach the app, so it refuses instead of pretending the call succeeded.";
