/**
 * The by-name merge of declared mappings and filters over a job's live schema, as Terraform
 * expressions (evaluated by terraform at plan time over a `data "msgraph_resource"` read of
 * `<job>/schema`).
 *
 * Why in Terraform and not in the provider: msgraph_update_resource with PUT merges a configured
 * body into the live document with MergeObject (terraform-provider-msgraph internal/utils/json.go),
 * which pairs array elements by index. So the body we send is the whole `synchronizationRules`
 * list, built here from the live one: every rule, object mapping, attribute mapping and filter
 * the user did not declare is copied exactly as Graph returned it, and each element keeps every
 * key it had. Merged over the live document, such a body leaves nothing of the live arrays behind
 * (see test/schema/live-merge.test.ts, which runs the provider's merge over shuffled input).
 *
 * Matching is by name, never by position:
 * - object mappings by their source object ("User", "Group"), in whichever rule holds them;
 * - attribute mappings by target attribute name, case-insensitively; a declared mapping carries
 *   only the fields it declares (every field in replace mode), laid over the live mapping, so an
 *   undeclared field keeps the app's value;
 * - scoping filter groups by name;
 * - attribute definitions (targetAttributes) by name, case-insensitively, in the directory object
 *   the object mapping writes to (its rule's targetDirectoryName, its targetObjectName).
 * The result is sorted (rules, object mappings, attribute mappings, filter groups, clauses) so it
 * does not depend on the order in which Graph returns anything: applied again to its own output
 * it gives the same document, and a second plan shows no change.
 *
 * Terraform's conditionals and `lookup` need both results of one type, and Graph's objects each
 * have their own: values cross those points as JSON text (jsonencode/jsondecode). `[for x in [v] : ...][0]`
 * binds a value to a name. No user string is part of the expression text: declarations are data
 * in a local (escaped for Terraform templates by the caller), referenced by the expressions.
 */
import type { ObjectMapping } from "../../manifest/schema";
import { mappingLabel, sharedMatchingMessage, sharedSourceAttributes } from "./resolve";
import {
  NEW_ATTRIBUTE_DEFINITION_FIELDS,
  NEW_ATTRIBUTE_MAPPING_FIELDS,
  toGraphAttributeDefinition,
  toGraphAttributeMapping,
  toGraphClause,
  toGraphFilterGroup,
} from "./graph-body";
import type { AttributeMapping, ScopingFilter } from "./types";

/** What one object (users or groups) declares, checked (see resolve.ts). */
export interface ObjectDeclaration {
  /** Entra's object in the job schema: `sourceObjectName` of the object mapping. */
  readonly sourceObject: "User" | "Group";
  /** Prop names, for messages. */
  readonly mappingsField: string;
  readonly scopeField: string;
  /** `targetAttributes.users` / `.groups`, for messages. */
  readonly attributesField: string;
  /** The prop as written (for positions in messages). */
  readonly mappings?: readonly AttributeMapping[];
  readonly scope?: readonly ScopingFilter[];
  /** The checked declarations. */
  readonly resolved: ObjectMapping;
  /** mappingMode "replace": the declared mappings are the object mapping's whole list. */
  readonly replace: boolean;
  /** Sets the object mapping's `enabled` (provisionGroups: false). @default - unchanged */
  readonly enabled?: boolean;
}

/** Whether an object declares anything that changes the schema. */
export function declaresAnything(o: ObjectDeclaration): boolean {
  return declaresMappings(o) || declaresScope(o) || declaresAttributes(o) || o.enabled !== undefined;
}

/** Whether an object adds (or changes) attribute definitions in the app's schema (its `directories`). */
export function declaresAttributes(o: ObjectDeclaration): boolean {
  return (o.resolved.targetAttributes ?? []).length > 0;
}

function declaresMappings(o: ObjectDeclaration): boolean {
  return o.resolved.mappings.length > 0 || o.resolved.removed.length > 0;
}

function declaresScope(o: ObjectDeclaration): boolean {
  return o.resolved.scope.length > 0 || o.resolved.removedScope.length > 0 || o.resolved.requiredClauses.length > 0;
}

/** The field named in a message about the object as a whole: the first thing it declares. */
function objectField(o: ObjectDeclaration): string {
  if (declaresMappings(o)) return o.mappingsField;
  if (declaresScope(o)) return o.scopeField;
  if (declaresAttributes(o)) return o.attributesField;
  return o.sourceObject === "Group" ? "provisionGroups" : o.mappingsField;
}

/**
 * The declarations as data for a Terraform local. Plain JSON; the caller escapes template markers.
 * `prefix` starts every message (`<stack>/<app>: `).
 */
export function declaredData(prefix: string, objects: readonly ObjectDeclaration[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const o of objects) {
    const key = (t: string) => t.toLowerCase();
    const mappings: Record<string, unknown> = {};
    const matching: Record<string, unknown> = {};
    const remove: Record<string, string> = {};
    const incomplete: Record<string, string> = {};
    const shared: Record<string, string> = {};
    (o.mappings ?? []).forEach((m, i) => {
      const label = mappingLabel(o.mappingsField, i, m.target);
      if (m.remove) remove[key(m.target)] = label;
      else {
        if (typeof m.matching === "number" && m.matching > 0) matching[key(m.target)] = { label, p: m.matching };
        // Only an existing mapping can lend the source or default a declaration leaves out.
        if (m.source === undefined && m.defaultValue === undefined) incomplete[key(m.target)] = label;
        // A new source on a mapping that keeps the app's precedence: if that precedence is a
        // matching one, the plan warns (resolve.ts warns at synth when the precedence is declared).
        const read = o.sourceObject === "User" && m.matching === undefined && m.source !== undefined ? sharedSourceAttributes(m.source) : undefined;
        if (read) shared[key(m.target)] = `${label}.source: ${sharedMatchingMessage(m.target, read)}`;
      }
    });
    // Replace mode: every field written, so an undeclared default value is none, not the app's.
    for (const m of o.resolved.mappings) mappings[key(m.target)] = { ...(o.replace ? { defaultValue: null } : {}), ...toGraphAttributeMapping(m) };
    const attributes: Record<string, unknown> = {};
    for (const a of o.resolved.targetAttributes ?? []) attributes[key(a.name)] = toGraphAttributeDefinition(a);
    const scope: Record<string, unknown> = {};
    for (const g of o.resolved.scope) scope[g.name] = toGraphFilterGroup(g);
    const removeScope: Record<string, string> = {};
    (o.scope ?? []).forEach((f, i) => {
      if (f.remove && f.name !== undefined) removeScope[f.name] = `${o.scopeField}[${i}] (${f.name})`;
    });
    data[o.sourceObject] = {
      field: objectField(o),
      mappingsField: o.mappingsField,
      attributesField: o.attributesField,
      mappings,
      matching,
      remove,
      incomplete,
      shared,
      attributes,
      scope,
      removeScope,
      required: o.resolved.requiredClauses.map(toGraphClause),
    };
  }
  return { prefix, objects: data };
}

/** References the expressions are built over. */
export interface MergeRefs {
  /** The live `synchronizationRules` list, e.g. `data.msgraph_resource.x.output.rules`. */
  readonly live: string;
  /** The local holding declaredData(), e.g. `local.x_declared`. */
  readonly declared: string;
  /** The local holding the merged rules (for the checks), e.g. `local.x_rules`. */
  readonly result: string;
  /**
   * The live `directories` list, e.g. `data.msgraph_resource.x.output.directories`; read only when
   * attribute definitions are declared. @default - nothing declared needs them
   */
  readonly directories?: string;
  /**
   * The `synchronizationRules` of the job's template: where a removed target or filter may be
   * found once a deploy has removed it from the live schema. @default - removals are checked
   * against the live schema only
   */
  readonly template?: string;
}

/** `[for v in <list> : v]`, or `[]` when the list is null or missing. */
function listOf(expr: string, v: string): string {
  return `try([for ${v} in ${expr} : ${v}], [])`;
}

/**
 * Sorts a list by a string key: `{ key => json... }` groups (keys may repeat), iterating a map
 * goes in key order, each group keeps the input's order.
 */
function sortedBy(list: string, v: string, key: string, json: string, n: string): string {
  return `flatten([for _k${n}, _js${n} in { for ${v} in ${list} : ${key} => ${json}... } : [for _j${n} in _js${n} : jsondecode(_j${n})]])`;
}

/** The attribute mappings of object mapping `om` with `d`'s declarations applied. */
function attributeMappingsExpr(om: string, d: string, replace: boolean): string {
  const live = listOf(`${om}.attributeMappings`, "a");
  const target = "lower(m.targetAttributeName)";
  const kept = replace
    ? "{}"
    : `{ for m in ${live} : ${target} => jsonencode(m)... if !contains(keys(${d}.remove), ${target}) && !contains(keys(${d}.mappings), ${target}) }`;
  const liveByTarget = `{ for m in ${live} : ${target} => m... }`;
  const fresh = `{ ${Object.entries(NEW_ATTRIBUTE_MAPPING_FIELDS).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")} }`;
  const declared = `{ for k, v in ${d}.mappings : k => [jsonencode(merge(${fresh}, try(${liveByTarget}[k][0], {}), v))] }`;
  return `flatten([for _k, _js in merge(${kept}, ${declared}) : [for _j in _js : jsondecode(_j)]])`;
}

/** The scope of object mapping `om` with `d`'s filters applied; null when no filter group is left. */
function scopeExpr(om: string, d: string, hasRequired: boolean): string {
  const live = listOf(`${om}.scope.groups`, "x");
  const kept = `{ for g in ${live} : g.name => jsonencode(g)... if !contains(keys(${d}.removeScope), g.name) && !contains(keys(${d}.scope), g.name) }`;
  const declared = `{ for n, g in ${d}.scope : n => [jsonencode(g)] }`;
  // Clauses are AND-ed: the connector's required ones go into every group; sorted, each once.
  const clauses = (g: string) =>
    `[for _c in sort(distinct(concat([for c in ${listOf(`${g}.clauses`, "y")} : jsonencode(c)], [for c in ${d}.required : jsonencode(c)]))) : jsondecode(_c)]`;
  let groups = `flatten([for _n, _js in merge(${kept}, ${declared}) : [for _j in _js : [for _g in [jsondecode(_j)] : merge(_g, { clauses = ${clauses("_g")} })][0]]])`;
  if (hasRequired) {
    groups = `[for _gs in [${groups}] : jsondecode(length(_gs) == 0 ? jsonencode([{ name = "Connector requirements", clauses = ${d}.required }]) : jsonencode(_gs))][0]`;
  }
  const base = `jsondecode(try(${om}.scope, null) == null ? jsonencode({ categoryFilterGroups = [], inputFilterGroups = [] }) : jsonencode(${om}.scope))`;
  return `[for _gs in [${groups}] : jsondecode(length(_gs) == 0 ? "null" : jsonencode(merge(${base}, { groups = _gs })))][0]`;
}

/** `om` with `o`'s declarations applied. */
function objectMappingExpr(om: string, declaredRef: string, o: ObjectDeclaration): string {
  const d = `${declaredRef}.objects.${o.sourceObject}`;
  const parts: string[] = [];
  if (declaresMappings(o)) parts.push(`attributeMappings = ${attributeMappingsExpr(om, d, o.replace)}`);
  if (declaresScope(o)) parts.push(`scope = ${scopeExpr(om, d, o.resolved.requiredClauses.length > 0)}`);
  if (o.enabled !== undefined) parts.push(`enabled = ${o.enabled}`);
  return `merge(${om}, { ${parts.join(", ")} })`;
}

/** The merged `synchronizationRules`: the body of the schema PUT. */
export function mergedRulesExpression(refs: Pick<MergeRefs, "live" | "declared">, objects: readonly ObjectDeclaration[]): string {
  const declared = objects.filter(declaresAnything);
  // JSON text of one object mapping after the declarations for its source object.
  let omJson = "jsonencode(om)";
  for (const o of [...declared].reverse()) {
    omJson = `om.sourceObjectName == "${o.sourceObject}" ? jsonencode(${objectMappingExpr("om", refs.declared, o)}) : ${omJson}`;
  }
  const omKey = "jsonencode([try(om.sourceObjectName, null), try(om.targetObjectName, null), try(om.name, null)])";
  const objectMappings = sortedBy(listOf("r.objectMappings", "o"), "om", omKey, `(${omJson})`, "o");
  const ruleKey = "jsonencode([try(r.priority, null), try(r.id, null), try(r.name, null), try(r.sourceDirectoryName, null), try(r.targetDirectoryName, null)])";
  const ruleJson = `(try(r.objectMappings, null) == null ? jsonencode(r) : jsonencode(merge(r, { objectMappings = ${objectMappings} })))`;
  return sortedBy(listOf(refs.live, "l"), "r", ruleKey, ruleJson, "r");
}

/**
 * JSON text `[targetDirectoryName, targetObjectName]` of the object mapping from Entra ID `source`
 * objects: where its mappings write, and so where its declared attribute definitions go. "" unless
 * exactly one object mapping is found (a precondition reports that).
 */
function targetObjectExpr(live: string, source: "User" | "Group"): string {
  const pairs = `flatten([for r in ${listOf(live, "l")} : [for om in ${listOf("r.objectMappings", "o")} : jsonencode([try(r.targetDirectoryName, null), try(om.targetObjectName, null)]) if om.sourceObjectName == "${source}"]])`;
  return `[for _p in [${pairs}] : length(_p) == 1 ? _p[0] : ""][0]`;
}

/** The attributes of directory object `ob` with the declared definitions `a` (a map by lower-cased name) applied. */
function attributeDefinitionsExpr(ob: string, a: string): string {
  const live = listOf(`${ob}.attributes`, "x");
  const name = "lower(x2.name)";
  const kept = `{ for x2 in ${live} : ${name} => jsonencode(x2)... if !contains(keys(${a}), ${name}) }`;
  const liveByName = `{ for x2 in ${live} : ${name} => x2... }`;
  const fresh = `{ ${Object.entries(NEW_ATTRIBUTE_DEFINITION_FIELDS).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")} }`;
  const declared = `{ for k, v in ${a} : k => [jsonencode(merge(${fresh}, try(${liveByName}[k][0], {}), v))] }`;
  return `flatten([for _k, _js in merge(${kept}, ${declared}) : [for _j in _js : jsondecode(_j)]])`;
}

/**
 * The merged `directories`: the live list with the declared attribute definitions applied BY NAME
 * (case-insensitively) to the object each object mapping writes to (its rule's target directory,
 * its target object); every other directory, object and attribute exactly as Graph returned it.
 * Sorted (directories, objects, attributes) like the rules, for the same reasons.
 */
export function mergedDirectoriesExpression(refs: Required<Pick<MergeRefs, "live" | "declared" | "directories">>, objects: readonly ObjectDeclaration[]): string {
  const declaring = objects.filter(declaresAttributes);
  // The declared definitions for directory object `ob` of directory `d` (several objects may write to one).
  const forObject = `merge(${declaring
    .map((o) => `jsondecode(jsonencode([d.name, ob.name]) == ${targetObjectExpr(refs.live, o.sourceObject)} ? jsonencode(${refs.declared}.objects.${o.sourceObject}.attributes) : "{}")`)
    .join(", ")})`;
  // Every object's attributes are sorted by name (declared or not), so the body is the same whatever order Graph returns.
  const obJson = `(try(ob.attributes, null) == null && length(keys(${forObject})) == 0 ? jsonencode(ob) : [for _a in [${forObject}] : jsonencode(merge(ob, { attributes = ${attributeDefinitionsExpr("ob", "_a")} }))][0])`;
  const objectsExpr = sortedBy(listOf("d.objects", "p"), "ob", "jsonencode([try(ob.name, null)])", `(${obJson})`, "b");
  const dirJson = `(try(d.objects, null) == null ? jsonencode(d) : jsonencode(merge(d, { objects = ${objectsExpr} })))`;
  return sortedBy(listOf(refs.directories, "q"), "d", "jsonencode([try(d.name, null), try(d.id, null)])", dirJson, "d");
}

/**
 * What can only be checked against the live schema, as a list of one-line messages in the house
 * format (empty when all is well): the object mapping a declaration applies to must exist once,
 * removed targets and filters must exist, a declared matching precedence must not clash with one
 * of the app's own mappings, and the result must still have a matching attribute.
 */
export function problemsExpression(refs: MergeRefs, objects: readonly ObjectDeclaration[]): string {
  const lists: string[] = [];
  const prefix = `${refs.declared}.prefix`;
  for (const o of objects.filter(declaresAnything)) {
    const d = `${refs.declared}.objects.${o.sourceObject}`;
    const inRules = (rules: string, pick: string) =>
      `flatten([for r in ${listOf(rules, "l")} : [for om in ${listOf("r.objectMappings", "o")} : ${pick} if om.sourceObjectName == "${o.sourceObject}"]])`;
    const liveMappings = inRules(refs.live, "om");
    // A removal is done (absent from the live schema) or to do; a mistake only when neither the
    // live schema nor the template knows the name.
    const templateMappings = refs.template === undefined ? "[]" : inRules(refs.template, "om");
    lists.push(
      `[for _oms in [${liveMappings}] : length(_oms) == 1 ? [] : ["\${${prefix}}\${${d}.field}: the app's live schema has \${length(_oms)} object mappings from Entra ID ${o.sourceObject} objects; expected exactly one, from the app's synchronization template"]][0]`,
    );
    // The checks below only mean something once the object mapping is found exactly once.
    const once = (list: string) => `(length(${liveMappings}) == 1 ? ${list} : [])`;
    if (declaresMappings(o)) {
      const targetsOf = (oms: string) => `flatten([for om in ${oms} : [for m in ${listOf("om.attributeMappings", "a")} : lower(m.targetAttributeName)]])`;
      lists.push(
        once(
          `[for k, label in ${d}.remove : "\${${prefix}}\${label}.remove: neither the app's live schema nor its template has a mapping with this target; expected the target of one of the app's mappings" if !contains(${targetsOf(liveMappings)}, k) && !contains(${targetsOf(templateMappings)}, k)]`,
        ),
      );
      const result = `flatten([for om in ${inRules(refs.result, "om")} : ${listOf("om.attributeMappings", "a")}])`;
      const others = `[for m in ${result} : "\\"\${m.targetAttributeName}\\"" if try(m.matchingPriority, 0) == mt.p && lower(m.targetAttributeName) != k]`;
      lists.push(
        once(
          `[for k, mt in ${d}.matching : "\${${prefix}}\${mt.label}.matching: precedence \${mt.p} is also used by \${join(", ", ${others})} in the app's live schema; expected a precedence no other mapping uses, or declare those mappings too (matching: false says \\"not a matching attribute\\")" if length(${others}) > 0]`,
        ),
      );
      lists.push(
        once(
          `(length([for m in ${result} : 1 if try(m.matchingPriority, 0) > 0]) > 0 ? [] : ["\${${prefix}}\${${d}.mappingsField}: after the declared changes no mapping is a matching attribute; expected one mapping with matching: 1"])`,
        ),
      );
      lists.push(
        once(
          `[for k, label in ${d}.incomplete : "\${${prefix}}\${label}: the app's live schema has no mapping with this target to keep a source or default value from; expected a source or a defaultValue for a new mapping" if !contains(${targetsOf(liveMappings)}, k)]`,
        ),
      );
    }
    if (declaresAttributes(o) && refs.directories !== undefined) {
      const target = targetObjectExpr(refs.live, o.sourceObject);
      const found = `length(flatten([for d in ${listOf(refs.directories, "q")} : [for ob in ${listOf("d.objects", "p")} : 1 if jsonencode([d.name, ob.name]) == ${target}]]))`;
      lists.push(
        once(
          `(${found} == 1 ? [] : ["\${${prefix}}\${${d}.attributesField}: the app's live schema has \${${found}} definitions of the object its ${o.sourceObject} object mapping writes to (directory and object \${${target}}); expected exactly one, where the attributes are added"])`,
        ),
      );
    }
    if (o.resolved.removedScope.length > 0) {
      const groupsOf = (oms: string) => `flatten([for om in ${oms} : [for g in ${listOf("om.scope.groups", "x")} : g.name]])`;
      lists.push(
        once(
          `[for n, label in ${d}.removeScope : "\${${prefix}}\${label}.remove: neither the app's live schema nor its template has a scoping filter with this name; expected the name of one of the app's filters" if !contains(${groupsOf(liveMappings)}, n) && !contains(${groupsOf(templateMappings)}, n)]`,
        ),
      );
    }
  }
  return lists.length === 0 ? "[]" : `concat(${lists.join(", ")})`;
}

/**
 * Warnings only the merged schema can tell, one line each (a `check` block shows them, without
 * failing the plan): a declared source that reads only attributes two users can share, on a
 * mapping whose precedence the declaration leaves as the app has it, when that precedence is a
 * matching one (the template's userName, say).
 */
export function warningsExpression(refs: Pick<MergeRefs, "declared" | "result">, objects: readonly ObjectDeclaration[]): string {
  const lists: string[] = [];
  const prefix = `${refs.declared}.prefix`;
  for (const o of objects.filter(declaresMappings)) {
    const d = `${refs.declared}.objects.${o.sourceObject}`;
    const matchingTargets = `flatten([for r in ${listOf(refs.result, "l")} : [for om in ${listOf("r.objectMappings", "o")} : [for m in ${listOf("om.attributeMappings", "a")} : lower(m.targetAttributeName) if try(m.matchingPriority, 0) > 0] if om.sourceObjectName == "${o.sourceObject}"]])`;
    lists.push(`[for k, message in ${d}.shared : "\${${prefix}}\${message}" if contains(${matchingTargets}, k)]`);
  }
  return lists.length === 0 ? "[]" : `concat(${lists.join(", ")})`;
}

/**
 * The id of the rule that provisions Entra ID users (or groups), what provisionOnDemand needs:
 * the rule holding the object mapping from that Entra object, found by name, not by position.
 */
export function provisioningRuleIdExpression(live: string, sourceObject: "User" | "Group"): string {
  return `[for r in ${listOf(live, "l")} : r.id if length([for om in ${listOf("r.objectMappings", "o")} : 1 if om.sourceObjectName == "${sourceObject}"]) > 0][0]`;
}
