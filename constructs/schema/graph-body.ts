/**
 * Graph JSON for what the user declared (graph-sync.md sections 1 and 2): one attribute mapping,
 * one scoping filter group, one clause. Only the fields a declaration decides are here; the
 * by-name merge (live-merge.ts) lays them over the app's own attribute mapping with the same
 * target, which keeps every other field Graph returned.
 */
import type { MappingEntry, ScopeGroup } from "../../manifest/schema";
import { expressionToGraphSource } from "./expression";

/** The fields of a Graph attributeMapping that one declared mapping sets, every one explicit. */
export function toGraphAttributeMapping(m: MappingEntry): Record<string, unknown> {
  return {
    defaultValue: m.defaultValue ?? null,
    flowType: m.apply === "onCreateOnly" ? "ObjectAddOnly" : "Always",
    matchingPriority: m.matching ?? 0,
    source: m.source === null ? null : expressionToGraphSource(m.source),
    targetAttributeName: m.target,
  };
}

/** Fields of a Graph attributeMapping no declaration sets: used only for a target the app lacks. */
export const NEW_ATTRIBUTE_MAPPING_FIELDS = { exportMissingReferences: false, flowBehavior: "FlowWhenChanged" } as const;

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
