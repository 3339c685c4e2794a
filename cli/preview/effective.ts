/**
 * The object mapping a deploy leaves in the job: the app's declarations (the manifest) applied
 * over its template schema by name, as constructs/schema/live-merge.ts does in Terraform:
 * attribute mappings by target (case-insensitively; a declared one laid over the template's with
 * the fields graph-body.ts writes), removed targets and filters dropped, filters by name, the
 * connector's required clauses AND-ed into every filter. mappingMode "replace" makes the declared
 * mappings the whole list.
 */
import type { AttributeMappingInput, FilterGroup, ObjectMappingInput, TargetAttributeDefinition } from "../../expressions";
import { NEW_ATTRIBUTE_MAPPING_FIELDS, toGraphAttributeMapping, toGraphClause, toGraphFilterGroup } from "../../constructs/schema/graph-body";
import type { AppManifest, ObjectMapping } from "../../manifest/schema";
import type { GraphObjectMapping } from "../import/graph-shapes";
import type { TemplateSchema } from "./input";

export interface EffectiveMapping {
  readonly objectMapping: ObjectMappingInput;
  /** The target object's attribute definitions in the template, when it has its directories. */
  readonly targetAttributes: readonly TargetAttributeDefinition[];
}

/** The template's object mapping from Entra ID objects of this kind (User, Group), found by name. */
export function templateObjectMapping(template: TemplateSchema | undefined, sourceObject: "User" | "Group"): { mapping?: GraphObjectMapping; targetAttributes: TargetAttributeDefinition[] } {
  if (template === undefined) return { targetAttributes: [] };
  for (const rule of template.rules) {
    const mapping = (rule.objectMappings ?? []).find((om) => om.sourceObjectName === sourceObject);
    if (mapping === undefined) continue;
    const directory = template.directories.find((d) => d.name === rule.targetDirectoryName);
    const object = directory?.objects?.find((o) => o.name === mapping.targetObjectName);
    const targetAttributes = (object?.attributes ?? []).map((a) => ({
      name: a.name,
      type: typeof a.type === "string" ? a.type : null,
      multivalued: typeof a.multivalued === "boolean" ? a.multivalued : null,
    }));
    return { mapping, targetAttributes };
  }
  return { targetAttributes: [] };
}

function mergedAttributeMappings(template: readonly AttributeMappingInput[], declared: ObjectMapping, replace: boolean): AttributeMappingInput[] {
  if (declared.mappings.length === 0 && declared.removed.length === 0) return [...template];
  const key = (t: string) => t.toLowerCase();
  const declaredByTarget = new Map(declared.mappings.map((m) => [key(m.target), m]));
  const removed = new Set(declared.removed.map(key));
  const out: AttributeMappingInput[] = [];
  if (!replace) for (const m of template) if (!removed.has(key(m.targetAttributeName)) && !declaredByTarget.has(key(m.targetAttributeName))) out.push(m);
  for (const m of declared.mappings) {
    const own = template.find((t) => key(t.targetAttributeName) === key(m.target));
    out.push({ ...NEW_ATTRIBUTE_MAPPING_FIELDS, ...(own ?? {}), ...toGraphAttributeMapping(m) } as AttributeMappingInput);
  }
  return out;
}

function mergedScope(template: readonly FilterGroup[], declared: ObjectMapping): FilterGroup[] {
  if (declared.scope.length === 0 && declared.removedScope.length === 0 && declared.requiredClauses.length === 0) return [...template];
  const names = new Set(declared.scope.map((g) => g.name));
  const removed = new Set(declared.removedScope);
  const groups = [...template.filter((g) => !removed.has(g.name) && !names.has(g.name)), ...declared.scope.map((g) => toGraphFilterGroup(g) as unknown as FilterGroup)];
  const required = declared.requiredClauses.map((c) => toGraphClause(c) as unknown as FilterGroup["clauses"][number]);
  if (required.length === 0) return groups;
  if (groups.length === 0) return [{ name: "Connector requirements", clauses: required }];
  return groups.map((g) => ({ ...g, clauses: [...g.clauses, ...required.filter((r) => !g.clauses.some((c) => JSON.stringify(c) === JSON.stringify(r)))] }));
}

/** The template's object mapping for users or groups, as the job holds it before any deploy. */
export function fromTemplate(template: TemplateSchema | undefined, kind: "users" | "groups"): EffectiveMapping {
  const { mapping, targetAttributes } = templateObjectMapping(template, kind === "users" ? "User" : "Group");
  const scope = ((mapping?.scope?.groups ?? []) as FilterGroup[]).map((g) => ({ name: g.name, clauses: g.clauses ?? [] }));
  return {
    objectMapping: { attributeMappings: (mapping?.attributeMappings ?? []) as AttributeMappingInput[], enabled: mapping?.enabled ?? true, scope: { groups: scope } },
    targetAttributes,
  };
}

/**
 * The users (or groups) object mapping after `app` is deployed over `live`: the template's (for a
 * first deploy), or what the previous deploy left (preview and review with --base: the base's
 * declarations over the template). A target or filter the app no longer declares stays as the
 * live schema has it, as deploy leaves it.
 */
export function applyDeclarations(app: AppManifest, kind: "users" | "groups", live: EffectiveMapping): EffectiveMapping {
  const declared = kind === "users" ? app.users : app.groups;
  const own = live.objectMapping.attributeMappings;
  const ownScope = live.objectMapping.scope?.groups ?? [];
  if (declared === null) return { ...live, objectMapping: { ...live.objectMapping, enabled: kind === "users" } };
  return {
    objectMapping: {
      attributeMappings: mergedAttributeMappings(own, declared, app.mappingMode === "replace"),
      enabled: live.objectMapping.enabled ?? true,
      scope: { groups: mergedScope(ownScope, declared) },
    },
    targetAttributes: live.targetAttributes,
  };
}

/** Whether the declarations alone are the whole mapping (no template needed). */
export function declaresWholeMapping(app: AppManifest): boolean {
  return app.mappingMode === "replace" && app.users.mappings.length > 0;
}
