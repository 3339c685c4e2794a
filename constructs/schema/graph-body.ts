/**
 * Graph JSON for the job schema's object mappings (graph-sync.md section 1).
 *
 * msgraph_update_resource with PUT GETs the live schema, deep-merges our body into it and PUTs the
 * result. Maps merge key by key; arrays of equal length merge element by element by index; arrays
 * of different length are replaced. So every object mapping and attribute mapping is written with
 * every key explicit: whether an element replaces or is merged over Entra's, nothing stale of
 * Entra's survives in it. Users come first and groups are always present (disabled when the
 * connector does not provision groups), so the body has one shape for every app.
 */
import type { ObjectMapping } from "../../manifest/schema";
import { expressionToGraphSource } from "./expression";

export interface GraphObjectMappingOptions {
  readonly kind: "users" | "groups";
  readonly enabled: boolean;
}

export function toGraphObjectMapping(mapping: ObjectMapping, options: GraphObjectMappingOptions): Record<string, unknown> {
  const object = options.kind === "users" ? "User" : "Group";
  return {
    attributeMappings: mapping.mappings.map((m) => ({
      defaultValue: m.defaultValue ?? null,
      exportMissingReferences: false,
      flowBehavior: "FlowWhenChanged",
      flowType: m.apply === "onCreateOnly" ? "ObjectAddOnly" : "Always",
      matchingPriority: m.matching ?? 0,
      source: m.source === null ? null : expressionToGraphSource(m.source),
      targetAttributeName: m.target,
    })),
    enabled: options.enabled,
    flowTypes: "Add, Update, Delete",
    name: `Provision Microsoft Entra ID ${object}s`,
    scope:
      mapping.scope.length === 0
        ? null
        : {
            categoryFilterGroups: [],
            groups: mapping.scope.map((g) => ({
              name: g.name,
              clauses: g.all.map((c) => ({
                operatorName: c.operator,
                sourceOperandName: c.attribute,
                // UNCONFIRMED (graph-sync.md item 2) whether unary operators need targetOperand;
                // sending an empty list is what the portal's own exports show.
                targetOperand: { values: [...c.values] },
              })),
            })),
            inputFilterGroups: [],
          },
    sourceObjectName: object,
    targetObjectName: object,
  };
}

/** The PUT body: one synchronization rule with the users and the groups object mapping. */
export function toGraphSchemaBody(users: ObjectMapping, groups: ObjectMapping, options: { readonly groupsEnabled: boolean }): Record<string, unknown> {
  return {
    synchronizationRules: [
      {
        objectMappings: [
          toGraphObjectMapping(users, { kind: "users", enabled: true }),
          toGraphObjectMapping(groups, { kind: "groups", enabled: options.groupsEnabled }),
        ],
      },
    ],
  };
}
