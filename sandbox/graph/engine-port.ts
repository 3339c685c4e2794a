/**
 * The seam to the provisioning engine (sandbox/provisioning/, built separately): provisioning
 * cycles, Test Connection (validateCredentials) and on-demand provisioning. The Graph routes call
 * only the port below; when the engine module is absent they refuse with 501 rather than pretend.
 *
 * The shapes are the engine's documented API (sandbox/provisioning/README.md, types.ts), declared
 * here structurally so this layer compiles with or without the engine: `runCycle(input)`,
 * `validateCredentials({ baseAddress, secretToken, dispatcher, schema, now })` and
 * `provisionOnDemand(input, subject, ruleId)` (throwing OnDemandError with status and code).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Dispatcher } from "undici";
import type { Json, JsonObject, KeyValue } from "../store";

export interface EngineCycleInput {
  readonly tenantId: string;
  readonly job: { readonly id: string; readonly templateId: string; readonly schema: JsonObject; readonly status: JsonObject | null };
  readonly secrets: readonly KeyValue[];
  readonly servicePrincipal: JsonObject;
  readonly appRoleAssignments: JsonObject[];
  readonly directory: { readonly users: JsonObject[]; readonly groups: Array<JsonObject & { members: string[] }> };
  readonly memory: Json | undefined;
  readonly now: Date;
  /** Where SCIM requests go: local apps only (nothing leaves the machine). */
  readonly fetchDispatcher: Dispatcher;
  /** restart with resetScope ForceDeletes: send the deprovisionings the threshold held. */
  readonly forceDeletes?: boolean;
  /** false for an app that only takes hard deletes (its template's behaviour). */
  readonly targetSupportsSoftDelete?: boolean;
}

export interface EngineCycleResult {
  readonly memory: Json;
  readonly status: JsonObject;
  readonly logs: readonly JsonObject[];
  /** Quarantined for more than four weeks: the schedule becomes Disabled. */
  readonly disableJob?: boolean;
}

export type EngineValidateResult = { readonly ok: true } | { readonly ok: false; readonly status: number; readonly body: unknown };

export interface EngineOnDemandResult {
  readonly response: { readonly "@odata.context"?: string; readonly key: string; readonly value: string };
  readonly memory: Json;
  readonly logs: readonly JsonObject[];
}

export interface EnginePort {
  runCycle(input: EngineCycleInput): Promise<EngineCycleResult>;
  validateCredentials(input: { baseAddress: string; secretToken: string; dispatcher?: Dispatcher; schema?: JsonObject; now?: Date }): Promise<EngineValidateResult>;
  provisionOnDemand(input: EngineCycleInput, subject: { objectId: string; objectTypeName: string; links?: unknown }, ruleId?: string): Promise<EngineOnDemandResult>;
}

/** An error the engine throws for an on-demand request Graph refuses (its status and code). */
export function onDemandRefusal(err: unknown): { status: number; code: string; message: string } | undefined {
  const e = err as { name?: string; status?: unknown; code?: unknown; message?: string };
  if (e?.name === "OnDemandError" && typeof e.status === "number" && typeof e.code === "string") return { status: e.status, code: e.code, message: e.message ?? "" };
  return undefined;
}

/** The engine when sandbox/provisioning/index.ts is present, else undefined. */
export function loadEngine(): EnginePort | undefined {
  const dir = join(__dirname, "..", "provisioning");
  if (!existsSync(join(dir, "index.ts"))) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(dir) as Partial<EnginePort>;
  if (typeof engine.runCycle !== "function" || typeof engine.validateCredentials !== "function" || typeof engine.provisionOnDemand !== "function") {
    throw new Error("sandbox/provisioning/index.ts does not export runCycle, validateCredentials and provisionOnDemand");
  }
  return engine as EnginePort;
}

export const NO_ENGINE_MESSAGE =
  "This sandbox has no provisioning engine (sandbox/provisioning/ is absent): it cannot reach the app, so it refuses instead of pretending the call succeeded.";
