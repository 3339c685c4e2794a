/**
 * Checks an object's declared mappings and scoping filters, every guardrail that needs no live
 * schema, into the manifest's ObjectMapping form (which live-merge.ts applies over the job's live
 * schema). Problems are collected, not thrown, so the app reports them all at once.
 */
import type { MappingEntry, ObjectMapping, ScopeGroup, TargetAttributeEntry } from "../../manifest/schema";
import type { Problem } from "../errors";
import { ExpressionError, type Expression, parseExpression } from "./expression";
import { OPERATORS, OPERATOR_LIST } from "./operators";
import { isScimAttributeName } from "./scim-attributes";
import { isSourceAttribute, looksUniqueUserAttribute, suggestSourceAttribute } from "./source-attributes";
import type { AttributeMapping, ScopeClause, ScopingFilter, TargetAttribute } from "./types";

export interface ObjectSchemaInput {
  readonly kind: "users" | "groups";
  /** userMappings / groupMappings. */
  readonly declared?: readonly AttributeMapping[];
  /**
   * "merge": each declared mapping changes the fields it declares on the app's mapping with its
   * target (or adds one); "replace": the declared mappings are the whole list, every field written.
   */
  readonly mode: "merge" | "replace";
  /** userScope / groupScope. */
  readonly scope?: readonly ScopingFilter[];
  /** Connector-imposed clauses AND-ed into every filter group (one group is made when there is none). */
  readonly requiredClauses?: readonly ScopeClause[];
  /** targetAttributes.users / .groups: attribute definitions added to the app's schema. */
  readonly targetAttributes?: readonly TargetAttribute[];
  /** Is this a target attribute of the app's SCIM schema (targetAttributes aside)? */
  readonly knownTargets: (target: string) => boolean;
  /** The known target a mistyped one most likely means. @default - no did-you-mean */
  readonly suggestTarget?: (target: string) => string | undefined;
  /** The app's schema in words, for messages, e.g. "iProva's SCIM User schema". */
  readonly schemaName: string;
  /** Prop names for messages: "userMappings" / "userScope" / "targetAttributes.users". */
  readonly mappingsField: string;
  readonly scopeField: string;
  readonly attributesField: string;
}

export interface ResolvedObjectSchema {
  readonly problems: Problem[];
  /** Risky but allowed declarations, one each (synth warns, the review shows them). */
  readonly warnings: Problem[];
  /** What the user declared for this object, checked; the manifest's form of it. */
  readonly resolved: ObjectMapping;
}

/**
 * `userMappings[0] (displayName)`: where a declared mapping is, and which one, for messages. The
 * target as written when short and printable, else quoted and cut (a message is one line).
 */
export function mappingLabel(field: string, index: number, target: string): string {
  return `${field}[${index}] (${targetLabel(target)})`;
}

function targetLabel(target: string): string {
  if (target.length <= 60 && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029()]/.test(target)) return target;
  return JSON.stringify(target.length > 60 ? `${target.slice(0, 57)}...` : target);
}

/** Whether a declared mapping sets anything besides its target. */
function declaresAField(m: AttributeMapping): boolean {
  return m.source !== undefined || m.defaultValue !== undefined || m.matching !== undefined || m.apply !== undefined;
}

/** A declared precedence: a positive integer, or undefined (not declared, false, or invalid). */
function precedenceOf(m: AttributeMapping): number | undefined {
  return typeof m.matching === "number" && Number.isInteger(m.matching) && m.matching > 0 ? m.matching : undefined;
}

/** The warning for a matching attribute computed from attributes two users can share. */
export function sharedMatchingMessage(target: string, read: readonly string[]): string {
  return `the matching attribute "${target}" is computed from ${read.map((a) => `[${a}]`).join(", ")}, which two users can share; Entra then updates the wrong account in the app or stops at the duplicate; a unique attribute such as [userPrincipalName], [mail], [objectId] or [employeeId] is safer (${MATCHING_DOC})`;
}

const MATCHING_EXPECTED = 'expected 1 for the first matching attribute, 2 for the next, or false for "not a matching attribute"';

/** Microsoft's page on matching attributes, cited where a message depends on it. */
const MATCHING_DOC = "learn.microsoft.com/entra/identity/app-provisioning/customize-application-attributes#matching-users-in-the-source-and-target--systems";

/**
 * Checks what is declared for one object on its own. Nothing is merged here: the app's template
 * (in the job's live schema) holds every mapping and filter the user did not declare, and the
 * declared ones are applied over it by name at deploy time (see live-merge.ts). What can only be
 * checked against that live schema (a removed target that does not exist, a precedence that clashes
 * with an undeclared mapping) is a plan-time precondition there.
 */
export function resolveObjectSchema(input: ObjectSchemaInput): ResolvedObjectSchema {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const declared = input.declared ?? [];
  const field = input.mappingsField;
  const key = (target: string) => target.toLowerCase();
  const replace = input.mode === "replace";
  const noun = input.kind === "users" ? "user" : "group";

  const attributes = resolveTargetAttributes(input, problems);
  const declaredAttribute = new Set(attributes.map((a) => key(a.name)));
  const isTarget = (target: string) => input.knownTargets(target) || declaredAttribute.has(key(target));

  const seen = new Map<string, number>();
  declared.forEach((m, i) => {
    const at = mappingLabel(field, i, m.target);
    const previous = seen.get(key(m.target));
    if (previous !== undefined) {
      problems.push({ field: `${at}.target`, message: `"${m.target}" is declared twice (also at ${field}[${previous}]); expected one mapping per target attribute` });
    } else {
      seen.set(key(m.target), i);
    }
    if (m.remove) {
      if (replace) {
        problems.push({ field: `${at}.remove`, message: 'is only valid with mappingMode "merge"; expected no remove in replace mode (leave the mapping out instead)' });
      }
      if (declaresAField(m)) {
        problems.push({ field: at, message: "removes a mapping and also sets source, defaultValue, matching or apply; expected { target, remove: true } alone" });
      }
      return;
    }
    if (!isTarget(m.target)) {
      problems.push({
        field: `${at}.target`,
        message: `"${m.target}" is not an attribute of ${input.schemaName}; ${hintFor(input.suggestTarget?.(m.target), input.attributesField)}`,
      });
    }
    if (replace && m.source === undefined && m.defaultValue === undefined) {
      problems.push({ field: at, message: "has neither source nor defaultValue; expected a source expression, a defaultValue, or both" });
    } else if (!declaresAField(m)) {
      problems.push({ field: at, message: "declares nothing to change; expected source, defaultValue, matching or apply (or remove: true)" });
    }
    let parsedSource: Expression | undefined;
    if (m.source !== undefined) {
      const parsed = parse(m.source);
      if (parsed instanceof ExpressionError) {
        problems.push({ field: `${at}.source`, message: parsed.message });
      } else if (parsed.kind === "comparison") {
        problems.push({ field: `${at}.source`, message: "is a comparison; expected a value (comparisons belong inside IIF or CBool)" });
      } else if (usesSelectUniqueValue(parsed)) {
        problems.push({
          field: `${at}.source`,
          message: "uses SelectUniqueValue, which Entra supports only for provisioning to on-premises Active Directory; expected another function",
        });
      } else {
        const unknown = unknownSourceAttribute(parsed, input.kind);
        if (unknown) {
          const hint = suggestSourceAttribute(input.kind, unknown.name);
          const column = m.source.length - m.source.trimStart().length + unknown.start + 1;
          problems.push({
            field: `${at}.source`,
            message: `column ${column}: [${unknown.name}] is not an attribute of Entra ID ${input.kind}; ${hint ? `did you mean [${hint}]?` : "expected one of Entra ID's attributes (e.g. [userPrincipalName], [mail], [extensionAttribute1]) or a directory extension [extension_<appId>_<name>]"}`,
          });
        } else {
          parsedSource = parsed;
        }
      }
    }
    if (m.matching !== undefined && m.matching !== false && precedenceOf(m) === undefined) {
      const shown = typeof m.matching === "number" ? String(m.matching) : JSON.stringify(m.matching);
      problems.push({
        field: `${at}.matching`,
        message: m.matching === 0 ? `0 is not a precedence; ${MATCHING_EXPECTED} (Graph's matchingPriority 0)` : `${shown} is not a positive integer; ${MATCHING_EXPECTED}`,
      });
    }
    if (precedenceOf(m) !== undefined) {
      // Microsoft documents matching on an expression ("The value in the target can be a function
      // of the value in the source", MATCHING_DOC): any source that reads the object's attributes.
      const constant = parsedSource !== undefined ? sourceAttributes(parsedSource).length === 0 : replace && m.source === undefined;
      if (constant) {
        problems.push({
          field: m.source !== undefined ? `${at}.source` : at,
          message: `the matching attribute "${m.target}" reads no attribute of the ${noun}, so every ${noun} would match the same account or none; expected a source computed from the ${noun}'s attributes, e.g. [${input.kind === "users" ? "userPrincipalName" : "objectId"}] or ToLower([mail])`,
        });
      } else if (parsedSource !== undefined && input.kind === "users" && m.source !== undefined) {
        const read = sharedSourceAttributes(m.source);
        if (read) warnings.push({ field: `${at}.matching`, message: sharedMatchingMessage(m.target, read) });
      }
    }
  });

  // Matching precedence among the declared mappings. Clashes with undeclared (template) mappings
  // can only be seen in the live schema: a precondition checks those at plan time.
  const kept = declared.map((mapping, i) => ({ mapping, i })).filter((p) => !p.mapping.remove);
  const matching = kept.filter((p) => precedenceOf(p.mapping) !== undefined);
  const byPrecedence = new Map<number, (typeof matching)[number]>();
  for (const p of matching) {
    const n = precedenceOf(p.mapping) as number;
    const other = byPrecedence.get(n);
    if (other) {
      problems.push({
        field: `${mappingLabel(field, p.i, p.mapping.target)}.matching`,
        message: `precedence ${n} is used by "${other.mapping.target}" and "${p.mapping.target}"; expected unique precedences 1, 2, ...`,
      });
    } else {
      byPrecedence.set(n, p);
    }
  }
  if (replace) {
    // Replace mode declares the whole object mapping, so the declared list must stand on its own.
    if (kept.length > 0 && matching.length === 0) {
      problems.push({
        field,
        message: `no mapping is a matching attribute; expected one mapping with matching: 1 (mappingMode "replace" sends only the declared mappings, and Entra finds existing ${input.kind} in the app by it)`,
      });
    }
    const precedences = [...byPrecedence.keys()].sort((a, b) => a - b);
    const gap = precedences.findIndex((n, i) => n !== i + 1);
    if (gap >= 0) {
      problems.push({ field, message: `matching precedences ${precedences.join(", ")} skip ${gap + 1}; expected consecutive precedences starting at 1` });
    }
  }

  const scope = resolveScope(input, problems);

  // Merge mode writes only the declared fields; replace mode writes every field (Entra's default
  // where none is declared), so the manifest says exactly what a deploy writes.
  const mappings: MappingEntry[] = kept.map(({ mapping: m }) => {
    const precedence = precedenceOf(m);
    const matchingField = precedence !== undefined ? precedence : m.matching === false || replace ? false : undefined;
    return {
      target: m.target,
      ...(m.source !== undefined ? { source: m.source } : replace ? { source: null } : {}),
      ...(m.defaultValue !== undefined ? { defaultValue: m.defaultValue } : {}),
      ...(matchingField !== undefined ? { matching: matchingField } : {}),
      ...(m.apply !== undefined ? { apply: m.apply } : replace ? { apply: "always" as const } : {}),
    };
  });
  return {
    problems,
    warnings,
    resolved: {
      matchingAttribute: byPrecedence.get(1)?.mapping.target ?? null,
      mappings,
      removed: declared.filter((m) => m.remove).map((m) => m.target),
      scope: scope.groups,
      removedScope: scope.removed,
      requiredClauses: (input.requiredClauses ?? []).map((c) => ({ attribute: c.attribute, operator: c.operator, values: [...(c.values ?? [])] })),
      targetAttributes: attributes,
    },
  };
}

/** Declared attribute definitions: each name once (case-insensitive, as SCIM names are), a SCIM attribute path. */
function resolveTargetAttributes(input: ObjectSchemaInput, problems: Problem[]): TargetAttributeEntry[] {
  const field = input.attributesField;
  const names = new Map<string, number>();
  const out: TargetAttributeEntry[] = [];
  (input.targetAttributes ?? []).forEach((a, i) => {
    const at = `${field}[${i}]`;
    const previous = names.get(a.name.toLowerCase());
    if (previous !== undefined) {
      problems.push({ field: `${at}.name`, message: `"${a.name}" is also declared at ${field}[${previous}]; expected each attribute once (names compare case-insensitively)` });
      return;
    }
    names.set(a.name.toLowerCase(), i);
    if (!isScimAttributeName(a.name)) {
      problems.push({
        field: `${at}.name`,
        message: `${shownName(a.name)} is not a SCIM attribute name; expected a name such as "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge" (Microsoft's pattern for a custom attribute), "roles" or 'phoneNumbers[type eq "pager"].value'`,
      });
      return;
    }
    out.push({
      name: a.name,
      ...(a.type !== undefined ? { type: a.type } : {}),
      ...(a.multivalued !== undefined ? { multivalued: a.multivalued } : {}),
      ...(a.required !== undefined ? { required: a.required } : {}),
    });
  });
  return out;
}

const parsed = new Map<string, Expression | ExpressionError>();

/** Parses once per distinct text (defaults repeat in every app of a tenant). */
function parse(source: string): Expression | ExpressionError {
  let result = parsed.get(source);
  if (result === undefined) {
    try {
      result = parseExpression(source);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      result = err;
    }
    parsed.set(source, result);
  }
  return result;
}

/**
 * The attributes a user mapping's source reads when none of them looks unique (see
 * looksUniqueUserAttribute), else undefined: a matching attribute computed from these can match
 * two users to one account. Undefined too for a source that does not parse or reads nothing.
 */
export function sharedSourceAttributes(source: string): string[] | undefined {
  const parsed = parse(source);
  if (parsed instanceof ExpressionError) return undefined;
  const read = sourceAttributes(parsed);
  return read.length > 0 && !read.some(looksUniqueUserAttribute) ? read : undefined;
}

/** Every [attribute] an expression reads, each once, in order. */
function sourceAttributes(e: Expression, out: string[] = []): string[] {
  if (e.kind === "attribute" && !out.includes(e.name)) out.push(e.name);
  if (e.kind === "comparison") {
    sourceAttributes(e.left, out);
    sourceAttributes(e.right, out);
  }
  if (e.kind === "call") for (const arg of e.args) if (arg) sourceAttributes(arg, out);
  return out;
}

/** The first [attribute] that is not a source attribute of Entra ID users (or groups). */
function unknownSourceAttribute(e: Expression, kind: "users" | "groups"): { name: string; start: number } | undefined {
  if (e.kind === "attribute") return isSourceAttribute(kind, e.name) ? undefined : { name: e.name, start: e.start };
  if (e.kind === "comparison") return unknownSourceAttribute(e.left, kind) ?? unknownSourceAttribute(e.right, kind);
  if (e.kind === "call") {
    for (const arg of e.args) {
      const unknown = arg && unknownSourceAttribute(arg, kind);
      if (unknown) return unknown;
    }
  }
  return undefined;
}

function usesSelectUniqueValue(e: Expression): boolean {
  if (e.kind === "call") return e.name === "SelectUniqueValue" || e.args.some((a) => a !== null && usesSelectUniqueValue(a));
  if (e.kind === "comparison") return usesSelectUniqueValue(e.left) || usesSelectUniqueValue(e.right);
  return false;
}

/** Declared filter groups (applied by name over the live ones) and the names of live groups to drop. */
function resolveScope(input: ObjectSchemaInput, problems: Problem[]): { groups: ScopeGroup[]; removed: string[] } {
  const field = input.scopeField;
  const declared = input.scope ?? [];
  const names = new Map<string, number>();
  const groups: ScopeGroup[] = [];
  const removed: string[] = [];
  declared.forEach((filter, i) => {
    // Filters are applied by name over the app's own: a default name would silently replace a
    // template filter called "Scope 1", so the default is only a convenience for new filters.
    const name = filter.name ?? `Scope ${i + 1}`;
    const previous = names.get(name);
    if (previous !== undefined) {
      problems.push({ field: `${field}[${i}].name`, message: `"${name}" is also the name of ${field}[${previous}]; expected unique filter names` });
    }
    names.set(name, i);
    if (filter.remove) {
      if (filter.name === undefined) problems.push({ field: `${field}[${i}].name`, message: "is missing on a removal; expected the name of the app's filter to remove" });
      if (filter.all !== undefined && filter.all.length > 0) {
        problems.push({ field: `${field}[${i}]`, message: "removes a filter and also declares clauses; expected { name, remove: true } alone" });
      }
      removed.push(name);
      return;
    }
    const all = filter.all ?? [];
    if (all.length === 0) {
      problems.push({ field: `${field}[${i}].all`, message: "is empty; expected at least one clause (a filter without clauses would match everyone)" });
    }
    all.forEach((clause, j) => checkClause(clause, `${field}[${i}].all[${j}]`, input.kind, problems));
    groups.push({ name, all: all.map((c) => ({ attribute: c.attribute, operator: c.operator, values: [...(c.values ?? [])] })) });
  });
  return { groups, removed };
}

function hintFor(suggestion: string | undefined, attributesField: string): string {
  return suggestion
    ? `did you mean "${suggestion}"?`
    : `expected a core SCIM attribute, an enterprise extension attribute, one the connector adds, or one declared in ${attributesField}`;
}

/** A user's name quoted for a one-line message; a long or multi-line one is described instead. */
function shownName(name: string): string {
  if (name.length <= 80 && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return JSON.stringify(name);
  return `a ${name.length}-character name${/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name) ? " with control characters" : ""}`;
}

function checkClause(clause: ScopeClause, at: string, kind: "users" | "groups", problems: Problem[]): void {
  // Scoping filters test the Entra ID object, so a clause names a source attribute, as `[x]` in a
  // mapping does; a misspelt one would quietly match nobody (or everybody, for IS NULL / NOT EQUALS).
  if (!isSourceAttribute(kind, clause.attribute)) {
    const hint = suggestSourceAttribute(kind, clause.attribute);
    problems.push({
      field: `${at}.attribute`,
      message: `${shownName(clause.attribute)} is not an attribute of Entra ID ${kind}; ${hint ? `did you mean ${JSON.stringify(hint)}?` : `expected one of Entra ID's attributes (e.g. ${kind === "users" ? '"department", "userPrincipalName", "extensionAttribute1"' : '"displayName", "mail", "description"'}) or a directory extension "extension_<appId>_<name>"`}`,
    });
  }
  const op = OPERATORS.get(clause.operator);
  if (!op) {
    const hint = [...OPERATORS.keys()].find((k) => k.toLowerCase() === clause.operator.toLowerCase().replace(/_/g, " ") || k.toLowerCase() === clause.operator.toLowerCase());
    problems.push({
      field: `${at}.operator`,
      message: hint
        ? `"${clause.operator}" is not a scoping operator; did you mean "${hint}"?`
        : `"${clause.operator}" is not a scoping operator; expected one of ${OPERATOR_LIST}`,
    });
    return;
  }
  const count = clause.values?.length ?? 0;
  if (op.arity === "unary" && count > 0) {
    problems.push({ field: `${at}.values`, message: `${op.name} takes no value; got ${count}; remove "values"` });
  }
  if (op.arity === "binary" && count !== 1) {
    problems.push({ field: `${at}.values`, message: `${op.name} takes exactly one value; got ${count}` });
  }
  if (op.name.includes("REGEX") && count === 1) {
    try {
      new RegExp((clause.values as readonly string[])[0]);
    } catch {
      problems.push({ field: `${at}.values[0]`, message: `${JSON.stringify((clause.values as readonly string[])[0])} is not a valid regular expression; expected a .NET-style pattern` });
    }
  }
}
