/**
 * Graph JSON for what the user declared (graph-sync.md sections 1 and 2): one attribute mapping,
 * one scoping filter group, one clause. Only the fields a declaration decides are here; the
 * by-name merge (live-merge.ts) lays them over the app's own attribute mapping with the same
 * target, which keeps every other field Graph returned.
 */
import type { MappingEntry, ScopeGroup, TargetAttributeEntry } from "../../manifest/schema";
import { expressionToGraphSource } from "./expression";

/**
 * The fields of a Graph attributeMapping that one declared mapping sets: only those it declares
 * (every field, in replace mode, where resolve.ts fills them in). The by-name merge lays them over
 * the app's mapping with the same target, so an undeclared field keeps the app's value.
 */
export function toGraphAttributeMapping(m: MappingEntry): Record<string, unknown> {
  return {
    ...(m.defaultValue !== undefined ? { defaultValue: m.defaultValue } : {}),
    ...(m.apply !== undefined ? { flowType: m.apply === "onCreateOnly" ? "ObjectAddOnly" : "Always" } : {}),
    ...(m.matching !== undefined ? { matchingPriority: m.matching === false ? 0 : m.matching } : {}),
    ...(m.source !== undefined ? { source: m.source === null ? null : expressionToGraphSource(m.source) } : {}),
    targetAttributeName: m.target,
  };
}

/**
 * Every field of a Graph attributeMapping at Entra's default (graph-sync.md section 1): what a
 * target the app does not map starts from, before the declared fields. In replace mode a declared
 * mapping also starts from these, so a field it leaves out is Entra's default, not the app's.
 */
export const NEW_ATTRIBUTE_MAPPING_FIELDS = {
  defaultValue: null,
  exportMissingReferences: false,
  flowBehavior: "FlowWhenChanged",
  flowType: "Always",
  matchingPriority: 0,
  source: null,
} as const;

/**
 * A new attribute definition (Graph attributeDefinition), before the declared fields: the
 * documented defaults of the fields the portal's "Edit attribute list" sets (type String, not
 * multi-valued, not required). Graph fills the rest (anchor, caseExact, mutability, ...).
 */
export const NEW_ATTRIBUTE_DEFINITION_FIELDS = { multivalued: false, required: false, type: "String" } as const;

/** One declared attribute definition: its name and the fields it declares. */
export function toGraphAttributeDefinition(a: TargetAttributeEntry): Record<string, unknown> {
  return {
    name: a.name,
    ...(a.type !== undefined ? { type: a.type } : {}),
    ...(a.multivalued !== undefined ? { multivalued: a.multivalued } : {}),
    ...(a.required !== undefined ? { required: a.required } : {}),
  };
}

/** One clause as Graph's filterClause. */
export function toGraphClause(c: { readonly attribute: string; readonly operator: string; readonly values: readonly string[] }): Record<string, unknown> {
  return {
    operatorName: c.operator,
    sourceOperandName: c.attribute,
    // UNCONFIRMED (graph-sync.md item 2) whether unary operators need targetOperand;
    // sending an empty list is what the portal's own exports show.
    targetOperand: { values: [...c.values] },
  };
}

/** One portal scoping filter as Graph's filterGroup. */
export function toGraphFilterGroup(g: ScopeGroup): Record<string, unknown> {
  return { clauses: g.all.map(toGraphClause), name: g.name };
}
