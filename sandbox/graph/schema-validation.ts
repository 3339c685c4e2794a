/**
 * What a job-schema PUT must satisfy before it replaces the schema (Graph docs,
 * synchronizationSchema update; the resource pages of synchronizationRule, objectMapping,
 * attributeMapping, attributeMappingSource, filter, filterClause): documented property types and
 * enum values, rule ids the job's template knows, expressions that parse with documented function
 * names, and documented scoping operators. The first problem is the 400's message, naming where
 * it is (`synchronizationRules[0].objectMappings[1].attributeMappings[3].source`).
 *
 * UNCONFIRMED: the error code and wording Graph uses for an invalid schema; this answers
 * 400 BadRequest with the place and the reason.
 */
import { z } from "zod";
import { expressionProblem, FUNCTIONS, OPERATORS } from "./expressions";

/** Unary operators take no value (the Entra docs' IS ... operators); the rest compare with one. */
const UNARY = new Set(["IS FALSE", "IS NOT NULL", "IS NULL", "IS TRUE"]);

/** The documented scoping operators, as GET .../schema/filterOperators lists them. */
export const FILTER_OPERATORS: ReadonlyArray<{ name: string; arity: "Unary" | "Binary" }> = OPERATORS.map((name) => ({ name, arity: UNARY.has(name) ? "Unary" : "Binary" }));

type Source = { expression?: string | null; name?: string | null; type?: string | null; parameters?: Array<{ key: string; value: Source }> | null };

const SourceSchema: z.ZodType<Source> = z.lazy(() =>
  z.looseObject({
    expression: z.string().nullish(),
    name: z.string().nullish(),
    type: z.enum(["Attribute", "Constant", "Function"]).nullish(),
    parameters: z.array(z.looseObject({ key: z.string(), value: SourceSchema })).nullish(),
  }),
);

const Clause = z.looseObject({
  operatorName: z.string(),
  sourceOperandName: z.string().min(1),
  targetOperand: z.looseObject({ values: z.array(z.string()).nullish() }).nullish(),
});
const Filter = z.looseObject({
  groups: z.array(z.looseObject({ name: z.string().nullish(), clauses: z.array(Clause).nullish() })).nullish(),
  inputFilterGroups: z.array(z.unknown()).nullish(),
  categoryFilterGroups: z.array(z.unknown()).nullish(),
});

const AttributeMapping = z.looseObject({
  targetAttributeName: z.string().min(1),
  source: SourceSchema.nullish(),
  defaultValue: z.string().nullish(),
  exportMissingReferences: z.boolean().nullish(),
  flowBehavior: z.enum(["FlowWhenChanged", "FlowAlways"]).nullish(),
  flowType: z.enum(["Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly"]).nullish(),
  matchingPriority: z.number().int().min(0).nullish(),
});

const ObjectMapping = z.looseObject({
  sourceObjectName: z.string().min(1),
  targetObjectName: z.string().min(1),
  name: z.string().nullish(),
  enabled: z.boolean().nullish(),
  flowTypes: z.string().regex(/^\s*(Add|Update|Delete)(\s*,\s*(Add|Update|Delete))*\s*$/, "must be a combination of Add, Update, Delete").nullish(),
  attributeMappings: z.array(AttributeMapping).nullish(),
  scope: Filter.nullish(),
  metadata: z.array(z.looseObject({ key: z.string(), value: z.string().nullish() })).nullish(),
});

const Rule = z.looseObject({
  id: z.string().min(1, "required: the rule id from the template's schema"),
  name: z.string().nullish(),
  sourceDirectoryName: z.string().nullish(),
  targetDirectoryName: z.string().nullish(),
  priority: z.number().int().nullish(),
  editable: z.boolean().nullish(),
  objectMappings: z.array(ObjectMapping).nullish(),
});

export const SchemaDocument = z.looseObject({
  synchronizationRules: z.array(Rule),
  directories: z.array(z.looseObject({ name: z.string().min(1) })).nullish(),
});
export type SchemaDocument = z.infer<typeof SchemaDocument>;

function sourceProblem(source: Source, where: string): string | undefined {
  if (source.type === "Function" && source.name && !FUNCTIONS.has(source.name)) return `${where}.name: unknown function '${source.name}'`;
  if (typeof source.expression === "string" && source.expression !== "" && source.type !== "Constant") {
    const problem = expressionProblem(source.expression);
    if (problem) return `${where}.expression: ${problem}`;
  }
  for (const [i, p] of (source.parameters ?? []).entries()) {
    const inner = sourceProblem(p.value, `${where}.parameters[${i}].value`);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The first problem of a schema document, or undefined.
 * @param ruleIds the rule ids of the job's template: a rule must be one the engine knows.
 */
export function schemaProblem(body: unknown, ruleIds: readonly string[]): string | undefined {
  const parsed = SchemaDocument.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") || "body"}: ${issue.message}`;
  }
  for (const [r, rule] of parsed.data.synchronizationRules.entries()) {
    const rw = `synchronizationRules[${r}]`;
    if (!ruleIds.includes(rule.id)) return `${rw}.id: '${rule.id}' is not a rule of this job's template (${ruleIds.join(", ")})`;
    for (const [o, om] of (rule.objectMappings ?? []).entries()) {
      const ow = `${rw}.objectMappings[${o}]`;
      for (const [a, am] of (om.attributeMappings ?? []).entries()) {
        if (am.source) {
          const problem = sourceProblem(am.source, `${ow}.attributeMappings[${a}].source`);
          if (problem) return problem;
        }
      }
      for (const [g, group] of (om.scope?.groups ?? []).entries()) {
        for (const [c, clause] of (group.clauses ?? []).entries()) {
          if (!FILTER_OPERATORS.some((op) => op.name === clause.operatorName)) {
            return `${ow}.scope.groups[${g}].clauses[${c}].operatorName: '${clause.operatorName}' is not a scoping operator (${FILTER_OPERATORS.map((op) => op.name).join(", ")})`;
          }
        }
      }
    }
  }
  return undefined;
}
