/**
 * The resource values drift reads out of a plan (a change's before/after, a refreshed state's
 * values), validated with zod before use: a plan is a file drift is handed, and a value of an odd
 * type (a `credential` that is not a list, a mapping list holding null) is one line and exit 1,
 * never a TypeError. Only the fields drift names are described; everything else is let through
 * unread. Shapes: azuread 3.7.0 (secret `credential[{key, value}]`, job `enabled`,
 * `schedule[].state`, application `display_name`), msgraph 0.5.0 (`body` of the schema update,
 * Graph's synchronizationSchema: terraform-side.md, graph-sync.md).
 *
 * Messages name the path and the type received, never a value: these values hold the token.
 */
import { z } from "zod";
import { printable } from "../printable";
import { PlanError } from "./plan";

/** Terraform writes an unset attribute as null, or leaves it out. */
const maybe = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const SecretValuesSchema = maybe(
  z.object({
    credential: maybe(z.array(z.object({ key: z.string(), value: maybe(z.string()) }))),
  }),
);
export type SecretValues = z.infer<typeof SecretValuesSchema>;

export const JobValuesSchema = maybe(
  z.object({
    enabled: maybe(z.boolean()),
    schedule: maybe(z.array(z.object({ state: maybe(z.string()) }))),
  }),
);
export type JobValues = z.infer<typeof JobValuesSchema>;

export const ApplicationValuesSchema = maybe(z.object({ display_name: maybe(z.string()) }));

const GraphMappingSchema = z.object({
  targetAttributeName: z.string(),
  source: maybe(z.object({ expression: maybe(z.string()) })),
  matchingPriority: maybe(z.number()),
  defaultValue: maybe(z.string()),
  flowType: maybe(z.string()),
});
export type GraphMapping = z.infer<typeof GraphMappingSchema>;

const GraphClauseSchema = z.object({
  sourceOperandName: maybe(z.string()),
  operatorName: maybe(z.string()),
  targetOperand: maybe(z.object({ values: maybe(z.array(z.string())) })),
});

const GraphScopeSchema = maybe(z.object({ groups: maybe(z.array(z.object({ name: maybe(z.string()), clauses: maybe(z.array(GraphClauseSchema)) }))) }));
export type GraphScope = z.infer<typeof GraphScopeSchema>;

const GraphObjectMappingSchema = z.object({
  sourceObjectName: maybe(z.string()),
  targetObjectName: maybe(z.string()),
  enabled: maybe(z.boolean()),
  attributeMappings: maybe(z.array(GraphMappingSchema)),
  scope: GraphScopeSchema,
});
export type GraphObjectMapping = z.infer<typeof GraphObjectMappingSchema>;

const GraphAttributeDefinitionSchema = z.object({
  name: z.string(),
  type: maybe(z.string()),
  multivalued: maybe(z.boolean()),
  required: maybe(z.boolean()),
});
export type GraphAttributeDefinition = z.infer<typeof GraphAttributeDefinitionSchema>;

/** The body's `directories` (present when the app declares attribute definitions). */
const GraphDirectorySchema = z.object({
  name: maybe(z.string()),
  objects: maybe(z.array(z.object({ name: maybe(z.string()), attributes: maybe(z.array(GraphAttributeDefinitionSchema)) }))),
});
export type GraphDirectory = z.infer<typeof GraphDirectorySchema>;

export const SchemaValuesSchema = maybe(
  z.object({
    body: maybe(
      z.object({
        synchronizationRules: maybe(z.array(z.object({ targetDirectoryName: maybe(z.string()), objectMappings: maybe(z.array(GraphObjectMappingSchema)) }))),
        directories: maybe(z.array(GraphDirectorySchema)),
      }),
    ),
  }),
);
export type SchemaValues = z.infer<typeof SchemaValuesSchema>;

/**
 * The value checked against its schema, or a PlanError naming where it is in the plan.
 * @param where e.g. `resource_drift[3] (azuread_synchronization_secret.x_secret) change.before`
 */
export function valuesOf<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${printable(String(p), 60)}`)).join("");
  throw new PlanError(`${where}${path}: ${issue.message}; expected the output of terraform show -json <plan>`);
}
