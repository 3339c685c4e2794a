/**
 * Drift of the job schema (msgraph_update_resource): declared attribute mappings and scoping
 * filters edited in the portal. The body is the whole rules list (the live schema with the
 * declarations applied), so a refresh shows every portal edit; only what the app declares is
 * drift: the app's own (template) mappings are not managed in code and deploy keeps them as they
 * are, and so are the fields a declared mapping leaves out. Both sides are compared by meaning:
 * object mappings by source object (in any rule), attribute mappings by target attribute, scoping
 * filters by name, and declared attribute definitions (the body's `directories`, present when the
 * app declares any) by name in the object its mappings write to, declared fields only.
 */
import { PLAIN, clauseInWords, quoted } from "../review/words";
import type { AppManifest, MappingEntry, ObjectMapping, TargetAttributeEntry } from "../../manifest/schema";
import type { ResourceChange } from "./plan";
import type { Push } from "./secret";
import {
  type GraphAttributeDefinition,
  type GraphMapping,
  type GraphObjectMapping,
  type GraphScope,
  type SchemaValues,
  SchemaValuesSchema,
  valuesOf,
} from "./values";

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

/**
 * A Graph attribute mapping in the words review uses: source, default, matching, apply. Only the
 * fields the app declares (`declared`): deploy keeps the app's own value of every other field, so
 * a portal edit there is not drift. Every field when the target is not declared (a removal).
 */
function describeMapping(m: GraphMapping, declared?: MappingEntry): string {
  const all = declared === undefined;
  const parts: string[] = [];
  if (all || declared.source !== undefined) parts.push(m.source?.expression ?? "(constant)");
  if ((all || declared.defaultValue !== undefined) && m.defaultValue) parts.push(`default ${quoted(m.defaultValue)}`);
  if (all || declared.matching !== undefined) {
    if (m.matchingPriority) parts.push(`matching ${m.matchingPriority}`);
    else if (!all) parts.push("not matching");
  }
  if (all || declared.apply !== undefined) {
    if (m.flowType === "ObjectAddOnly") parts.push("on create only");
    else if (!all) parts.push("applied always");
  }
  return parts.join(", ");
}

/** An attribute definition in words: its declared fields (type, multi-valued, required). */
function describeAttribute(a: GraphAttributeDefinition, declared: TargetAttributeEntry): string {
  const parts = [
    declared.type !== undefined ? (a.type ?? "String") : "",
    declared.multivalued !== undefined ? (a.multivalued ? "multi-valued" : "single-valued") : "",
    declared.required !== undefined ? (a.required ? "required" : "optional") : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "defined";
}

/** The attribute definitions of the object `source` objects are written to: by lower-cased name. */
function targetAttributes(values: SchemaValues, source: string): Map<string, GraphAttributeDefinition> {
  const rules = values?.body?.synchronizationRules ?? [];
  const at = rules.flatMap((r) => (r.objectMappings ?? []).filter((om) => om.sourceObjectName === source).map((om) => [r.targetDirectoryName, om.targetObjectName]));
  const out = new Map<string, GraphAttributeDefinition>();
  if (at.length !== 1) return out;
  const [directory, object] = at[0];
  for (const d of values?.body?.directories ?? []) {
    if (d.name !== directory) continue;
    for (const o of d.objects ?? []) if (o.name === object) for (const a of o.attributes ?? []) out.set(a.name.toLowerCase(), a);
  }
  return out;
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
  const beforeValues = valuesOf(SchemaValuesSchema, change.change.before, `${where} change.before`);
  const afterValues = valuesOf(SchemaValuesSchema, change.change.after, `${where} change.after`);
  const before = objectMappings(beforeValues);
  const after = objectMappings(afterValues);
  attributeDrift(app, beforeValues, afterValues, push);
  for (const [a, b] of pairs(before, after)) {
    const label = (b.sourceObjectName ?? a.sourceObjectName) === "Group" ? "group" : "user";
    const declared = declaredKeys(label === "group" ? app.groups : app.users);
    if (a.enabled !== b.enabled) push(`${label} provisioning`, `${label} object mapping ${b.enabled ? "enabled" : "disabled"} outside code`);

    const key = (m: GraphMapping) => String(m.targetAttributeName).toLowerCase();
    const old = new Map((a.attributeMappings ?? []).map((m) => [key(m), m]));
    const now = new Map((b.attributeMappings ?? []).map((m) => [key(m), m]));
    const entries = new Map(((label === "group" ? app.groups : app.users)?.mappings ?? []).map((m) => [m.target.toLowerCase(), m]));
    for (const [k, m] of now) {
      if (!declared.targets.has(k)) continue;
      const was = old.get(k);
      const setting = `${label} mapping ${m.targetAttributeName}`;
      const words = (x: GraphMapping) => describeMapping(x, entries.get(k));
      if (!was) push(setting, `${setting} added outside code: ${describeMapping(m)}`);
      else if (words(was) !== words(m)) push(setting, `${setting} changed outside code: ${words(was)} → ${words(m)}`);
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

/** Declared attribute definitions changed or removed in the portal's attribute list (compared by name, declared fields only). */
function attributeDrift(app: AppManifest, before: SchemaValues, after: SchemaValues, push: Push): void {
  for (const [label, source, object] of [["user", "User", app.users], ["group", "Group", app.groups]] as const) {
    const declared = object?.targetAttributes ?? [];
    if (declared.length === 0) continue;
    const [was, now] = [targetAttributes(before, source), targetAttributes(after, source)];
    for (const d of declared) {
      const k = d.name.toLowerCase();
      const [a, b] = [was.get(k), now.get(k)];
      const setting = `${label} attribute ${d.name}`;
      if (a && !b) push(setting, `${setting} removed from the app's schema outside code (was ${describeAttribute(a, d)})`);
      else if (!a && b) push(setting, `${setting} added outside code: ${describeAttribute(b, d)}`);
      else if (a && b && describeAttribute(a, d) !== describeAttribute(b, d)) push(setting, `${setting} changed outside code: ${describeAttribute(a, d)} → ${describeAttribute(b, d)}`);
    }
  }
}
