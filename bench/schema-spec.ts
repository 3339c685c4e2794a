/**
 * What the hand-written L1 programs (synth-l1.ts, graph-l1.ts) paste: an app's declarations as
 * data and the by-name merge expressions, exactly what ScimProvisionedApp computes, with
 * placeholders for each app's addresses.
 */
import { writeFileSync } from "node:fs";
import { Connectors, type Connector } from "../constructs";
import { escapeTemplates, removesAnything, resolveJobSchema, type DeclaredSchema } from "../constructs/job-schema";
import { declaredData, mergedRulesExpression, problemsExpression, warningsExpression } from "../constructs/schema";
import { BENCH_MAPPINGS } from "./workload";

export interface SchemaSpec {
  readonly declared: Record<string, unknown>;
  readonly rules: string;
  readonly problems: string;
  readonly warnings: string | null;
  /** The checks also read the template's schema (__TEMPLATE__): the declarations remove something. */
  readonly readsTemplate: boolean;
}

/** The pasted schema of an app of this connector with these declarations. */
export function schemaSpec(connector: Connector, declarations: Omit<DeclaredSchema, "mappingMode"> = {}): SchemaSpec {
  const schema = resolveJobSchema(connector, { ...declarations, mappingMode: "merge" });
  if (schema.problems.length) throw new Error(schema.problems.map((p) => p.message).join("; "));
  const readsTemplate = removesAnything(schema.objects);
  const refs = { live: "__LIVE__", declared: "__DECLARED__", result: "__RESULT__", ...(readsTemplate ? { template: "__TEMPLATE__" } : {}) };
  const declared = declaredData("", schema.objects);
  // The plan-time warnings check, written when a declaration can raise one (as JobSchema does).
  const mayWarn = Object.values(declared.objects as Record<string, { shared: Record<string, string> }>).some((o) => Object.keys(o.shared).length > 0);
  return {
    declared: escapeTemplates(declared),
    rules: mergedRulesExpression(refs, schema.objects),
    problems: problemsExpression(refs, schema.objects),
    warnings: mayWarn ? warningsExpression(refs, schema.objects) : null,
    readsTemplate,
  };
}

/** The synth bench's workload (a generic app with BENCH_MAPPINGS), for synth-l1.ts. */
export function writeSchemaSpec(file: string): void {
  writeFileSync(file, JSON.stringify(schemaSpec(Connectors.genericScim({ galleryName: "Bench", objects: ["users", "groups"] }), BENCH_MAPPINGS)));
}
