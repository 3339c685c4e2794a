/**
 * Offline import is given two files, and nothing but the user ties them together: the job's schema
 * must have been made from the given template schema, or the diff is meaningless (every mapping of
 * another app's template would be "removed", every one of the job's "added"). Entra makes a job's
 * schema as a copy of its template's; what the portal lets an admin change afterwards is mappings,
 * scoping filters, the attribute lists and whether an object mapping is enabled. What it cannot
 * change is the kind of things: which directories a rule connects, which target object an Entra
 * object maps to, the type of a target attribute. The first of those that differs refuses the
 * pair, in one line that names it.
 */
import { ImportError } from "./connector";
import type { GraphRule, JobSchemaDocument } from "./graph-shapes";
import { quote } from "./text";

const directions = (r: GraphRule) => `${quote(r.sourceDirectoryName ?? "")} -> ${quote(r.targetDirectoryName ?? "")}`;
const sameDirections = (a: GraphRule, b: GraphRule) => (a.sourceDirectoryName ?? "") === (b.sourceDirectoryName ?? "") && (a.targetDirectoryName ?? "") === (b.targetDirectoryName ?? "");
const ruleName = (r: GraphRule) => quote(r.name ?? r.id ?? "(unnamed)");

/** Throws ImportError when `job` was not made from `template`; `what` names the two files. */
export function assertDerived(template: JobSchemaDocument, job: JobSchemaDocument, what: { job: string; template: string }): void {
  const refuse = (difference: string) => {
    throw new ImportError(
      `${what.job} was not made from ${what.template}: ${difference}; expected the job's schema and the schema of the template it was created from (GET .../jobs/{id}/schema and .../templates/{templateId}/schema of the same app)`,
    );
  };

  // Rules, by the directories they connect (the portal cannot add or remove one).
  for (const r of job.rules) {
    if (!template.rules.some((t) => sameDirections(t, r))) refuse(`the job's rule ${ruleName(r)} (${directions(r)}) connects directories no rule of the template connects`);
  }
  for (const t of template.rules) {
    if (!job.rules.some((r) => sameDirections(t, r))) refuse(`the template's rule ${ruleName(t)} (${directions(t)}) connects directories no rule of the job connects`);
  }

  // Object mappings: an Entra object maps to the same target object in both.
  for (const r of job.rules) {
    const templateMappings = template.rules.filter((t) => sameDirections(t, r)).flatMap((t) => t.objectMappings ?? []);
    for (const om of r.objectMappings ?? []) {
      const targets = templateMappings.filter((t) => t.sourceObjectName === om.sourceObjectName).map((t) => t.targetObjectName);
      if (targets.length > 0 && !targets.includes(om.targetObjectName)) {
        refuse(`object ${quote(om.sourceObjectName)} maps to ${quote(om.targetObjectName)} in the job and to ${targets.map(quote).join(", ")} in the template (rule ${ruleName(r)})`);
      }
    }
  }

  // Target attributes both documents define: the same type (String, Boolean, Reference, ...).
  const types = new Map<string, string>();
  const key = (d: string, o: string, a: string) => JSON.stringify([d.toLowerCase(), o.toLowerCase(), a.toLowerCase()]);
  for (const d of template.directories ?? []) {
    for (const o of d.objects ?? []) for (const a of o.attributes ?? []) if (typeof a.type === "string") types.set(key(d.name, o.name, a.name), a.type);
  }
  for (const d of job.directories ?? []) {
    for (const o of d.objects ?? []) {
      for (const a of o.attributes ?? []) {
        const other = types.get(key(d.name, o.name, a.name));
        if (other !== undefined && typeof a.type === "string" && other.toLowerCase() !== a.type.toLowerCase()) {
          refuse(`attribute ${quote(a.name)} of object ${quote(o.name)} in directory ${quote(d.name)} is ${quote(a.type)} in the job and ${quote(other)} in the template`);
        }
      }
    }
  }
}
