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
  /** Merge mode only: drop the connector's default mapping with this target. */
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

/** One portal "scoping filter": its clauses are AND-ed; a list of filters is OR-ed. */
export interface ScopingFilter {
  /** @default - "Scope <n>" */
  readonly name?: string;
  readonly all: readonly ScopeClause[];
}
