/**
 * Is the provisioning job in the state the manifest declares?
 *
 * The job resource is created with `enabled = false` and ignore_changes = [enabled]; a separate
 * msgraph action starts or pauses it. The azuread provider's Read sets `enabled` from the
 * schedule state (enabled = state == "Active", terraform-side.md 1.4). So `enabled` going
 * false → true while provisioning is declared "on" is the start action's doing, not drift; the
 * refreshed value is what counts: false while "on" = paused outside code, true while "off" =
 * started outside code.
 *
 * The refreshed value is read from the plan's prior_state (the refreshed state), not only from
 * resource_drift: right after the first deploy the state still holds the configured `false`, and
 * a job paused then refreshes to the same `false`, which resource_drift does not list.
 */
import type { AppManifest } from "../../manifest/schema";
import type { ResourceChange, StateResource } from "./plan";
import type { Push } from "./secret";
import { JobValuesSchema, valuesOf } from "./values";

/** @param where the job's place in the plan, for errors: `resource_drift[2] (<address>)` or `prior_state (<address>)` */
export function jobDrift(app: AppManifest, refreshed: StateResource | undefined, change: ResourceChange | undefined, push: Push, where: string): void {
  const values =
    refreshed?.values !== undefined
      ? valuesOf(JobValuesSchema, refreshed.values, `prior_state (${refreshed.address}) values`)
      : valuesOf(JobValuesSchema, change?.change.after, `${where} change.after`);
  const enabled = values?.enabled;
  if (typeof enabled !== "boolean") return; // not in the refreshed state: never created, or deleted (reported as such)
  const state = values?.schedule?.[0]?.state;
  if (app.provisioning === "on" && !enabled) {
    push("provisioning", `job ${state === "Disabled" ? "disabled" : "paused"} outside code (declared provisioning: on)`);
  } else if (app.provisioning === "off" && enabled) {
    push("provisioning", "job started outside code (declared provisioning: off)");
  }
}
