/**
 * What the hand-written L1 program (synth-l1.ts) pastes: the bench workload's declarations as data
 * and the by-name merge expressions, exactly what ScimProvisionedApp computes, with placeholders
 * for each app's addresses.
 */
import { writeFileSync } from "node:fs";
import { Connectors } from "../constructs";
import { escapeTemplates, resolveJobSchema } from "../constructs/job-schema";
import { declaredData, mergedRulesExpression, problemsExpression, warningsExpression } from "../constructs/schema";
import { BENCH_MAPPINGS } from "./workload";

export function writeSchemaSpec(file: string): void {
  const schema = resolveJobSchema(Connectors.genericScim({ galleryName: "Bench", objects: ["users", "groups"] }), { ...BENCH_MAPPINGS, mappingMode: "merge" });
  if (schema.problems.length) throw new Error(schema.problems.map((p) => p.message).join("; "));
  // The workload removes mappings, so the checks also read the template's schema (__TEMPLATE__).
  const refs = { live: "__LIVE__", declared: "__DECLARED__", result: "__RESULT__", template: "__TEMPLATE__" };
  const declared = declaredData("", schema.objects);
  // The plan-time warnings check, written when a declaration can raise one (as JobSchema does).
  const mayWarn = Object.values(declared.objects as Record<string, { shared: Record<string, string> }>).some((o) => Object.keys(o.shared).length > 0);
  writeFileSync(
    file,
    JSON.stringify({
      declared: escapeTemplates(declared),
      rules: mergedRulesExpression(refs, schema.objects),
      problems: problemsExpression(refs, schema.objects),
      warnings: mayWarn ? warningsExpression(refs, schema.objects) : null,
    }),
  );
}
