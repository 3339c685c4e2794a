/**
 * One attribute mapping as the portal's "Edit Attribute" dialog shows it. In merge mode (the
 * default) a mapping changes only the fields it declares, as editing one field in the portal does:
 * for a target the app already maps, every field left out keeps the app's value (its template's,
 * or the portal's); for a target the app does not map, a field left out takes Entra's default.
 * With `mappingMode: "replace"` the declared mappings are the whole list, so a field left out takes
 * Entra's default.
 */
export interface AttributeMapping {
  /** Target attribute in the app's SCIM schema, e.g. `userName`, `emails[type eq "work"].value`. */
  readonly target: string;
  /**
   * Source expression exactly as the portal's expression builder shows it: `[mail]` for an
   * attribute, `"Sales"` for a constant, `Join(" ", [givenName], [surname])` for a function.
   * @default - the app's source stays; none for a target the app does not map (then `defaultValue`
   * alone is a constant default)
   */
  readonly source?: string;
  /**
   * Matching precedence ("Match objects using this attribute"): 1 = first, 2 = next, ...; `false`
   * says "not a matching attribute" (Graph's matchingPriority 0). The source may be an expression
   * (Microsoft: "The value in the target can be a function of the value in the source").
   * @default - the app's precedence stays; not a matching attribute for a target the app does not map
   */
  readonly matching?: number | false;
  /**
   * "Apply this mapping": always, or only during object creation.
   * @default - the app's apply mode stays; "always" for a target the app does not map
   */
  readonly apply?: "always" | "onCreateOnly";
  /**
   * Used when the source is null; alone on a target the app does not map, a constant default.
   * @default - the app's default value stays; none for a target the app does not map
   */
  readonly defaultValue?: string;
  /**
   * Merge mode only: remove the app's own (template) mapping with this target. The plan fails when
   * the app's live schema has no mapping with this target.
   * @default false
   */
  readonly remove?: boolean;
}

/** The value types of an attribute definition (Graph attributeDefinition `type`; portal: Edit attribute list > Type). */
export const ATTRIBUTE_TYPES = ["String", "Integer", "Reference", "Binary", "Boolean", "DateTime"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * One attribute of the app's own schema (portal: Show advanced options > Edit attribute list for
 * <app>), added to the target directory of the job schema, or changed there, by name. Like a
 * mapping it changes only what it declares: an attribute the app's schema already lists keeps every
 * field left out; a new one takes Graph's defaults.
 */
export interface TargetAttribute {
  /**
   * The attribute's name as the app's schema spells it, e.g.
   * `urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge` (Microsoft's pattern for a SCIM
   * app's custom attribute) or `roles`. Compared case-insensitively, as SCIM names are.
   */
  readonly name: string;
  /** @default - the app's type stays; "String" for a new attribute */
  readonly type?: AttributeType;
  /** Whether it holds several values. @default - the app's setting stays; false for a new attribute */
  readonly multivalued?: boolean;
  /** Whether the app requires it on create. @default - the app's setting stays; false for a new attribute */
  readonly required?: boolean;
}

/** Attributes added to the app's schema, per object. */
export interface TargetAttributes {
  readonly users?: readonly TargetAttribute[];
  readonly groups?: readonly TargetAttribute[];
}

/** One clause of a scoping filter: `attribute operator values`. */
export interface ScopeClause {
  readonly attribute: string;
  /** An operator as Graph spells it, e.g. "EQUALS", "IS NOT NULL", "REGEX MATCH". */
  readonly operator: string;
  /** One value for binary operators, none for unary ones. */
  readonly values?: readonly string[];
}

/**
 * One portal "scoping filter": its clauses are AND-ed; a list of filters is OR-ed. Filters are
 * applied by name over the app's own: a declared filter replaces the app's filter of the same
 * name (or is added); the app's other filters are kept.
 */
export interface ScopingFilter {
  /** @default - "Scope <n>" (n = position in the list, from 1); give a name to replace an existing filter */
  readonly name?: string;
  /** The clauses, AND-ed. Required unless `remove` is set. */
  readonly all?: readonly ScopeClause[];
  /**
   * Remove the app's filter with this `name` (the plan fails when there is none).
   * @default false
   */
  readonly remove?: boolean;
}
