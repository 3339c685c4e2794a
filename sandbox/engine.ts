/**
 * The provisioning engine (sandbox/provisioning/) behind the Graph routes' engine port: the one
 * place where the sandbox's stored objects become the engine's inputs, and where the engine learns
 * how to reach the target apps (a dispatcher that routes tenant URL hosts to local SCIM apps).
 */
import type { Dispatcher } from "undici";
import type { CycleInput, EnginePort, OnDemandInput, ValidateInput } from "./graph/engine-port";
import * as provisioning from "./provisioning";
import type { CycleInput as EngineCycleInput, EscrowMemory, OnDemandSubject } from "./provisioning";

export interface EngineOptions {
  /**
   * How the engine reaches tenant URLs. The sandbox passes one that serves only the local SCIM
   * apps; without it, nothing is routed and every request to a target app fails.
   */
  readonly dispatcher?: Dispatcher;
  /**
   * Whether a template's app takes `active=false` (soft delete); Graph does not say how a gallery
   * template declares it (UNCONFIRMED), so the sandbox decides per template id.
   * @default every template soft-deletes
   */
  readonly softDelete?: (templateId: string) => boolean;
}

function secret(secrets: readonly { key: string; value: string }[], key: string): string {
  return secrets.find((s) => s.key === key)?.value ?? "";
}

function engineInput(input: CycleInput, options: EngineOptions): EngineCycleInput {
  const templateId = String(input.job.templateId ?? "");
  return {
    job: { id: String(input.job.id), templateId, schema: input.schema as never, status: (input.job.status ?? null) as never },
    secrets: input.secrets,
    servicePrincipal: input.servicePrincipal as never,
    appRoleAssignments: input.appRoleAssignments as never,
    directory: input.directory as never,
    memory: (input.memory ?? null) as EscrowMemory | null,
    now: input.now,
    fetchDispatcher: options.dispatcher,
    targetSupportsSoftDelete: options.softDelete ? options.softDelete(templateId) : true,
  };
}

export function provisioningEngine(options: EngineOptions = {}): EnginePort {
  return {
    async runCycle(input) {
      const out = await provisioning.runCycle(engineInput(input, options));
      return { memory: out.memory as never, status: out.status as never, logs: out.logs as never };
    },
    async validateCredentials(input: ValidateInput) {
      const result = await provisioning.validateCredentials({
        baseAddress: secret(input.credentials, "BaseAddress"),
        secretToken: secret(input.credentials, "SecretToken"),
        dispatcher: options.dispatcher,
        schema: input.schema as never,
        now: input.now,
      });
      if (result.ok) return { ok: true };
      return { ok: false, code: result.body.error.code, message: result.body.error.message };
    },
    async provisionOnDemand(input: OnDemandInput) {
      // Graph takes a list of parameters (ruleId and subjects); the portal and the providers
      // send one subject at a time, so the first subject of the first parameter is provisioned.
      const parameters = (Array.isArray(input.parameters) ? input.parameters : []) as Array<{ ruleId?: string; subjects?: OnDemandSubject[] }>;
      const first = parameters[0];
      const subject = first?.subjects?.[0];
      if (!subject) throw new Error("provisionOnDemand: parameters[0].subjects is empty");
      const out = await provisioning.provisionOnDemand(engineInput(input, options), subject, first.ruleId);
      return { key: out.response.key, value: out.response.value, memory: out.memory as never, logs: out.logs as never };
    },
  };
}
