/**
 * Drift of the job schema (msgraph_update_resource): declared attribute mappings and scoping
 * filters edited in the portal. The body is the whole rules list (the live schema with the
 * declarations applied), so a refresh shows every portal edit; only what the app declares is
 * drift: the app's own (template) mappings are not managed in code and deploy keeps them as they
 * are. Both sides are compared by meaning: object mappings by source object (in any rule),
 * attribute mappings by target attribute, scoping filters by name.
 */
import { PLAIN, clauseInWords, quoted } from "../review/words";
import type { AppManifest, ObjectMapping } from "../../manifest/schema";
import type { ResourceChange } from "./plan";
import type { Push } from "./secret";
import { type GraphMapping, type GraphObjectMapping, type GraphScope, type SchemaValues, SchemaValuesSchema, valuesOf } from "./values";

function objectMappings(values: SchemaValues): GraphObjectMapping[] {
  return (values?.body?.synchronizationRules ?? []).flatMap((r) => r.objectMappings ?? []);
}

/** What the app declares for one object: targets (declared or removed) and filter names. */
function declaredKeys(o: ObjectMapping | null): { targets: Set<string>; filters: Set<string> } {
  return {
    targets: new Set([...(o?.mappings ?? []).map((m) => m.target), ...(o?.removed ?? [])].map((t) => t.toLowerCase())),
    filters: new Set([...(o?.scope ?? []).map((g) => g.name), ...(o?.removedScope ?? [])]),
  };
}

/** A Graph attribute mapping in the words review uses: source, default, matching, apply. */
function describeMapping(m: GraphMapping): string {
  const parts = [m.source?.expression ?? "(constant)"];
  if (m.defaultValue) parts.push(`default ${quoted(m.defaultValue)}`);
  if (m.matchingPriority) parts.push(`matching ${m.matchingPriority}`);
  if (m.flowType === "ObjectAddOnly") parts.push("on create only");
  return parts.join(", ");
}

/** Scoping filters by name, each in words (clauses AND-ed). */
function filters(scope: GraphScope): Map<string, string> {
  return new Map(
    (scope?.groups ?? []).map((g, i) => [
      g.name ?? `#${i + 1}`,
      (g.clauses ?? [])
        .map((c) => clauseInWords({ attribute: c.sourceOperandName ?? "?", operator: c.operatorName ?? "?", values: c.targetOperand?.values ?? [] }, PLAIN))
        .join(" AND "),
    ]),
  );
}

function pairs(before: GraphObjectMapping[], after: GraphObjectMapping[]): Array<[GraphObjectMapping, GraphObjectMapping]> {
  const named = [...before, ...after].every((m) => typeof m.sourceObjectName === "string");
  if (!named) return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => [before[i] ?? {}, after[i] ?? {}]);
  const names = [...new Set([...before, ...after].map((m) => m.sourceObjectName as string))];
  return names.map((n) => [before.find((m) => m.sourceObjectName === n) ?? {}, after.find((m) => m.sourceObjectName === n) ?? {}]);
}

/** @param where the change's place in the plan, for errors: `resource_drift[2] (<address>)` */
export function schemaDrift(app: AppManifest, change: ResourceChange, push: Push, where: string): void {
  const before = objectMappings(valuesOf(SchemaValuesSchema, change.change.before, `${where} change.before`));
  const after = objectMappings(valuesOf(SchemaValuesSchema, change.change.after, `${where} change.after`));
  for (const [a, b] of pairs(before, after)) {
    const label = (b.sourceObjectName ?? a.sourceObjectName) === "Group" ? "group" : "user";
    const declared = declaredKeys(label === "group" ? app.groups : app.users);
    if (a.enabled !== b.enabled) push(`${label} provisioning`, `${label} object mapping ${b.enabled ? "enabled" : "disabled"} outside code`);

    const key = (m: GraphMapping) => String(m.targetAttributeName).toLowerCase();
    const old = new Map((a.attributeMappings ?? []).map((m) => [key(m), m]));
    const now = new Map((b.attributeMappings ?? []).map((m) => [key(m), m]));
    for (const [k, m] of now) {
      if (!declared.targets.has(k)) continue;
      const was = old.get(k);
      const setting = `${label} mapping ${m.targetAttributeName}`;
      if (!was) push(setting, `${setting} added outside code: ${describeMapping(m)}`);
      else if (describeMapping(was) !== describeMapping(m)) push(setting, `${setting} changed outside code: ${describeMapping(was)} → ${describeMapping(m)}`);
    }
    for (const [k, m] of old) if (declared.targets.has(k) && !now.has(k)) push(`${label} mapping ${m.targetAttributeName}`, `${label} mapping ${m.targetAttributeName} removed outside code (was ${describeMapping(m)})`);

    const fa = filters(a.scope);
    const fb = filters(b.scope);
    for (const [name, words] of fb) {
      if (!declared.filters.has(name)) continue;
      const was = fa.get(name);
      const setting = `${label} scoping filter ${name}`;
      if (was === undefined) push(setting, `${label} scoping filter ${quoted(name)} added outside code: ${words}`);
      else if (was !== words) push(setting, `${label} scoping filter ${quoted(name)} changed outside code: ${was} → ${words}`);
    }
    for (const [name, words] of fa) if (declared.filters.has(name) && !fb.has(name)) push(`${label} scoping filter ${name}`, `${label} scoping filter ${quoted(name)} removed outside code (was ${words})`);
  }
}
