/**
 * Is this plan the plan of the stack drift was asked about? A plan of another stack (a
 * `--plan-json` of the wrong file, the test tenant's plan read against prod's manifest) would
 * otherwise be read as this stack's: every app "not deployed", or another tenant's changes
 * reported as this one's drift.
 *
 * The manifest names every Terraform address of every app; `terraform show -json` writes the
 * configuration the plan was made from. A plan of the stack declares all of them. A plan without
 * a configuration (not Terraform's output) must at least hold one of them when it holds anything.
 */
import type { Manifest } from "../../manifest/schema";
import { printable } from "../printable";
import { PlanError, type Plan, refreshedResources } from "./plan";

/** Throws PlanError, one line naming the first address that shows the plan is another stack's. */
export function assertPlanOfStack(manifest: Manifest, plan: Plan, source: string): void {
  const expected = manifest.apps.flatMap((app) =>
    Object.entries(app.terraform)
      // check blocks are not resources: the configuration does not list them.
      .filter(([, address]) => !address.startsWith("check."))
      .map(([key, address]) => ({ app: app.id, key, address })),
  );
  const stack = JSON.stringify(printable(manifest.stack, 80));
  const expectation = `expected terraform show -json of a plan made in stack ${stack}'s synth output`;
  const declared = plan.configuration?.root_module?.resources;
  if (declared !== undefined || plan.configuration !== undefined) {
    const addresses = new Set((declared ?? []).map((r) => r.address));
    const missing = expected.find((e) => !addresses.has(e.address));
    if (missing !== undefined) {
      throw new PlanError(
        `${source}: is not a plan of stack ${stack}: it does not declare ${printable(missing.address, 200)} ` +
          `(${printable(missing.app, 80)}'s ${missing.key}); ${expectation}`,
      );
    }
    return;
  }
  const held = [
    ...refreshedResources(plan).keys(),
    ...(plan.resource_drift ?? []).map((c) => c.address),
    ...(plan.resource_changes ?? []).map((c) => c.address),
  ];
  const ours = new Set(expected.map((e) => e.address));
  if (held.length > 0 && !held.some((address) => ours.has(address))) {
    throw new PlanError(`${source}: is not a plan of stack ${stack}: it holds ${printable(held[0], 200)}, which no app of the stack declares; ${expectation}`);
  }
}
