/**
 * Entra's target attribute names are SCIM attribute paths (`userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`).
 * This module turns mapped values into a SCIM resource for POST, reads a path back from a
 * resource the app returned, and writes PatchOp operations in the dialect the tenant URL selects.
 */
import type { PatchDialect } from "./settings";

export const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

export type ScimValue = string | boolean | number | unknown[] | Record<string, unknown>;

interface ParsedPath {
  /** Schema URN of an extension attribute, else undefined. */
  readonly urn?: string;
  readonly attribute: string;
  readonly filter?: { readonly attribute: string; readonly value: string };
  readonly sub?: string;
}

const PATH = /^([A-Za-z$][\w$-]*)(?:\[([A-Za-z][\w-]*) eq "((?:[^"\\]|\\.)*)"\])?(?:\.([A-Za-z$][\w$-]*))?$/;

export function parsePath(path: string): ParsedPath | undefined {
  let urn: string | undefined;
  let rest = path;
  if (/^urn:/i.test(path)) {
    // The attribute follows the schema URN's last colon: urn:...:2.0:User:department.
    const at = path.lastIndexOf(":");
    urn = path.slice(0, at);
    rest = path.slice(at + 1);
  }
  const m = PATH.exec(rest);
  if (!m) return undefined;
  return { urn, attribute: m[1], filter: m[2] ? { attribute: m[2], value: JSON.parse(`"${m[3]}"`) as string } : undefined, sub: m[4] };
}

function caseless(object: Record<string, unknown>, key: string): string | undefined {
  return Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
}

/** Reads a target attribute path from a SCIM resource; undefined when absent. */
export function readPath(resource: Record<string, unknown>, path: string): unknown {
  const parsed = parsePath(path);
  if (!parsed) return undefined;
  let container: Record<string, unknown> = resource;
  if (parsed.urn) {
    const key = caseless(resource, parsed.urn);
    const ext = key ? resource[key] : undefined;
    if (!ext || typeof ext !== "object") return undefined;
    container = ext as Record<string, unknown>;
  }
  const key = caseless(container, parsed.attribute);
  let value = key ? container[key] : undefined;
  if (parsed.filter) {
    if (!Array.isArray(value)) return undefined;
    const filter = parsed.filter;
    value = value.find((item) => {
      if (!item || typeof item !== "object") return false;
      const k = caseless(item as Record<string, unknown>, filter.attribute);
      return k !== undefined && String((item as Record<string, unknown>)[k]).toLowerCase() === filter.value.toLowerCase();
    });
  }
  if (parsed.sub) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    const k = caseless(value as Record<string, unknown>, parsed.sub);
    value = k ? (value as Record<string, unknown>)[k] : undefined;
  }
  return value === null ? undefined : value;
}

/**
 * Builds the POST body for a new resource from mapped values. Values in a filtered multi-valued
 * attribute become an entry with that `type` (Entra marks the work email primary, as its Create
 * User sample shows).
 */
export function buildResource(coreSchema: string, attributes: Readonly<Record<string, ScimValue>>): Record<string, unknown> {
  const resource: Record<string, unknown> = { schemas: [coreSchema] };
  for (const [path, value] of Object.entries(attributes)) {
    const parsed = parsePath(path);
    if (!parsed) continue;
    let container = resource;
    if (parsed.urn) {
      if (!(resource.schemas as string[]).includes(parsed.urn)) (resource.schemas as string[]).push(parsed.urn);
      container = (resource[parsed.urn] ??= {}) as Record<string, unknown>;
    }
    if (parsed.filter) {
      const list = (container[parsed.attribute] ??= []) as Array<Record<string, unknown>>;
      let entry = list.find((e) => String(e[parsed.filter!.attribute]).toLowerCase() === parsed.filter!.value.toLowerCase());
      if (!entry) {
        entry = { [parsed.filter.attribute]: parsed.filter.value };
        if (parsed.attribute === "emails" && parsed.filter.value === "work") entry.primary = true;
        list.push(entry);
      }
      if (parsed.sub) entry[parsed.sub] = value;
    } else if (parsed.sub) {
      const complex = (container[parsed.attribute] ??= {}) as Record<string, unknown>;
      complex[parsed.sub] = value;
    } else {
      container[parsed.attribute] = value;
    }
  }
  return resource;
}

/** One attribute to change on an existing resource. */
export interface AttributeChange {
  readonly path: string;
  /** The target's value before (undefined = it has none). */
  readonly before: unknown;
  /** The new value; null removes the attribute. */
  readonly after: ScimValue | null;
}

/** Booleans travel as "True"/"False" strings in Entra's default dialect. */
function dialectValue(value: ScimValue, dialect: PatchDialect): unknown {
  if (dialect === "default" && typeof value === "boolean") return value ? "True" : "False";
  return value;
}

/**
 * The PatchOp operations for attribute changes, as Entra writes them
 * (application-provisioning-config-problem-scim-compatibility, sample requests):
 * - default: one operation per attribute with a path; `Add` when the target had no value,
 *   `Replace` when it had one, `Remove` when the value is gone; booleans as strings.
 * - aadOptscim062020: lowercase ops; replacements of plain attributes gathered into one
 *   path-less `replace` whose value is keyed by attribute path; filtered paths keep their own
 *   operation; booleans as booleans.
 */
export function attributeOperations(changes: readonly AttributeChange[], dialect: PatchDialect): unknown[] {
  const ops: unknown[] = [];
  if (dialect === "default") {
    for (const change of changes) {
      if (change.after === null) ops.push({ op: "Remove", path: change.path });
      else ops.push({ op: change.before === undefined ? "Add" : "Replace", path: change.path, value: dialectValue(change.after, dialect) });
    }
    return ops;
  }
  const gathered: Record<string, unknown> = {};
  for (const change of changes) {
    if (change.after === null) ops.push({ op: "remove", path: change.path });
    else if (change.before === undefined) ops.push({ op: "add", path: change.path, value: change.after });
    else if (change.path.includes("[")) ops.push({ op: "replace", path: change.path, value: change.after });
    else gathered[change.path] = change.after;
  }
  const keys = Object.keys(gathered);
  // A single plain replacement keeps its path, as the disable sample shows.
  if (keys.length === 1) ops.push({ op: "replace", path: keys[0], value: gathered[keys[0]] });
  else if (keys.length > 1) ops.push({ op: "replace", value: gathered });
  return ops;
}

/** Group membership changes (use-scim "Update Group [Add Members]" / "[Remove Members]" and the flag's sample). */
export function memberOperations(add: readonly string[], remove: readonly string[], dialect: PatchDialect): unknown[] {
  const ops: unknown[] = [];
  if (dialect === "default") {
    if (add.length > 0) ops.push({ op: "Add", path: "members", value: add.map((id) => ({ $ref: null, value: id })) });
    if (remove.length > 0) ops.push({ op: "Remove", path: "members", value: remove.map((id) => ({ value: id })) });
    return ops;
  }
  if (add.length > 0) ops.push({ op: "add", path: "members", value: add.map((id) => ({ value: id })) });
  for (const id of remove) ops.push({ op: "remove", path: `members[value eq ${JSON.stringify(id)}]` });
  return ops;
}

/** Whether a target value already equals the mapped value (booleans and "True"/"False" compare equal). */
export function sameValue(target: unknown, mapped: ScimValue | null): boolean {
  if (mapped === null) return target === undefined || target === "" || (Array.isArray(target) && target.length === 0);
  if (target === undefined) return false;
  const norm = (v: unknown): unknown => {
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase();
    if (typeof v === "number") return String(v);
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, norm(x)]));
    return v;
  };
  return JSON.stringify(norm(target)) === JSON.stringify(norm(mapped));
}
