/**
 * The schema diff: what the job's schema (as the portal left it) changes in the app's template
 * schema, as the declarations ScimProvisionedApp accepts. Keys are those of the by-name merge
 * (constructs/schema/live-merge.ts) that applies the declarations at deploy time:
 * - rules by their directories and name; object mappings by source and target object names;
 * - attribute mappings by target attribute name, case-insensitively;
 * - scoping filter groups by name (clauses compared as a set: the merge sorts them).
 * Only differences become declarations; every difference a declaration cannot carry is reported
 * by name in `notExpressible`, never dropped silently.
 */
import type { AttributeMapping, ScopeClause, ScopingFilter, TargetAttribute } from "../../constructs/schema/types";
import { NEW_ATTRIBUTE_MAPPING_FIELDS } from "../../constructs/schema/graph-body";
import { ATTRIBUTE_TYPES } from "../../constructs/schema/types";
import type { GraphAttributeMapping, GraphClause, GraphDirectory, GraphFilterGroup, GraphObjectMapping, GraphRule, GraphSourceIn, JobSchemaDocument } from "./graph-shapes";
import { printSource, UnprintableSource } from "./expression-printer";
import { canonicalJson, quote, quoteJson } from "./text";

export interface SchemaDeclarations {
  readonly userMappings: AttributeMapping[];
  readonly groupMappings: AttributeMapping[];
  readonly userScope: ScopingFilter[];
  readonly groupScope: ScopingFilter[];
  /** Attribute definitions the job's schema adds to (or changes in) the objects its mappings write to. */
  readonly targetAttributes: { users: TargetAttribute[]; groups: TargetAttribute[] };
  /** Present when the job disabled the template's groups object mapping. */
  readonly provisionGroups?: false;
}

export interface SchemaDiff {
  readonly declarations: SchemaDeclarations;
  /** One line per difference no declaration can carry, naming it. */
  readonly notExpressible: string[];
  /** The template has an object mapping from Entra ID groups (so the app can provision groups). */
  readonly templateHasGroups: boolean;
}

export interface DiffOptions {
  /** Clauses the connector AND-s into every user filter (iPass registered domains): not declarations. */
  readonly requiredUserClauses?: readonly ScopeClause[];
}

type Kind = "users" | "groups";
const KINDS: ReadonlyArray<{ kind: Kind; source: "User" | "Group" }> = [
  { kind: "users", source: "User" },
  { kind: "groups", source: "Group" },
];

/** Graph's documented defaults: a missing value means these (the same ones synth writes for a new mapping). */
const MAPPING_DEFAULTS: Readonly<Record<string, unknown>> = NEW_ATTRIBUTE_MAPPING_FIELDS;
/** Fields of an attribute mapping a declaration sets (graph-body.ts toGraphAttributeMapping). */
const DECLARED_FIELDS = new Set(["defaultValue", "flowType", "matchingPriority", "source", "targetAttributeName"]);

const ruleKey = (r: GraphRule) => canonicalJson([r.sourceDirectoryName ?? null, r.targetDirectoryName ?? null, r.name ?? null]);
const ruleLabel = (r: GraphRule) => `rule ${quote(r.name ?? r.id ?? "(unnamed)")}`;
const omKey = (om: GraphObjectMapping) => canonicalJson([om.sourceObjectName, om.targetObjectName]);
const omLabel = (om: GraphObjectMapping) => `object mapping ${quote(om.sourceObjectName)} -> ${quote(om.targetObjectName)}`;

export function diffSchemas(template: JobSchemaDocument, job: JobSchemaDocument, options: DiffOptions = {}): SchemaDiff {
  const out = {
    userMappings: [] as AttributeMapping[],
    groupMappings: [] as AttributeMapping[],
    userScope: [] as ScopingFilter[],
    groupScope: [] as ScopingFilter[],
  };
  const notExpressible: string[] = [];
  let provisionGroups: false | undefined;

  diffRules(template.rules, job.rules, notExpressible);
  const targetAttributes = diffDirectories(template, job, notExpressible);

  const all = (rules: GraphRule[]) => rules.flatMap((r) => r.objectMappings ?? []);
  for (const { kind, source } of KINDS) {
    const t = all(template.rules).filter((om) => om.sourceObjectName === source);
    const j = all(job.rules).filter((om) => om.sourceObjectName === source);
    if (t.length === 0 && j.length === 0) continue;
    if (t.length !== 1 || j.length !== 1) {
      // The merge applies declarations to the one object mapping from this Entra object.
      if (t.length !== j.length || t.some((om, i) => canonicalJson(om) !== canonicalJson(j[i]))) {
        notExpressible.push(
          `${kind}: the template has ${t.length} and the job ${j.length} object mappings from Entra ID ${source} objects; declarations apply to exactly one, so none are imported for ${kind}`,
        );
      }
      continue;
    }
    const [tm, jm] = [t[0], j[0]];
    const where = `${kind} (${omLabel(jm)})`;
    if (omKey(tm) !== omKey(jm)) {
      notExpressible.push(`${where}: the template maps to ${quote(tm.targetObjectName)}; the target object cannot be declared`);
      continue;
    }
    diffObjectFields(tm, jm, where, notExpressible);
    const enabledT = tm.enabled !== false;
    const enabledJ = jm.enabled !== false;
    if (enabledT !== enabledJ) {
      if (kind === "groups" && !enabledJ) provisionGroups = false;
      else notExpressible.push(`${where}: enabled is ${enabledJ} in the job and ${enabledT} in the template; only provisionGroups: false (groups off) can be declared`);
    }
    const mappings = kind === "users" ? out.userMappings : out.groupMappings;
    mappings.push(...diffAttributeMappings(tm.attributeMappings ?? [], jm.attributeMappings ?? [], kind, notExpressible));
    const scope = kind === "users" ? out.userScope : out.groupScope;
    const required = kind === "users" ? (options.requiredUserClauses ?? []) : [];
    scope.push(...diffScope(tm, jm, kind, required, notExpressible));
  }

  return {
    declarations: { ...out, targetAttributes, ...(provisionGroups === false ? { provisionGroups } : {}) },
    notExpressible,
    templateHasGroups: all(template.rules).some((om) => om.sourceObjectName === "Group"),
  };
}

/** Rules present on one side only, and rule fields that differ: the merge keeps the live rule as it is. */
function diffRules(template: GraphRule[], job: GraphRule[], notExpressible: string[]): void {
  const byKey = (rules: GraphRule[]) => new Map(rules.map((r) => [ruleKey(r), r]));
  const [t, j] = [byKey(template), byKey(job)];
  for (const [key, r] of j) {
    const other = t.get(key);
    if (!other) {
      notExpressible.push(`${ruleLabel(r)} (${quote(r.sourceDirectoryName ?? "")} -> ${quote(r.targetDirectoryName ?? "")}) is in the job but not in the template; rules cannot be declared`);
      continue;
    }
    const fields = differingFields(other, r, ["objectMappings"]);
    if (fields.length > 0) notExpressible.push(`${ruleLabel(r)}: ${fields.join(", ")} differ from the template; rule fields cannot be declared`);
    const oms = (rule: GraphRule) => new Map((rule.objectMappings ?? []).map((om) => [omKey(om), om]));
    const [to, jo] = [oms(other), oms(r)];
    for (const [k, om] of jo) {
      if (!to.has(k) && om.sourceObjectName !== "User" && om.sourceObjectName !== "Group") {
        notExpressible.push(`${ruleLabel(r)}: ${omLabel(om)} is in the job but not in the template; object mappings cannot be added by declarations`);
      } else if (to.has(k) && om.sourceObjectName !== "User" && om.sourceObjectName !== "Group" && canonicalJson(om) !== canonicalJson(to.get(k))) {
        notExpressible.push(`${ruleLabel(r)}: ${omLabel(om)} differs from the template; only the User and Group object mappings can be declared`);
      }
    }
    for (const [k, om] of to) {
      if (!jo.has(k) && om.sourceObjectName !== "User" && om.sourceObjectName !== "Group") {
        notExpressible.push(`${ruleLabel(r)}: ${omLabel(om)} of the template is not in the job; object mappings cannot be removed by declarations`);
      }
    }
  }
  for (const [key, r] of t) {
    if (!j.has(key)) notExpressible.push(`${ruleLabel(r)} of the template is not in the job; rules cannot be removed by declarations`);
  }
}

/**
 * Graph's documented defaults of an attribute definition (attributeDefinition resource page) and
 * what the portal's "Edit attribute list" leaves empty: a new attribute a declaration adds gets
 * these from Graph. REASONED: Graph fills the fields the PUT leaves out with these values.
 */
const ATTRIBUTE_DEFAULTS: Record<string, unknown> = {
  anchor: false,
  apiExpressions: [],
  caseExact: false,
  defaultValue: null,
  flowNullValues: false,
  metadata: [],
  multivalued: false,
  mutability: "ReadWrite",
  referencedObjects: [],
  required: false,
  type: "String",
};
/** Fields of an attribute definition a targetAttributes declaration sets. */
const DECLARED_ATTRIBUTE_FIELDS = ["type", "multivalued", "required"] as const;

type GraphAttribute = NonNullable<NonNullable<GraphDirectory["objects"]>[number]["attributes"]>[number];

function attributeField(a: GraphAttribute, key: string): unknown {
  const v = a[key];
  return v === undefined || v === null ? (ATTRIBUTE_DEFAULTS[key] ?? null) : v;
}

/**
 * Attribute definitions (portal: Edit attribute list), compared when both documents carry
 * directories: an attribute the job adds to, or changes in, the object its User (Group) mappings
 * write to is a targetAttributes declaration, by name; what a declaration cannot carry (another
 * directory or object, a removed attribute, a field besides type, multivalued and required) is
 * reported by name.
 */
function diffDirectories(template: JobSchemaDocument, job: JobSchemaDocument, notExpressible: string[]): SchemaDeclarations["targetAttributes"] {
  const declared: SchemaDeclarations["targetAttributes"] = { users: [], groups: [] };
  if (!template.directories || !job.directories) return declared;
  // Where each object's mappings write in the job: [directory, object] -> the declaring kind.
  const targets = new Map<string, Kind>();
  for (const { kind, source } of KINDS) {
    const at = job.rules.flatMap((r) => (r.objectMappings ?? []).filter((om) => om.sourceObjectName === source).map((om) => canonicalJson([r.targetDirectoryName ?? null, om.targetObjectName])));
    if (at.length === 1 && !targets.has(at[0])) targets.set(at[0], kind);
  }
  const attributes = (doc: JobSchemaDocument) => {
    const map = new Map<string, { label: string; kind?: Kind; a: GraphAttribute }>();
    for (const d of doc.directories ?? []) {
      for (const o of d.objects ?? []) {
        for (const a of o.attributes ?? []) {
          map.set(canonicalJson([d.name, o.name, a.name.toLowerCase()]), {
            label: `directory ${quote(d.name)} object ${quote(o.name)} attribute ${quote(a.name)}`,
            kind: targets.get(canonicalJson([d.name, o.name])),
            a,
          });
        }
      }
    }
    return map;
  };
  const [t, j] = [attributes(template), attributes(job)];
  for (const [key, { label, kind, a }] of j) {
    const base = t.get(key)?.a;
    if (base && canonicalJson(base) === canonicalJson(a)) continue;
    if (kind === undefined) {
      notExpressible.push(`${label} ${base ? "differs from the template" : "is in the job but not in the template"}; only the attributes of the objects the User and Group mappings write to can be declared`);
      continue;
    }
    const where = `targetAttributes.${kind}: ${label}`;
    const others = [...new Set([...Object.keys(a), ...Object.keys(base ?? {})])]
      .filter((k) => k !== "name" && !(DECLARED_ATTRIBUTE_FIELDS as readonly string[]).includes(k))
      .sort()
      .filter((k) => canonicalJson(attributeField(a, k)) !== canonicalJson(base ? attributeField(base, k) : (ATTRIBUTE_DEFAULTS[k] ?? null)));
    for (const k of others) notExpressible.push(`${where}: ${k} ${quoteJson(attributeField(a, k))} cannot be declared; deploy keeps ${quoteJson(base ? attributeField(base, k) : (ATTRIBUTE_DEFAULTS[k] ?? null))}`);
    const type = attributeField(a, "type");
    if (!(ATTRIBUTE_TYPES as readonly unknown[]).includes(type)) {
      notExpressible.push(`${where}: type ${quoteJson(type)} is not one of Graph's attribute types; the attribute is not imported`);
      continue;
    }
    const declaration: TargetAttribute = {
      name: a.name,
      ...Object.fromEntries(
        DECLARED_ATTRIBUTE_FIELDS.filter((k) => canonicalJson(attributeField(a, k)) !== canonicalJson(base ? attributeField(base, k) : ATTRIBUTE_DEFAULTS[k])).map((k) => [k, attributeField(a, k)]),
      ),
    };
    // A spelling change alone cannot be declared apart from a field: declare the name then.
    if (Object.keys(declaration).length > 1 || !base || base.name !== a.name) declared[kind].push(declaration);
  }
  for (const [key, { label }] of t) if (!j.has(key)) notExpressible.push(`${label} of the template is not in the job; attribute lists cannot shrink by declarations (remove it in the portal's attribute list)`);
  const byName = (x: TargetAttribute, y: TargetAttribute) => compare(x.name.toLowerCase(), y.name.toLowerCase());
  return { users: declared.users.sort(byName), groups: declared.groups.sort(byName) };
}

/** Object-mapping fields other than mappings, scope and enabled (name, flowTypes, metadata, ...). */
function diffObjectFields(t: GraphObjectMapping, j: GraphObjectMapping, where: string, notExpressible: string[]): void {
  const fields = differingFields(t, j, ["attributeMappings", "scope", "enabled"]);
  if (fields.length > 0) notExpressible.push(`${where}: ${fields.join(", ")} differ from the template; these object-mapping fields cannot be declared`);
}

function differingFields(a: Record<string, unknown>, b: Record<string, unknown>, skip: string[]): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.includes(k)).sort();
  return keys.filter((k) => canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null));
}

/** Whether two sources mean the same: the same printed expression, or (unprintable) the same tree without Graph's `expression` texts. */
export function sameSource(a: GraphSourceIn | null | undefined, b: GraphSourceIn | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  try {
    return printSource(a) === printSource(b);
  } catch (err) {
    if (!(err instanceof UnprintableSource)) throw err;
    return canonicalJson(tree(a)) === canonicalJson(tree(b));
  }
}

function tree(s: GraphSourceIn): unknown {
  const { expression: _e, parameters, type, ...rest } = s;
  return { ...rest, type: type ?? "Attribute", parameters: (parameters ?? []).map((p) => ({ key: p.key, value: tree(p.value) })) };
}

function field(m: GraphAttributeMapping, key: string): unknown {
  const v = m[key];
  return v === undefined || v === null ? (MAPPING_DEFAULTS[key] ?? null) : v;
}

/** Fields that differ between two mappings of one target (the target's spelling included). */
function mappingDifferences(t: GraphAttributeMapping, j: GraphAttributeMapping): string[] {
  const keys = [...new Set([...Object.keys(t), ...Object.keys(j)])].sort();
  return keys.filter((k) => (k === "source" ? !sameSource(t.source, j.source) : canonicalJson(field(t, k)) !== canonicalJson(field(j, k))));
}

function diffAttributeMappings(template: GraphAttributeMapping[], job: GraphAttributeMapping[], kind: Kind, notExpressible: string[]): AttributeMapping[] {
  const byTarget = (list: GraphAttributeMapping[], side: string) => {
    const map = new Map<string, GraphAttributeMapping>();
    for (const m of list) {
      const key = m.targetAttributeName.toLowerCase();
      if (map.has(key)) notExpressible.push(`${kind}: the ${side} maps ${quote(m.targetAttributeName)} twice; only the first is compared`);
      else map.set(key, m);
    }
    return map;
  };
  const [t, j] = [byTarget(template, "template"), byTarget(job, "job")];
  const declared: AttributeMapping[] = [];
  for (const [key, m] of j) {
    const base = t.get(key);
    const differences = base ? mappingDifferences(base, m) : ["(new)"];
    if (differences.length === 0) continue;
    const declaration = toDeclaration(m, base, kind, notExpressible);
    if (declaration) declared.push(declaration);
  }
  for (const [key, m] of t) if (!j.has(key)) declared.push({ target: m.targetAttributeName, remove: true });
  // In target order: the declarations do not depend on the order Graph returns mappings in.
  return declared.sort((a, b) => compare(a.target.toLowerCase(), b.target.toLowerCase()));
}

/**
 * A job mapping as a declaration, or undefined (reported) when declaring it would write something
 * the job does not have. A declaration changes only the fields it declares (the merge keeps the
 * template's value of the others), so for a target the template maps only the fields that differ
 * are declared; for a new target, every field that is not Entra's default. A field no declaration
 * can set, or a difference no declaration can carry, is reported.
 */
function toDeclaration(m: GraphAttributeMapping, base: GraphAttributeMapping | undefined, kind: Kind, notExpressible: string[]): AttributeMapping | undefined {
  const where = `${kind}: mapping ${quote(m.targetAttributeName)}`;
  const reference = base ?? MAPPING_DEFAULTS;
  const differs = (key: string) =>
    key === "source" ? !sameSource(base?.source, m.source) : canonicalJson(field(m, key)) !== canonicalJson(base ? field(base, key) : (MAPPING_DEFAULTS[key] ?? null));
  const flowType = field(m, "flowType");
  if (differs("flowType") && flowType !== "Always" && flowType !== "ObjectAddOnly") {
    notExpressible.push(`${where}: flowType ${quote(String(flowType))} cannot be declared (apply is "always" or "onCreateOnly"); the mapping is not imported and stays as the template has it`);
    return undefined;
  }
  let source: string | undefined;
  if (differs("source")) {
    if (!m.source) {
      notExpressible.push(`${where}: its source was removed (only a default value is left), which a declaration cannot do; the mapping is not imported and stays as the template has it`);
      return undefined;
    }
    try {
      source = printSource(m.source);
    } catch (err) {
      if (!(err instanceof UnprintableSource)) throw err;
      notExpressible.push(`${where}: its source cannot be written as an expression (${err.message}); the mapping is not imported and stays as the template has it`);
      return undefined;
    }
  }
  let defaultValue: string | undefined;
  if (differs("defaultValue")) {
    if (m.defaultValue === null || m.defaultValue === undefined) {
      notExpressible.push(`${where}: its default value ${quoteJson(field(reference as GraphAttributeMapping, "defaultValue"))} was removed, which a declaration cannot do; the mapping is not imported and stays as the template has it`);
      return undefined;
    }
    defaultValue = m.defaultValue;
  }
  if (!base && source === undefined && defaultValue === undefined) {
    notExpressible.push(`${where}: it has neither a source nor a default value, which cannot be declared; the mapping is not imported`);
    return undefined;
  }
  // Fields no declaration sets: the merge keeps the template's (or Entra's default for a new target).
  for (const key of Object.keys(m).sort()) {
    if (DECLARED_FIELDS.has(key)) continue;
    const kept = base ? field(base, key) : (MAPPING_DEFAULTS[key] ?? null);
    if (canonicalJson(field(m, key)) !== canonicalJson(kept)) {
      notExpressible.push(`${where}: ${key} ${quoteJson(field(m, key))} cannot be declared; deploy keeps ${quoteJson(kept)}`);
    }
  }
  const matching = Number(field(m, "matchingPriority"));
  const declaration: AttributeMapping = {
    target: m.targetAttributeName,
    ...(source !== undefined ? { source } : {}),
    ...(differs("matchingPriority") ? { matching: matching > 0 ? matching : (false as const) } : {}),
    ...(differs("flowType") ? { apply: flowType === "ObjectAddOnly" ? ("onCreateOnly" as const) : ("always" as const) } : {}),
    ...(defaultValue !== undefined ? { defaultValue } : {}),
  };
  // Only the target's spelling differs: declaring the source (unchanged) carries the new spelling.
  if (Object.keys(declaration).length === 1 && base && base.targetAttributeName !== m.targetAttributeName && m.source) {
    try {
      return { ...declaration, source: printSource(m.source) };
    } catch (err) {
      if (!(err instanceof UnprintableSource)) throw err;
    }
  }
  return Object.keys(declaration).length > 1 ? declaration : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function clauseOf(c: GraphClause): ScopeClause {
  return { attribute: c.sourceOperandName, operator: c.operatorName, values: [...(c.targetOperand?.values ?? [])] };
}

const clauseKey = (c: ScopeClause) => canonicalJson([c.attribute, c.operator, c.values ?? []]);

function diffScope(t: GraphObjectMapping, j: GraphObjectMapping, kind: Kind, required: readonly ScopeClause[], notExpressible: string[]): ScopingFilter[] {
  const where = kind === "users" ? "userScope" : "groupScope";
  for (const list of ["categoryFilterGroups", "inputFilterGroups"] as const) {
    if (canonicalJson(t.scope?.[list] ?? []) !== canonicalJson(j.scope?.[list] ?? [])) {
      notExpressible.push(`${where}: ${list} (experimental in Graph) differ from the template; only scoping filter groups can be declared`);
    }
  }
  const requiredKeys = new Set(required.map(clauseKey));
  // A filter group as declared clauses: the connector's own clauses are added back by the connector.
  const clauses = (g: GraphFilterGroup) => (g.clauses ?? []).map(clauseOf).filter((c) => !requiredKeys.has(clauseKey(c)));
  const groups = (om: GraphObjectMapping, side: string) => {
    const map = new Map<string, GraphFilterGroup>();
    for (const g of om.scope?.groups ?? []) {
      if (map.has(g.name)) notExpressible.push(`${where}: the ${side} has two scoping filters named ${quote(g.name)}; only the first is compared`);
      else map.set(g.name, g);
    }
    return map;
  };
  const [tg, jg] = [groups(t, "template"), groups(j, "job")];
  const declared: ScopingFilter[] = [];
  const sameClauses = (a: ScopeClause[], b: ScopeClause[]) => canonicalJson(a.map(clauseKey).sort()) === canonicalJson(b.map(clauseKey).sort());
  for (const [name, g] of jg) {
    const all = clauses(g);
    const base = tg.get(name);
    if (base && sameClauses(clauses(base), all)) continue;
    // The group the connector makes when there is none holds only its own clauses.
    if (!base && all.length === 0 && required.length > 0) continue;
    const extra = Object.keys(g).filter((k) => k !== "name" && k !== "clauses");
    if (extra.length > 0) notExpressible.push(`${where}: filter ${quote(name)}: ${extra.join(", ")} cannot be declared`);
    const sorted = [...all].sort((a, b) => compare(clauseKey(a), clauseKey(b)));
    declared.push({ name, all: sorted.map((c) => ((c.values ?? []).length === 0 ? { attribute: c.attribute, operator: c.operator } : c)) });
  }
  for (const name of tg.keys()) if (!jg.has(name)) declared.push({ name, remove: true });
  return declared.sort((a, b) => compare(a.name as string, b.name as string));
}
