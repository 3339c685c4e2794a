/**
 * Resolves an object's declared mappings and scoping filters against the connector's defaults,
 * checking every guardrail, into the manifest's ObjectMapping form (which graph-body.ts turns
 * into Graph JSON). Problems are collected, not thrown, so the app reports them all at once.
 */
import type { MappingEntry, ObjectMapping, ScopeGroup } from "../../manifest/schema";
import type { Problem } from "../errors";
import { ExpressionError, type Expression, parseExpression } from "./expression";
import { OPERATORS, OPERATOR_LIST } from "./operators";
import type { AttributeMapping, ScopeClause, ScopingFilter } from "./types";

export interface ObjectSchemaInput {
  readonly kind: "users" | "groups";
  /** The connector's default mappings. */
  readonly defaults: readonly AttributeMapping[];
  /** userMappings / groupMappings. */
  readonly declared?: readonly AttributeMapping[];
  /** "merge": declared over defaults; "replace": declared only. */
  readonly mode: "merge" | "replace";
  /** userScope / groupScope. */
  readonly scope?: readonly ScopingFilter[];
  /** Connector-imposed clauses AND-ed into every filter (one filter is made when none is declared). */
  readonly requiredClauses?: readonly ScopeClause[];
  /** Is this a target attribute of the app's SCIM schema? */
  readonly knownTargets: (target: string) => boolean;
  /** The app's schema in words, for messages, e.g. "iProva's SCIM User schema". */
  readonly schemaName: string;
  /** Prop names for messages: "userMappings" / "userScope". */
  readonly mappingsField: string;
  readonly scopeField: string;
}

export interface ResolvedObjectSchema {
  readonly problems: Problem[];
  readonly resolved: ObjectMapping;
}

/** Where a resolved mapping came from, for messages. */
interface Placed {
  readonly mapping: AttributeMapping;
  /** Index in the declared list, or undefined for an untouched default. */
  readonly declaredAt?: number;
}

export function resolveObjectSchema(input: ObjectSchemaInput): ResolvedObjectSchema {
  const problems: Problem[] = [];
  const declared = input.declared ?? [];
  const field = input.mappingsField;
  const key = (target: string) => target.toLowerCase();

  // 1. Each declared mapping on its own.
  const seen = new Map<string, number>();
  declared.forEach((m, i) => {
    const at = `${field}[${i}]`;
    const previous = seen.get(key(m.target));
    if (previous !== undefined) {
      problems.push({ field: `${at}.target`, message: `"${m.target}" is declared twice (also at ${field}[${previous}]); expected one mapping per target attribute` });
    } else {
      seen.set(key(m.target), i);
    }
    if (m.remove) {
      if (input.mode === "replace") {
        problems.push({ field: `${at}.remove`, message: 'is only valid with mappingMode "merge"; expected no remove in replace mode (leave the mapping out instead)' });
      } else if (!input.defaults.some((d) => key(d.target) === key(m.target))) {
        problems.push({ field: `${at}.target`, message: `"${m.target}" is not a default mapping of this connector; expected the target of a default mapping to remove` });
      }
      if (m.source !== undefined || m.defaultValue !== undefined || m.matching !== undefined || m.apply !== undefined) {
        problems.push({ field: at, message: "removes a mapping and also sets source, defaultValue, matching or apply; expected { target, remove: true } alone" });
      }
      return;
    }
    if (!input.knownTargets(m.target)) {
      problems.push({
        field: `${at}.target`,
        message: `"${m.target}" is not an attribute of ${input.schemaName}; expected a core SCIM attribute, an enterprise extension attribute or one the connector adds`,
      });
    }
    if (m.source === undefined && m.defaultValue === undefined) {
      problems.push({ field: at, message: "has neither source nor defaultValue; expected a source expression, a defaultValue, or both" });
    }
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
      }
    }
    if (m.matching !== undefined && !(Number.isInteger(m.matching) && m.matching > 0)) {
      problems.push({ field: `${at}.matching`, message: `${m.matching} is not a positive integer; expected 1 for the first matching attribute, 2 for the next` });
    }
  });

  // 2. Merge over the defaults (or replace them).
  const placed: Placed[] = input.mode === "replace" ? [] : input.defaults.map((mapping) => ({ mapping }));
  declared.forEach((m, i) => {
    const existing = placed.findIndex((p) => key(p.mapping.target) === key(m.target));
    if (m.remove) {
      if (existing >= 0) placed.splice(existing, 1);
    } else if (existing >= 0) {
      placed[existing] = { mapping: m, declaredAt: i }; // override keeps the default's position
    } else if (!placed.some((p) => p.declaredAt !== undefined && key(p.mapping.target) === key(m.target))) {
      placed.push({ mapping: m, declaredAt: i });
    }
  });

  // 3. Matching precedence over the result.
  const where = (p: Placed) => (p.declaredAt !== undefined ? `${field}[${p.declaredAt}].matching` : field);
  const matching = placed.filter((p) => p.mapping.matching !== undefined && Number.isInteger(p.mapping.matching) && (p.mapping.matching as number) > 0);
  if (matching.length === 0 && placed.length > 0) {
    problems.push({
      field,
      message: `no mapping is a matching attribute; expected one mapping with matching: 1 (Entra finds existing ${input.kind} in the app by it)`,
    });
  }
  const byPrecedence = new Map<number, Placed>();
  for (const p of matching) {
    const n = p.mapping.matching as number;
    const other = byPrecedence.get(n);
    if (other) {
      problems.push({
        field: where(p),
        message: `precedence ${n} is used by "${other.mapping.target}" and "${p.mapping.target}"; expected unique precedences 1, 2, ...`,
      });
    } else {
      byPrecedence.set(n, p);
    }
  }
  const precedences = [...byPrecedence.keys()].sort((a, b) => a - b);
  const gap = precedences.findIndex((n, i) => n !== i + 1);
  if (gap >= 0) {
    problems.push({
      field,
      message: `matching precedences ${precedences.join(", ")} skip ${gap + 1}; expected consecutive precedences starting at 1`,
    });
  }
  const first = byPrecedence.get(1)?.mapping;
  if (first?.source !== undefined) {
    const parsed = parse(first.source);
    if (!(parsed instanceof ExpressionError) && parsed.kind !== "attribute") {
      // Entra queries the app with `filter=<target> eq "<value>"`: a matching attribute must be a plain source attribute.
      problems.push({
        field: byPrecedence.get(1)?.declaredAt !== undefined ? `${field}[${byPrecedence.get(1)?.declaredAt}].source` : field,
        message: `the matching attribute "${first.target}" has an expression source; expected a plain [attribute] for matching`,
      });
    }
  }

  // 4. Scoping filters.
  const scope = resolveScope(input, problems);

  const mappings: MappingEntry[] = placed.map(({ mapping: m }) => ({
    target: m.target,
    source: m.source ?? null,
    ...(m.defaultValue !== undefined ? { defaultValue: m.defaultValue } : {}),
    ...(m.matching !== undefined && Number.isInteger(m.matching) && m.matching > 0 ? { matching: m.matching } : {}),
    apply: m.apply ?? "always",
  }));
  return {
    problems,
    resolved: {
      matchingAttribute: first?.target ?? mappings[0]?.target ?? "userName",
      mappings,
      scope,
    },
  };
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

function usesSelectUniqueValue(e: Expression): boolean {
  if (e.kind === "call") return e.name === "SelectUniqueValue" || e.args.some((a) => a !== null && usesSelectUniqueValue(a));
  if (e.kind === "comparison") return usesSelectUniqueValue(e.left) || usesSelectUniqueValue(e.right);
  return false;
}

function resolveScope(input: ObjectSchemaInput, problems: Problem[]): ScopeGroup[] {
  const field = input.scopeField;
  const declared = input.scope ?? [];
  const names = new Map<string, number>();
  const groups: ScopeGroup[] = declared.map((filter, i) => {
    const name = filter.name ?? `Scope ${i + 1}`;
    const previous = names.get(name);
    if (previous !== undefined) {
      problems.push({ field: `${field}[${i}].name`, message: `"${name}" is also the name of ${field}[${previous}]; expected unique filter names` });
    }
    names.set(name, i);
    if (filter.all.length === 0) {
      problems.push({ field: `${field}[${i}].all`, message: "is empty; expected at least one clause (a filter without clauses would match everyone)" });
    }
    filter.all.forEach((clause, j) => checkClause(clause, `${field}[${i}].all[${j}]`, problems));
    return { name, all: filter.all.map((c) => ({ attribute: c.attribute, operator: c.operator, values: [...(c.values ?? [])] })) };
  });

  const required = (input.requiredClauses ?? []).map((c) => ({ attribute: c.attribute, operator: c.operator, values: [...(c.values ?? [])] }));
  if (required.length === 0) return groups;
  // Scoping filters are OR-ed: a connector requirement must be AND-ed into every one of them.
  if (groups.length === 0) return [{ name: "Connector requirements", all: required }];
  return groups.map((g) => ({ name: g.name, all: [...g.all, ...required] }));
}

function checkClause(clause: ScopeClause, at: string, problems: Problem[]): void {
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
