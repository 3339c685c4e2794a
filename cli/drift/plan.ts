/**
 * The parts of `terraform show -json <plan>` the drift report reads, validated with zod. The
 * shape is pinned by genuine Terraform 1.11 output (test/fixtures/plans/terraform-data-*.json).
 * A plan holds sensitive values in clear (variables, before/after): only the fields this report
 * names are ever read out of it.
 */
import { z } from "zod";

const ChangeSchema = z.object({
  actions: z.array(z.string()),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

export const ResourceChangeSchema = z.object({
  address: z.string(),
  mode: z.string().optional(),
  type: z.string(),
  change: ChangeSchema,
});
export type ResourceChange = z.infer<typeof ResourceChangeSchema>;

export const PlanSchema = z.object({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  /** Present in refresh-only plans when a refresh found objects changed outside Terraform. */
  resource_drift: z.array(ResourceChangeSchema).optional(),
  resource_changes: z.array(ResourceChangeSchema).optional(),
});
export type Plan = z.infer<typeof PlanSchema>;

export class PlanError extends Error {}

export function parsePlan(text: string, source: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PlanError(`${source}: not JSON; expected the output of terraform show -json <plan>`);
  }
  const parsed = PlanSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanError(`${source}: ${issue.path.join(".") || "(root)"}: ${issue.message}; expected the output of terraform show -json <plan>`);
  }
  if (!parsed.data.format_version.startsWith("1.")) {
    throw new PlanError(`${source}: plan format ${parsed.data.format_version} is not supported; expected format 1.x (Terraform >= 1.0)`);
  }
  return parsed.data;
}
