/**
 * What the engine reads from the job's synchronizationSchema: the user and group object mappings
 * of the provisioning rule, their target object actions, matching attributes and target types.
 */
import type { TargetAttributeDefinition } from "../../expressions";
import type { GraphAttributeMapping, GraphAttributeMappingSource, GraphObjectMapping, GraphSynchronizationRule, GraphSynchronizationSchema } from "./types";

export interface JobMappings {
  readonly rule: GraphSynchronizationRule;
  readonly user?: GraphObjectMapping;
  readonly group?: GraphObjectMapping;
  /** The target attribute's type in the target directory definition (`Boolean`, `Integer`, `Reference`, ...). */
  typeOf(objectMapping: GraphObjectMapping, targetAttribute: string): string | undefined;
  /**
   * The target object's attribute definitions, for mapObject's type conversion (the same
   * definitions `npm run preview` reads from the template, so both convert alike), with `active`
   * as a Boolean when the schema does not define it.
   */
  targetAttributes(objectMapping: GraphObjectMapping): TargetAttributeDefinition[];
}

/** The rule that provisions from Entra to the app; the job schema of a SCIM app has one. */
function provisioningRule(schema: GraphSynchronizationSchema): GraphSynchronizationRule | undefined {
  const rules = schema.synchronizationRules ?? [];
  return rules.find((r) => /^(azure active directory|microsoft entra id)$/i.test(r.sourceDirectoryName ?? "")) ?? rules[0];
}

export function readMappings(schema: GraphSynchronizationSchema): JobMappings | undefined {
  const rule = provisioningRule(schema);
  if (!rule) return undefined;
  const find = (name: string) => rule.objectMappings.find((m) => m.enabled !== false && m.sourceObjectName.toLowerCase() === name);
  const target = (schema.directories ?? []).find((d) => d.name === rule.targetDirectoryName);
  const objectOf = (objectMapping: GraphObjectMapping) => target?.objects?.find((o) => o.name.toLowerCase() === objectMapping.targetObjectName.toLowerCase());
  return {
    rule,
    user: find("user"),
    group: find("group"),
    targetAttributes(objectMapping) {
      const defined = (objectOf(objectMapping)?.attributes ?? []).map((a) => ({ name: a.name, type: a.type ?? null, multivalued: a.multivalued ?? null }));
      if (!defined.some((d) => d.name.toLowerCase() === "active")) defined.push({ name: "active", type: "Boolean", multivalued: false });
      return defined;
    },
    typeOf(objectMapping, targetAttribute) {
      const object = objectOf(objectMapping);
      const attribute = object?.attributes?.find((a) => a.name.toLowerCase() === targetAttribute.toLowerCase());
      if (attribute?.type) return attribute.type;
      // Without a directory definition, the SCIM core types Entra's mappings write.
      if (targetAttribute.toLowerCase() === "active") return "Boolean";
      if (/(^|:)manager$/i.test(targetAttribute) || targetAttribute.toLowerCase() === "members") return "Reference";
      return undefined;
    },
  };
}

/** Target object actions (flowTypes "Add, Update, Delete"; all three when unset). */
export function flowTypes(mapping: GraphObjectMapping): { add: boolean; update: boolean; delete: boolean } {
  if (mapping.flowTypes === undefined || mapping.flowTypes === null) return { add: true, update: true, delete: true };
  const set = new Set(mapping.flowTypes.split(",").map((s) => s.trim().toLowerCase()));
  return { add: set.has("add"), update: set.has("update"), delete: set.has("delete") };
}

/** Matching attributes, lowest matchingPriority first. */
export function matchingMappings(mapping: GraphObjectMapping): GraphAttributeMapping[] {
  return mapping.attributeMappings.filter((m) => (m.matchingPriority ?? 0) > 0).sort((a, b) => (a.matchingPriority ?? 0) - (b.matchingPriority ?? 0));
}

/** Whether a mapping's source reads the attribute (e.g. IsSoftDeleted), at any depth. */
export function readsAttribute(source: GraphAttributeMappingSource | null | undefined, attribute: string): boolean {
  if (!source) return false;
  if ((source.type ?? "Attribute") === "Attribute" && source.name?.toLowerCase() === attribute.toLowerCase()) return true;
  if (source.parameters?.some((p) => readsAttribute(p.value, attribute))) return true;
  // A source given only as text.
  return !source.parameters?.length && typeof source.expression === "string" && source.expression.toLowerCase().includes(`[${attribute.toLowerCase()}]`);
}

/** IgnoreFlowIfNullOrEmpty: a null value means "don't flow", not "clear the attribute". */
export function ignoresNull(mapping: GraphAttributeMapping): boolean {
  const source = mapping.source;
  if (!source) return false;
  if (source.type === "Function" && source.name === "IgnoreFlowIfNullOrEmpty") return true;
  return typeof source.expression === "string" && /^\s*IgnoreFlowIfNullOrEmpty\s*\(/.test(source.expression);
}
