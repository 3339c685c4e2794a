/**
 * The shapes the expression language works on: Entra-side source records, evaluated values, and
 * the Graph synchronization-schema pieces (scoping filters, object mappings) it evaluates.
 * Nothing here depends on cdktf or on constructs/: the sandbox imports this folder.
 */

/** One app role assignment of the object to this app, as the role functions read it. */
export interface AppRoleAssignmentSource {
  /** The app role's `value` (what SingleAppRoleAssignment returns). */
  readonly value: string;
  /** The app role's `displayName` (the SCIM role's `display`). Defaults to `value`. */
  readonly displayName?: string;
  /** The appRoleAssignment's id. */
  readonly id?: string;
}

/**
 * A source attribute value as Entra reads it: a string, a boolean (accountEnabled, IsSoftDeleted),
 * a number, a multi-valued attribute (proxyAddresses, otherMails), or the object's app role
 * assignments. null or undefined (or an absent key) = no value.
 */
export type SourceValue = string | boolean | number | null | undefined | readonly string[] | readonly AppRoleAssignmentSource[];

/**
 * The Entra side of one user or group, keyed by Entra's source attribute names as mappings and
 * scoping filters write them (`userPrincipalName`, `mail`, `objectId`, `extensionAttribute1`,
 * `accountEnabled`, `IsSoftDeleted`, `manager`, ...). Build one from a Graph object with
 * entraSourceFromGraphUser / entraSourceFromGraphGroup. Lookups are case-sensitive first, then
 * case-insensitive (UNCONFIRMED: Entra's attribute names are case-insensitive in the portal).
 */
export type SourceRecord = { readonly [attribute: string]: SourceValue };

/** A SCIM complex value (one entry of `roles` from AppRoleAssignmentsComplex). */
export type ComplexValue = { readonly [key: string]: string | boolean };

/**
 * What an expression yields. null = no value: Entra does not send the attribute. Multi-valued
 * results (Split, RemoveDuplicates, a multi-valued attribute) are string arrays; the role function
 * AppRoleAssignmentsComplex yields SCIM complex values.
 */
export type EvalValue = string | boolean | number | null | string[] | ComplexValue[];

export interface EvaluateOptions {
  /** The clock Now() and date functions read. @default new Date() */
  readonly now?: Date;
  /** Random numbers in [0, 1) for Guid() and RandomString(). @default crypto-strength randomness */
  readonly random?: () => number;
  /**
   * Whether SelectUniqueValue's candidate is free in the target directory.
   * @default - not checked: SelectUniqueValue returns its first rule's value
   */
  readonly isUnique?: (value: string) => boolean;
}

/** Graph filterClause: `sourceOperandName operatorName targetOperand.values`. */
export interface FilterClause {
  readonly sourceOperandName: string;
  /** A filterOperatorType name as the job schema stores it: "EQUALS", "IS NOT NULL", "REGEX MATCH", ... */
  readonly operatorName: string;
  /** Absent or `{ values: [] }` for unary operators (UNCONFIRMED which one Graph stores). */
  readonly targetOperand?: { readonly values?: readonly string[] | null } | null;
}

/** Graph filterGroup: the clauses are AND-ed. */
export interface FilterGroup {
  readonly name: string;
  readonly clauses: readonly FilterClause[];
}

/** The verdict of a scoping filter on one object. */
export interface ScopeResult {
  readonly inScope: boolean;
  /** The name of the first group whose clauses all hold (absent when no filter is declared). */
  readonly group?: string;
  /** Why the object is out of scope: each group and its first failing clause. */
  readonly reason?: string;
}

/** Graph attributeMappingSource. */
export interface AttributeMappingSource {
  /** @default "Attribute" */
  readonly type?: "Attribute" | "Constant" | "Function" | null;
  readonly name?: string | null;
  /** The equivalent expression text; when present, it is what mapObject evaluates. */
  readonly expression?: string | null;
  readonly parameters?: ReadonlyArray<{ readonly key: string; readonly value: AttributeMappingSource }> | null;
}

/** Graph attributeMapping. */
export interface AttributeMappingInput {
  readonly targetAttributeName: string;
  readonly source?: AttributeMappingSource | null;
  readonly defaultValue?: string | null;
  /** Always (default), ObjectAddOnly, MultiValueAddOnly, ValueAddOnly, AttributeAddOnly. */
  readonly flowType?: string | null;
  /** FlowWhenChanged (default) or FlowAlways. */
  readonly flowBehavior?: string | null;
  readonly matchingPriority?: number | null;
}

/** Graph objectMapping (the parts mapObject reads). */
export interface ObjectMappingInput {
  readonly attributeMappings: readonly AttributeMappingInput[];
  readonly enabled?: boolean;
  readonly name?: string;
  readonly sourceObjectName?: string;
  readonly targetObjectName?: string;
  readonly scope?: { readonly groups?: readonly FilterGroup[] | null } | null;
}

/** Graph attributeDefinition (the parts mapObject reads): the target app's attribute list. */
export interface TargetAttributeDefinition {
  readonly name: string;
  /** String, Boolean, Integer, DateTime, Reference, Binary. */
  readonly type?: string | null;
  readonly multivalued?: boolean | null;
}

export interface MapOptions extends EvaluateOptions {
  /**
   * Whether the object is being created in the target app or updated: ObjectAddOnly and
   * AttributeAddOnly mappings flow only on creation, and so does a default value
   * (customize-application-attributes.md: "This value is only provisioned when a user is created").
   * @default "create"
   */
  readonly operation?: "create" | "update";
  /**
   * The target object's attribute definitions (the job schema's target directory): values are
   * converted to each attribute's type ("True" to true for a Boolean). @default - values as evaluated
   */
  readonly targetAttributes?: readonly TargetAttributeDefinition[];
  /**
   * Makes Guid() and RandomString() reproducible: each attribute's random numbers are seeded by
   * this text and the attribute's name (preview seeds with the object's id).
   * @default - `random`, or real randomness
   */
  readonly seed?: string;
}

/** One mapping that could not be evaluated for this object (Entra logs the object as failed). */
export interface MappingError {
  readonly attribute: string;
  readonly message: string;
}

/** The attributes the target app receives: only those with a value. */
export interface MappedObject {
  readonly attributes: Record<string, Exclude<EvalValue, null>>;
  /** Mappings that failed to evaluate; absent when all evaluated. */
  readonly errors?: readonly MappingError[];
}

/** A Graph user as `GET /users` returns it (with $select / $expand for the properties used). */
export interface GraphUser {
  readonly id: string;
  readonly userPrincipalName?: string | null;
  readonly [property: string]: unknown;
}

/** A Graph group as `GET /groups` returns it. */
export interface GraphGroup {
  readonly id: string;
  readonly displayName?: string | null;
  readonly [property: string]: unknown;
}
