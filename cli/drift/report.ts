/**
 * Drift in provisioning terms: which app, which setting or mapping changed outside code. Reads a
 * refresh-only plan's `resource_drift` (and its refreshed `prior_state` for the job) and maps each
 * resource address back to an app through the manifest's `terraform` addresses.
 *
 * Secrets: the secret resource's credentials hold the token in clear in a plan; see secret.ts for
 * the only credential values ever read.
 */
import { isDeepStrictEqual } from "node:util";
import type { AppManifest, Manifest } from "../../manifest/schema";
import { jobDrift } from "./job";
import { printable } from "../printable";
import { PlanError, refreshedResources, type Plan, type ResourceChange } from "./plan";
import { cleaner } from "./redact";
import { schemaDrift } from "./schema";
import { secretDrift, type Push } from "./secret";
import { ApplicationValuesSchema, valuesOf } from "./values";

export interface DriftItem {
  readonly stack: string;
  /** App id, or null for a resource no app owns. */
  readonly app: string | null;
  /** What drifted, e.g. `tenant URL`, `provisioning`, `user mapping userName`. */
  readonly setting: string;
  /** One line, prefixed with the app's display name. */
  readonly message: string;
}

const DELETED: Record<string, string> = {
  application: "the enterprise app was deleted outside code",
  secret: "the provisioning credentials were removed outside code",
  job: "the provisioning job was deleted outside code",
  schema: "the job schema (mappings and scoping filters) is gone (its job was deleted outside code)",
};

function deletion(app: AppManifest, key: string, change: ResourceChange, push: Push): void {
  if (key.startsWith("assignment:")) {
    const a = app.assignments[Number(key.slice("assignment:".length))];
    push("assignments", `assignment removed outside code: ${a ? `${a.principalType} ${a.principal} as ${a.role}` : change.address}`);
  } else {
    push(key, DELETED[key] ?? `${change.address} was deleted outside code`);
  }
}

/**
 * The drift items of one stack's plan. Throws PlanError (one line, prefixed with `source`) when a
 * value drift reads has an odd type.
 * @param source how the plan is named in errors. @default "plan"
 */
export function driftReport(manifest: Manifest, plan: Plan, source = "plan"): DriftItem[] {
  try {
    return driftItems(manifest, plan);
  } catch (err) {
    if (err instanceof PlanError) throw new PlanError(`${source}: ${err.message}`);
    throw err;
  }
}

function driftItems(manifest: Manifest, plan: Plan): DriftItem[] {
  const owners = new Map<string, { app: AppManifest; key: string }>();
  for (const app of manifest.apps) for (const [key, address] of Object.entries(app.terraform)) owners.set(address, { app, key });
  const refreshed = refreshedResources(plan);
  const byApp = new Map<string | null, DriftItem[]>();
  const pusher = (app: AppManifest): Push => (setting, message) => {
    const list = byApp.get(app.id) ?? [];
    list.push({ stack: manifest.stack, app: app.id, setting, message: `${app.displayName}: ${message}` });
    byApp.set(app.id, list);
  };
  const jobsSeen = new Set<string>();
  const deleted = new Set<string>();

  for (const [i, change] of (plan.resource_drift ?? []).entries()) {
    const where = `resource_drift[${i}] (${printable(change.address, 200)})`;
    // A moved object with nothing else changed (actions no-op) is bookkeeping, not a setting.
    if (change.change.actions.every((a) => a === "no-op") || isDeepStrictEqual(change.change.before, change.change.after)) continue;
    const owner = owners.get(change.address) ?? (change.previous_address !== undefined ? owners.get(change.previous_address) : undefined);
    if (!owner) {
      const list = byApp.get(null) ?? [];
      list.push({ stack: manifest.stack, app: null, setting: change.address, message: `${change.address} changed outside code (${change.change.actions.join(", ")})` });
      byApp.set(null, list);
      continue;
    }
    const { app, key } = owner;
    const push = pusher(app);
    if (change.change.actions.includes("delete") && (change.change.after === null || change.change.after === undefined)) {
      deletion(app, key, change, push);
      deleted.add(change.address);
      if (key === "job") jobsSeen.add(app.id);
    } else if (key === "secret") secretDrift(app, change, push, where);
    else if (key === "job") {
      jobsSeen.add(app.id);
      jobDrift(app, refreshed.get(change.address), change, push, where);
    } else if (key === "schema") schemaDrift(app, change, push, where);
    else if (key === "application") {
      const a = valuesOf(ApplicationValuesSchema, change.change.before, `${where} change.before`)?.display_name ?? undefined;
      const b = valuesOf(ApplicationValuesSchema, change.change.after, `${where} change.after`)?.display_name ?? undefined;
      if (a !== b) push("display name", `display name changed outside code: ${a} → ${b} (declared ${app.displayName})`);
    } else push(key, `${change.address} changed outside code`);
  }

  for (const app of manifest.apps) {
    // An app the refreshed state does not hold at all was never deployed, or drift reads another
    // state than deploy did (no remote backend in CI: the refresh of an empty state finds nothing,
    // which must not read as "no drift"). Terraform omits prior_state entirely for an empty state.
    const application = app.terraform.application;
    if (application !== undefined && !refreshed.has(application) && !deleted.has(application)) {
      pusher(app)("deployment", `not deployed: the refreshed state has no ${application} (deploy has not run for it, or drift reads another state than deploy: check the stack's backend)`);
      continue;
    }
    // Jobs resource_drift does not list: their refreshed state still says whether they run.
    const job = app.terraform.job;
    if (job !== undefined && !jobsSeen.has(app.id)) jobDrift(app, refreshed.get(job), undefined, pusher(app), `prior_state (${printable(job, 200)})`);
  }

  // The app's health check block (constructs/job-health-check.ts) read the job's live status through
  // Graph during this plan: a failed assertion (quarantine) is reported in its own words. Its
  // "declared on but not Active" assertion says what the job check above already reported.
  const checkOwners = new Map(manifest.apps.flatMap((a) => (a.terraform.healthCheck !== undefined ? [[a.terraform.healthCheck, a] as const] : [])));
  for (const check of plan.checks ?? []) {
    if (check.status !== "fail") continue;
    const app = checkOwners.get(check.address.to_display);
    const problems = (check.instances ?? []).flatMap((i) => (i.problems ?? []).map((p) => p.message));
    if (!app) {
      const list = byApp.get(null) ?? [];
      for (const p of problems) list.push({ stack: manifest.stack, app: null, setting: check.address.to_display, message: `${check.address.to_display} failed: ${p}` });
      byApp.set(null, list);
      continue;
    }
    const paused = (byApp.get(app.id) ?? []).some((i) => i.setting === "provisioning");
    for (const p of problems) {
      if (paused && p.includes('declared "on"')) continue;
      pusher(app)("health", `health check failed: ${p.replace(`${manifest.stack}/${app.id}: `, "")}`);
    }
  }

  // A deleted enterprise app takes its service principal, credentials, job, schema and assignments
  // with it: say that once, not once per resource.
  for (const app of manifest.apps) {
    const items = byApp.get(app.id) ?? [];
    const gone = items.find((i) => i.setting === "application" && app.terraform.application !== undefined && deleted.has(app.terraform.application));
    if (gone) byApp.set(app.id, [gone]);
  }

  // App by app in manifest order, then resources no app owns. Every string in an item came from
  // the manifest or the plan: token values are cut out, and it is made printable, here, once.
  const clean = cleaner(manifest, plan);
  return [...manifest.apps.map((a) => a.id), null].flatMap((id) => byApp.get(id) ?? []).map((i) => ({ ...i, setting: clean(i.setting), message: clean(i.message) }));
}

export function renderDrift(stack: string, items: readonly DriftItem[]): string {
  if (items.length === 0) return `${printable(stack)}: no drift\n`;
  return [`${printable(stack)}: ${items.length} change(s) outside code`, ...items.map((i) => `- ${i.message}`), ""].join("\n");
}
