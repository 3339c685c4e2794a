/**
 * The provisioning manifest: a secret-free description of every app in one synthesized stack,
 * written at synth to cdktf.out/stacks/<stack>/provisioning.json.
 *
 * It is the seam between synthesis and the tools (verify, review, drift): they read this file,
 * never the Terraform JSON, to learn what an app is. It must never hold a token value: it names
 * the Terraform variable (and so the TF_VAR_ environment variable) that carries the token.
 *
 * Every string has the length cap synth applies to the prop it comes from (constructs/limits.ts,
 * imported rather than copied, and free of cdktf so the CLIs do not load it), so a manifest synth
 * wrote always reads, and a tampered one with a huge string is one line, not a RangeError in a
 * report.
 * Lists are unique where the tools look entries up (app ids, mapping targets, filter names), as
 * synth guarantees, so a duplicate cannot hide one entry behind another in a review diff.
 */
import { z } from "zod";
import { MAX_EMAIL_LENGTH, MAX_EXPRESSION_LENGTH, MAX_NAME_LENGTH, MAX_UPN_LENGTH, MAX_URL_LENGTH, MAX_VALUE_LENGTH } from "../constructs/limits";

export const MANIFEST_FILE = "provisioning.json";
export const MANIFEST_VERSION = 1;

/**
 * Names synth derives rather than takes as written: token variable names (`<stack>_<id>_secret_token`)
 * and Terraform addresses (`data.<type>.<logical id>`, cdktf caps a logical id at 255). Synth does
 * not cap stack and app ids; names longer than this are not ones synth writes in practice.
 */
export const MAX_DERIVED_NAME_LENGTH = MAX_VALUE_LENGTH;

const name = z.string().max(MAX_NAME_LENGTH);
const nonEmptyName = name.min(1);
const value = z.string().max(MAX_VALUE_LENGTH);

/** Index of the first entry equal to an earlier one, or -1 (a Set: lists can be long). */
function firstRepeat(keys: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    if (seen.has(keys[i])) return i;
    seen.add(keys[i]);
  }
  return -1;
}

export const ObjectKindSchema = z.enum(["users", "groups"]);
export type ObjectKind = z.infer<typeof ObjectKindSchema>;

/**
 * One attribute mapping as declared: target <- source. Only the fields a deploy writes are present
 * (with mappingMode "merge" that is what the mapping declares, and an absent field keeps the app's
 * own value; with "replace" synth writes every field).
 */
export const MappingEntrySchema = z.object({
  /** Target attribute in the app's SCIM schema, e.g. `userName` or `emails[type eq "work"].value`. */
  target: nonEmptyName,
  /**
   * Source expression as the portal's expression builder shows it (`[mail]`, `"Sales"`, `Join(...)`);
   * null: no source (a constant default); absent: the app's source stays.
   */
  source: z.string().max(MAX_EXPRESSION_LENGTH).nullable().optional(),
  /** Used when the source evaluates to null, or alone as a constant; absent: the app's stays. */
  defaultValue: value.optional(),
  /** Matching precedence (1 = first); false: not a matching attribute; absent: the app's precedence stays. */
  matching: z.union([z.number().int().positive(), z.literal(false)]).optional(),
  /** When the value flows: always, or only when the object is created; absent: the app's apply mode stays. */
  apply: z.enum(["always", "onCreateOnly"]).optional(),
});
export type MappingEntry = z.infer<typeof MappingEntrySchema>;

/** The value types of a Graph attributeDefinition. */
export const AttributeTypeSchema = z.enum(["String", "Integer", "Reference", "Binary", "Boolean", "DateTime"]);

/**
 * One attribute definition declared for the app's schema (its target directory), applied by name:
 * only the fields present are written; an absent field keeps the app's value (Graph's default for
 * a new attribute: String, single-valued, not required).
 */
export const TargetAttributeSchema = z.object({
  name: nonEmptyName,
  type: AttributeTypeSchema.optional(),
  multivalued: z.boolean().optional(),
  required: z.boolean().optional(),
});
export type TargetAttributeEntry = z.infer<typeof TargetAttributeSchema>;

/** One scoping-filter clause: `attribute operator values`. */
export const ScopeClauseSchema = z.object({
  attribute: nonEmptyName,
  operator: nonEmptyName,
  values: z.array(value),
});
/** One scoping filter: its clauses are AND-ed; the filters of an object are OR-ed. */
export const ScopeGroupSchema = z.object({
  name,
  all: z.array(ScopeClauseSchema),
});
export type ScopeGroup = z.infer<typeof ScopeGroupSchema>;

/**
 * What the user declared for one object type (users or groups). Only declarations: the app's
 * gallery template holds every other mapping and filter, and deploy applies these over the job's
 * live schema by name (attribute mappings by target, filters by name).
 */
export const ObjectMappingSchema = z
  .object({
    /** Declared target with matching precedence 1; null when matching is left to the app's template. */
    matchingAttribute: nonEmptyName.nullable(),
    /** Declared attribute mappings: each replaces the app's mapping with the same target, or is added. */
    mappings: z.array(MappingEntrySchema),
    /** Targets whose mappings are removed from the app's template mappings. */
    removed: z.array(nonEmptyName),
    /** Declared scoping filters (OR-ed), each replacing the app's filter with the same name, or added. */
    scope: z.array(ScopeGroupSchema),
    /** Names of the app's scoping filters that are removed. */
    removedScope: z.array(name),
    /** Clauses the connector AND-s into every filter (the app's and the declared ones), e.g. iPass domains. */
    requiredClauses: z.array(ScopeClauseSchema),
    /** Attribute definitions added to (or changed in) the app's schema for this object; absent in older manifests. */
    targetAttributes: z.array(TargetAttributeSchema).default([]),
  })
  .superRefine((o, ctx) => {
    // Synth: one entry per target (case-insensitive, declared or removed) and per filter name.
    const targets = [...o.mappings.map((m) => m.target), ...o.removed].map((t) => t.toLowerCase());
    const twice = firstRepeat(targets);
    if (twice >= 0) ctx.addIssue({ code: "custom", path: twice < o.mappings.length ? ["mappings", twice, "target"] : ["removed", twice - o.mappings.length], message: "names a target attribute a second time; expected one entry per target" });
    const filters = [...o.scope.map((g) => g.name), ...o.removedScope];
    const again = firstRepeat(filters);
    if (again >= 0) ctx.addIssue({ code: "custom", path: again < o.scope.length ? ["scope", again, "name"] : ["removedScope", again - o.scope.length], message: "names a scoping filter a second time; expected unique filter names" });
    const attribute = firstRepeat(o.targetAttributes.map((a) => a.name.toLowerCase()));
    if (attribute >= 0) ctx.addIssue({ code: "custom", path: ["targetAttributes", attribute, "name"], message: "names an attribute a second time; expected one entry per attribute" });
  });
export type ObjectMapping = z.infer<typeof ObjectMappingSchema>;

export const AssignmentEntrySchema = z.object({
  principalType: z.enum(["user", "group"]),
  /** UPN, group display name, or object id, as declared. */
  principal: nonEmptyName,
  role: nonEmptyName,
});

/** Terraform addresses (`type.name`) of the resources that make up one app, for drift reports. */
export const TerraformAddressesSchema = z.record(name, z.string().max(MAX_DERIVED_NAME_LENGTH));

export const AppManifestSchema = z.object({
  /** Construct id of the app: stable, and the prefix of its token variable. */
  id: nonEmptyName,
  displayName: nonEmptyName,
  connector: z.object({
    /** Catalog key, e.g. `ipassSmartConnect`, `genericScim`. */
    key: nonEmptyName,
    galleryName: nonEmptyName,
  }),
  /** The SCIM base address (BaseAddress), never secret. */
  tenantUrl: z
    .string()
    .max(MAX_URL_LENGTH)
    // Synth's rule (constructs/app.ts): the URL parser drops tabs and line breaks, so a URL that
    // holds them would be read as another URL than the one written.
    .refine((u) => !/[\s\u0000-\u001f\u007f-\u009f]/.test(u), { message: "contains whitespace or control characters; expected a plain https URL" })
    .url(),
  /** Terraform variable holding the token; null when the token comes from another reference (e.g. Key Vault). */
  tokenVariable: z.string().min(1).max(MAX_DERIVED_NAME_LENGTH).nullable(),
  /** Environment variable a CI job sets for Terraform and for `verify`: TF_VAR_<tokenVariable>. */
  tokenEnv: z.string().min(1).max(MAX_DERIVED_NAME_LENGTH).nullable(),
  objects: z.array(ObjectKindSchema).min(1),
  scope: z.enum(["assignedOnly", "allUsersAndGroups"]),
  provisioning: z.enum(["on", "off"]),
  notifications: z.object({ email: z.string().max(MAX_EMAIL_LENGTH), sendOnFailure: z.boolean() }).nullable(),
  accidentalDeletions: z.object({ threshold: z.number().int().positive() }).nullable(),
  assignments: z.array(AssignmentEntrySchema),
  /** "replace": the declared mappings are the whole list for an object that declares any. */
  mappingMode: z.enum(["merge", "replace"]),
  /** Whether deploy writes the job schema at all: false when nothing is declared (the template stays as Entra made it). */
  schemaDeclared: z.boolean(),
  users: ObjectMappingSchema,
  /** Null for a users-only connector and for provisionGroups: false (the groups object mapping is disabled). */
  groups: ObjectMappingSchema.nullable(),
  /** Subjects provisioned once on demand after the job is ready. */
  onDemand: z.object({ users: z.array(z.string().min(1).max(MAX_UPN_LENGTH)), groups: z.array(nonEmptyName) }).nullable(),
  /** The connector's limitations from its Microsoft tutorial, as sentences for reviewers (a few hundred characters each). */
  limitations: z.array(value),
  /**
   * Risky combinations synth warned about (allowed, but worth a reviewer's second look), one
   * sentence each; absent in older manifests.
   */
  warnings: z.array(value).default([]),
  terraform: TerraformAddressesSchema,
});
export type AppManifest = z.infer<typeof AppManifestSchema>;

export const ManifestSchema = z
  .object({
    version: z.literal(MANIFEST_VERSION),
    stack: nonEmptyName,
    tenantId: nonEmptyName,
    environment: nonEmptyName,
    apps: z.array(AppManifestSchema),
  })
  .superRefine((m, ctx) => {
    // Construct ids are unique in a stack; a second app with the same id would hide the first.
    const ids = m.apps.map((a) => a.id);
    const twice = firstRepeat(ids);
    if (twice >= 0) ctx.addIssue({ code: "custom", path: ["apps", twice, "id"], message: "is the id of an earlier app too; expected unique app ids in a stack" });
  });
export type Manifest = z.infer<typeof ManifestSchema>;
