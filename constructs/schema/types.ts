/** One attribute mapping as the portal's "Edit Attribute" dialog shows it. */
export interface AttributeMapping {
  /** Target attribute in the app's SCIM schema, e.g. `userName`, `emails[type eq "work"].value`. */
  readonly target: string;
  /**
   * Source expression exactly as the portal's expression builder shows it: `[mail]` for an
   * attribute, `"Sales"` for a constant, `Join(" ", [givenName], [surname])` for a function.
   * @default - none: a constant default (`defaultValue` alone)
   */
  readonly source?: string;
  /**
   * Matching precedence, 1 = first ("Match objects using this attribute").
   * @default - not used for matching
   */
  readonly matching?: number;
  /**
   * "Apply this mapping": always, or only during object creation.
   * @default "always"
   */
  readonly apply?: "always" | "onCreateOnly";
  /**
   * Used when the source is null; alone, it is a constant default.
   * @default - none
   */
  readonly defaultValue?: string;
  /**
   * Merge mode only: remove the app's own (template) mapping with this target. The plan fails when
   * the app's live schema has no mapping with this target.
   * @default false
   */
  readonly remove?: boolean;
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
