/**
 * The probe user and group --deep creates in the app, built from the app's mappings: every target
 * attribute the app will receive gets a plausible value of its type, so the run proves the app
 * accepts what this configuration sends rather than a default attribute set.
 *
 * Which targets: what the app declares (its manifest mappings), plus, when the app merges its
 * mappings over Entra's template (mappingMode "merge"), Entra's generic SCIM defaults for the targets
 * it does not declare (constructs/schema/defaults.ts). A gallery app's own template may send more
 * than those defaults; --deep cannot see the template, so it tests the generic baseline. A
 * declared removal (`remove: true`) takes the target out, baseline included.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { DEFAULT_GROUP_MAPPINGS, DEFAULT_USER_MAPPINGS } from "../../../constructs/schema/defaults";
import type { ObjectMapping } from "../../../manifest/schema";

/** Every object --deep creates has a name that starts with this. */
export const PROBE_PREFIX = "entra-provisioning-probe-";

export const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/**
 * What --deep reads of a mapping. Tolerant on purpose: the manifest's mapping entries are changing
 * (issue 10: declared mappings and removals only), and only these fields matter here.
 */
export interface DeclaredMapping {
  readonly target: string;
  readonly source?: string | null;
  readonly defaultValue?: string;
  readonly apply?: string;
  /** A declared removal: Entra will not send this target. */
  readonly remove?: boolean;
}

export interface DeclaredObjectMapping {
  readonly matchingAttribute: string;
  readonly mappings: readonly DeclaredMapping[];
}

/**
 * What the probe is built from: the app's declared mappings and removals (the manifest lists only
 * declarations; the rest is the app's template). Without a declared matching attribute, Entra's SCIM
 * templates match users on userName and groups on displayName (graph-sync.md section 4).
 */
export function declaredMappings(kind: "users" | "groups", mapping: ObjectMapping): DeclaredObjectMapping {
  return {
    matchingAttribute: mapping.matchingAttribute ?? (kind === "users" ? "userName" : "displayName"),
    mappings: [...mapping.mappings, ...mapping.removed.map((target) => ({ target, remove: true }))],
  };
}

/** One attribute of a probe object: a target and the value sent for it. */
export interface ProbeAttribute {
  readonly target: string;
  readonly value: unknown;
  /** The value a later update sends (Entra only updates `always` mappings with a non-constant source). */
  readonly updated?: unknown;
  /** Declared by the app (false: from Entra's generic defaults). */
  readonly declared: boolean;
}

export interface ProbeObject {
  readonly kind: "users" | "groups";
  /** Entra default targets left out because the app's /Schemas does not list them. */
  readonly leftOut: readonly string[];
  /** `entra-provisioning-probe-<random>`: the display name, and the stem of every other value. */
  readonly name: string;
  /** Attributes sent on create (no references: manager and members travel in PATCH requests). */
  readonly attributes: readonly ProbeAttribute[];
  /** The declared or default manager target, when Entra will send a manager. */
  readonly managerTarget?: string;
  readonly matchingAttribute: string;
  /** The value of the matching attribute: what Entra filters on. */
  readonly matchingValue: string;
  /** The SCIM resource POSTed to create the object. */
  readonly resource: Record<string, unknown>;
}

const isReference = (kind: "users" | "groups", target: string) =>
  kind === "users" ? /(^|[:.])manager(\.value)?$/i.test(target) : /^members$/i.test(target);

/** A fresh random tag: 8 hex characters, unique enough to never meet a real account. */
export function probeTag(): string {
  return randomBytes(4).toString("hex");
}

/** The targets a probe object carries: declared ones, plus Entra's defaults where the app merges. */
export function probeTargets(kind: "users" | "groups", declared: readonly DeclaredMapping[], mappingMode: string): Array<DeclaredMapping & { declared: boolean }> {
  const removed = new Set(declared.filter((m) => m.remove === true).map((m) => m.target.toLowerCase()));
  const out = new Map<string, DeclaredMapping & { declared: boolean }>();
  for (const m of declared) {
    if (m.remove !== true && typeof m.target === "string" && m.target !== "") out.set(m.target.toLowerCase(), { ...m, declared: true });
  }
  if (mappingMode !== "replace") {
    for (const m of kind === "users" ? DEFAULT_USER_MAPPINGS : DEFAULT_GROUP_MAPPINGS) {
      const key = m.target.toLowerCase();
      if (!removed.has(key) && !out.has(key)) out.set(key, { target: m.target, source: m.source, declared: false });
    }
  }
  return [...out.values()];
}

/** A constant the mapping sends (`"Sales"` or a default with no source), else undefined. */
function constantOf(m: DeclaredMapping): string | undefined {
  const source = m.source ?? null;
  if (source !== null) {
    const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(source.trim());
    return quoted ? quoted[1] : undefined;
  }
  return m.defaultValue;
}

interface Segments {
  readonly schema?: string;
  readonly attribute: string;
  readonly filter?: { attribute: string; value: string };
  readonly sub?: string;
}

/** Splits `urn:...:attr[type eq "work"].sub` into its parts. */
export function segments(target: string): Segments {
  let schema: string | undefined;
  let rest = target;
  if (target.toLowerCase().startsWith("urn:")) {
    const bracket = target.indexOf("[");
    const cut = target.lastIndexOf(":", bracket === -1 ? target.length : bracket);
    schema = target.slice(0, cut);
    rest = target.slice(cut + 1);
  }
  const m = /^([^.[]+)(?:\[\s*([^\s\]]+)\s+eq\s+"([^"]*)"\s*\])?(?:\.(.+))?$/i.exec(rest);
  if (!m) return { schema, attribute: rest };
  return { schema, attribute: m[1], ...(m[2] !== undefined ? { filter: { attribute: m[2], value: m[3] } } : {}), ...(m[4] !== undefined ? { sub: m[4] } : {}) };
}

const UPDATED: Record<string, [string, string]> = {
  givenname: ["Probe", "Probe-Updated"],
  familyname: ["Entra-Provisioning", "Entra-Provisioning-Updated"],
  middlename: ["P", "Q"],
  formatted: ["Probe Entra-Provisioning", "Probe-Updated Entra-Provisioning-Updated"],
  title: ["Provisioning Probe", "Provisioning Probe Updated"],
  preferredlanguage: ["en-US", "de-DE"],
  locale: ["en-US", "de-DE"],
  timezone: ["America/Los_Angeles", "Europe/Berlin"],
  streetaddress: ["1 Probe Way", "2 Probe Way"],
  locality: ["Redmond", "Seattle"],
  region: ["WA", "OR"],
  postalcode: ["98052", "98101"],
  country: ["US", "CA"],
  usertype: ["Member", "Guest"],
  nickname: ["probe", "probe-updated"],
};

/** A plausible value for one target; variant 1 is the value a later update sends. */
export function plausibleValue(kind: "users" | "groups", target: string, name: string, variant: 0 | 1): unknown {
  const { attribute, filter, sub } = segments(target);
  const attr = attribute.toLowerCase();
  const leaf = (sub ?? attribute).toLowerCase();
  const type = filter?.value.toLowerCase() ?? "";
  const v2 = variant === 1 ? "-updated" : "";
  if (attr === "active") return true;
  if (attr === "username") return `${name}${variant === 1 ? "-renamed" : ""}@example.com`;
  if (attr === "externalid") return kind === "groups" ? randomUUID() : `${name}${v2}`;
  if (attr === "displayname") return `${name}${v2}`;
  if (leaf === "primary") return true;
  if (attr === "emails" && (leaf === "value" || leaf === "display")) return `${name}${type ? `.${type}` : ""}${v2}@example.com`;
  if (attr === "phonenumbers" && (leaf === "value" || leaf === "display")) {
    // 555-01xx numbers are reserved for fiction in the North American numbering plan.
    const index = ["work", "mobile", "fax", "home", "pager", "other"].indexOf(type);
    return `+1 425 555 01${String(Math.max(index, 0) * 2 + variant).padStart(2, "0")}`;
  }
  if (attr === "addresses" && leaf === "formatted") return variant === 0 ? "1 Probe Way, Redmond, WA 98052, US" : "2 Probe Way, Seattle, OR 98101, CA";
  if (attr === "profileurl" || leaf === "$ref") return `https://example.com/${name}${v2}`;
  if (UPDATED[leaf]) return UPDATED[leaf][variant];
  if (leaf === "employeenumber" || /number$/.test(leaf)) return String(parseInt(name.slice(-6), 36) % 100_000_000 + variant).padStart(8, "0");
  if (/date|time/.test(leaf)) return variant === 0 ? "2026-01-01T00:00:00Z" : "2026-02-01T00:00:00Z";
  if (/^(is|has)[a-z]|enabled$/.test(leaf)) return variant === 0;
  if (sub === undefined && filter === undefined && ["roles", "entitlements", "groups", "x509certificates", "ims", "photos"].includes(attr)) {
    return [{ value: `${name}${v2}` }];
  }
  // Department, cost center, organization, division, custom extension strings.
  return `${name}${v2}`;
}

/** An own property (never one inherited from Object.prototype, such as `constructor`). */
const own = (o: Record<string, unknown>, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

/** Sets a target's value inside a SCIM resource, creating objects, lists and schema URNs on the way. */
export function setTarget(resource: Record<string, unknown>, target: string, value: unknown): void {
  const { schema, attribute, filter, sub } = segments(target);
  let holder = resource;
  if (schema !== undefined && schema.toLowerCase() !== CORE_USER.toLowerCase() && schema.toLowerCase() !== CORE_GROUP.toLowerCase()) {
    const schemas = resource.schemas as string[];
    if (!schemas.includes(schema)) schemas.push(schema);
    holder = (own(resource, schema) ?? (resource[schema] = {})) as Record<string, unknown>;
  }
  if (filter !== undefined) {
    const existing = own(holder, attribute);
    const list = (Array.isArray(existing) ? existing : (holder[attribute] = [])) as Array<Record<string, unknown>>;
    let item = list.find((i) => String(own(i, filter.attribute)).toLowerCase() === filter.value.toLowerCase());
    if (item === undefined) list.push((item = { [filter.attribute]: filter.value }));
    item[sub ?? "value"] = value;
  } else if (sub !== undefined) {
    const existing = own(holder, attribute);
    const child = (existing !== null && typeof existing === "object" ? existing : (holder[attribute] = {})) as Record<string, unknown>;
    child[sub] = value;
  } else {
    holder[attribute] = value;
  }
}

const getCI = (o: unknown, key: string): unknown => {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return undefined;
  const hit = Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
  return hit === undefined ? undefined : (o as Record<string, unknown>)[hit];
};

/** Reads a target's value from a SCIM resource the app returned (attribute names in any case). */
export function readTarget(resource: unknown, target: string): unknown {
  const { schema, attribute, filter, sub } = segments(target);
  let holder: unknown = resource;
  if (schema !== undefined && schema.toLowerCase() !== CORE_USER.toLowerCase() && schema.toLowerCase() !== CORE_GROUP.toLowerCase()) holder = getCI(resource, schema);
  const value = getCI(holder, attribute);
  if (filter !== undefined) {
    if (!Array.isArray(value)) return undefined;
    const item = value.find((i) => String(getCI(i, filter.attribute)).toLowerCase() === filter.value.toLowerCase());
    return getCI(item, sub ?? "value");
  }
  return sub !== undefined ? getCI(value, sub) : value;
}

/** Builds a probe object of one kind from the app's mappings. */
export function buildProbe(
  kind: "users" | "groups",
  mapping: DeclaredObjectMapping,
  mappingMode: string,
  name: string,
  /** Whether the app lists a target (its /Schemas); undefined keeps every default target. */
  known?: (kind: "users" | "groups", target: string) => boolean,
): ProbeObject {
  const attributes: ProbeAttribute[] = [];
  const leftOut: string[] = [];
  let managerTarget: string | undefined;
  for (const m of probeTargets(kind, mapping.mappings, mappingMode)) {
    if (!m.declared && known !== undefined && !known(kind, m.target) && m.target.toLowerCase() !== mapping.matchingAttribute.toLowerCase()) {
      leftOut.push(m.target);
      continue;
    }
    if (isReference(kind, m.target)) {
      if (kind === "users") managerTarget = m.target;
      continue;
    }
    const constant = constantOf(m);
    const value = constant ?? plausibleValue(kind, m.target, name, 0);
    // Entra sends a constant unchanged and an onCreateOnly value only on create; `active` has its own test.
    const updated = plausibleValue(kind, m.target, name, 1);
    const updatable =
      constant === undefined &&
      m.apply !== "onCreateOnly" &&
      segments(m.target).attribute.toLowerCase() !== "active" &&
      typeof value !== "object" &&
      updated !== value;
    attributes.push({ target: m.target, value, declared: m.declared, ...(updatable ? { updated } : {}) });
  }
  // Entra always sends the matching attribute; make sure the probe has it even if nothing maps it.
  if (!attributes.some((a) => a.target.toLowerCase() === mapping.matchingAttribute.toLowerCase())) {
    attributes.unshift({ target: mapping.matchingAttribute, value: plausibleValue(kind, mapping.matchingAttribute, name, 0), declared: false });
  }
  const resource: Record<string, unknown> = { schemas: [kind === "users" ? CORE_USER : CORE_GROUP] };
  for (const a of attributes) setTarget(resource, a.target, a.value);
  const matching = attributes.find((a) => a.target.toLowerCase() === mapping.matchingAttribute.toLowerCase());
  return {
    kind,
    leftOut,
    name,
    attributes,
    ...(managerTarget !== undefined ? { managerTarget } : {}),
    matchingAttribute: mapping.matchingAttribute,
    matchingValue: String(matching?.value),
    resource,
  };
}
