/**
 * The parts of `terraform show -json <plan>` the drift report reads, validated with zod. The
 * shape is pinned by genuine Terraform 1.11 output (test/fixtures/plans/terraform-data-*.json).
 * A plan holds sensitive values in clear (variables, before/after, prior_state): only the fields
 * this report names are ever read out of it.
 */
import { z } from "zod";
import { parseJson } from "../json-text";
import { printable } from "../printable";

const ChangeSchema = z.object({
  actions: z.array(z.string()),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

export const ResourceChangeSchema = z.object({
  address: z.string(),
  /** Set when a `moved` block (or a state move) gave the object a new address. */
  previous_address: z.string().optional(),
  mode: z.string().optional(),
  type: z.string(),
  change: ChangeSchema,
});
export type ResourceChange = z.infer<typeof ResourceChangeSchema>;

const StateResourceSchema = z.object({
  address: z.string(),
  mode: z.string().optional(),
  type: z.string(),
  values: z.unknown().optional(),
});
export type StateResource = z.infer<typeof StateResourceSchema>;

type StateModule = { resources?: StateResource[]; child_modules?: StateModule[] };
const StateModuleSchema: z.ZodType<StateModule> = z.lazy(() =>
  z.object({
    resources: z.array(StateResourceSchema).optional(),
    child_modules: z.array(StateModuleSchema).optional(),
  }),
);

/** A `check` block's result (Terraform >= 1.5): status pass | fail | error | unknown, with the failed assertions' messages. */
const CheckResultSchema = z.object({
  address: z.object({ to_display: z.string(), kind: z.string().optional() }),
  status: z.string(),
  instances: z
    .array(z.object({ status: z.string().optional(), problems: z.array(z.object({ message: z.string() })).optional() }))
    .optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const PlanSchema = z.object({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  /** Input variables with their values, sensitive ones in clear (the tokens): read only to cut them out of the report. */
  variables: z.record(z.string(), z.object({ value: z.unknown().optional() })).optional(),
  /** Present in refresh-only plans when a refresh found objects changed outside Terraform. */
  resource_drift: z.array(ResourceChangeSchema).optional(),
  resource_changes: z.array(ResourceChangeSchema).optional(),
  /** Check block results, evaluated against the refreshed state. */
  checks: z.array(CheckResultSchema).optional(),
  /**
   * The configuration the plan was made from (every resource and data source it declares,
   * deployed or not): what tells which stack a plan belongs to (plan-stack.ts).
   */
  configuration: z
    .object({ root_module: z.object({ resources: z.array(z.object({ address: z.string() })).optional() }).optional() })
    .optional(),
  /** The state as refreshed for this plan: what the remote objects look like now. */
  prior_state: z.object({ values: z.object({ root_module: StateModuleSchema }).optional() }).optional(),
});
export type Plan = z.infer<typeof PlanSchema>;

export class PlanError extends Error {}

/**
 * Child modules deeper than this are not a plan Terraform writes (its module tree is the
 * configuration's, a handful of levels); the bound keeps validation and the state walk, which
 * recurse once per level, far from the stack limit.
 */
export const MAX_MODULE_DEPTH = 100;

function moduleDepth(raw: unknown): number {
  let depth = 0;
  let level: unknown[] = [(raw as { prior_state?: { values?: { root_module?: unknown } } } | null)?.prior_state?.values?.root_module];
  while (level.length > 0 && depth <= MAX_MODULE_DEPTH) {
    depth++;
    level = level.flatMap((m) => {
      const children = (m as { child_modules?: unknown } | null)?.child_modules;
      return Array.isArray(children) ? children : [];
    });
  }
  return depth;
}

export function parsePlan(text: string, source: string): Plan {
  const json = parseJson(text);
  if (!json.ok) throw new PlanError(`${source}: ${json.error}; expected the output of terraform show -json <plan>`);
  if (moduleDepth(json.value) > MAX_MODULE_DEPTH) {
    throw new PlanError(`${source}: prior_state.values.root_module: child modules nest deeper than ${MAX_MODULE_DEPTH} levels; expected the output of terraform show -json <plan>`);
  }
  const parsed = PlanSchema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((p) => (typeof p === "number" ? String(p) : printable(String(p), 60))).join(".");
    throw new PlanError(`${source}: ${path || "(root)"}: ${issue.message}; expected the output of terraform show -json <plan>`);
  }
  if (!parsed.data.format_version.startsWith("1.")) {
    throw new PlanError(`${source}: plan format ${printable(parsed.data.format_version, 20)} is not supported; expected format 1.x (Terraform >= 1.0)`);
  }
  return parsed.data;
}

/** Every managed resource of the refreshed state, by address (root and child modules). */
export function refreshedResources(plan: Plan): Map<string, StateResource> {
  const found = new Map<string, StateResource>();
  const walk = (m: StateModule | undefined) => {
    for (const r of m?.resources ?? []) if ((r.mode ?? "managed") === "managed") found.set(r.address, r);
    for (const c of m?.child_modules ?? []) walk(c);
  };
  walk(plan.prior_state?.values?.root_module);
  return found;
}
