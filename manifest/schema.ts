/**
 * The provisioning manifest: a secret-free description of every app in one synthesized stack,
 * written at synth to cdktf.out/stacks/<stack>/provisioning.json.
 *
 * It is the seam between synthesis and the tools (verify, review, drift): they read this file,
 * never the Terraform JSON, to learn what an app is. It must never hold a token value: it names
 * the Terraform variable (and so the TF_VAR_ environment variable) that carries the token.
 *
 * This file is pure zod so the CLI can load it without cdktf.
 */
import { z } from "zod";

export const MANIFEST_FILE = "provisioning.json";
export const MANIFEST_VERSION = 1;

export const ObjectKindSchema = z.enum(["users", "groups"]);
export type ObjectKind = z.infer<typeof ObjectKindSchema>;

/** One attribute mapping as the portal shows it: target <- source. */
export const MappingEntrySchema = z.object({
  /** Target attribute in the app's SCIM schema, e.g. `userName` or `emails[type eq "work"].value`. */
  target: z.string().min(1),
  /** Source expression as the portal's expression builder shows it (`[mail]`, `"Sales"`, `Join(...)`); null for a constant default. */
  source: z.string().nullable(),
  /** Used when the source evaluates to null, or alone as a constant. */
  defaultValue: z.string().optional(),
  /** Matching precedence (1 = first); absent when the attribute is not used for matching. */
  matching: z.number().int().positive().optional(),
  /** When the value flows: always, or only when the object is created. */
  apply: z.enum(["always", "onCreateOnly"]),
});
export type MappingEntry = z.infer<typeof MappingEntrySchema>;

/** One scoping-filter clause: `attribute operator values`. */
export const ScopeClauseSchema = z.object({
  attribute: z.string().min(1),
  operator: z.string().min(1),
  values: z.array(z.string()),
});
/** One scoping filter: its clauses are AND-ed; the filters of an object are OR-ed. */
export const ScopeGroupSchema = z.object({
  name: z.string(),
  all: z.array(ScopeClauseSchema),
});
export type ScopeGroup = z.infer<typeof ScopeGroupSchema>;

/**
 * What the user declared for one object type (users or groups). Only declarations: the app's
 * gallery template holds every other mapping and filter, and deploy applies these over the job's
 * live schema by name (attribute mappings by target, filters by name).
 */
export const ObjectMappingSchema = z.object({
  /** Declared target with matching precedence 1; null when matching is left to the app's template. */
  matchingAttribute: z.string().min(1).nullable(),
  /** Declared attribute mappings: each replaces the app's mapping with the same target, or is added. */
  mappings: z.array(MappingEntrySchema),
  /** Targets whose mappings are removed from the app's template mappings. */
  removed: z.array(z.string()),
  /** Declared scoping filters (OR-ed), each replacing the app's filter with the same name, or added. */
  scope: z.array(ScopeGroupSchema),
  /** Names of the app's scoping filters that are removed. */
  removedScope: z.array(z.string()),
  /** Clauses the connector AND-s into every filter (the app's and the declared ones), e.g. iPass domains. */
  requiredClauses: z.array(ScopeClauseSchema),
});
export type ObjectMapping = z.infer<typeof ObjectMappingSchema>;

export const AssignmentEntrySchema = z.object({
  principalType: z.enum(["user", "group"]),
  /** UPN, group display name, or object id, as declared. */
  principal: z.string().min(1),
  role: z.string().min(1),
});

/** Terraform addresses (`type.name`) of the resources that make up one app, for drift reports. */
export const TerraformAddressesSchema = z.record(z.string(), z.string());

export const AppManifestSchema = z.object({
  /** Construct id of the app: stable, and the prefix of its token variable. */
  id: z.string().min(1),
  displayName: z.string().min(1),
  connector: z.object({
    /** Catalog key, e.g. `ipassSmartConnect`, `genericScim`. */
    key: z.string().min(1),
    galleryName: z.string().min(1),
  }),
  /** The SCIM base address (BaseAddress), never secret. */
  tenantUrl: z.string().url(),
  /** Terraform variable holding the token; null when the token comes from another reference (e.g. Key Vault). */
  tokenVariable: z.string().nullable(),
  /** Environment variable a CI job sets for Terraform and for `verify`: TF_VAR_<tokenVariable>. */
  tokenEnv: z.string().nullable(),
  objects: z.array(ObjectKindSchema).min(1),
  scope: z.enum(["assignedOnly", "allUsersAndGroups"]),
  provisioning: z.enum(["on", "off"]),
  notifications: z.object({ email: z.string(), sendOnFailure: z.boolean() }).nullable(),
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
  onDemand: z.object({ users: z.array(z.string()), groups: z.array(z.string()) }).nullable(),
  /** The connector's limitations from its seed, as sentences for reviewers. */
  limitations: z.array(z.string()),
  terraform: TerraformAddressesSchema,
});
export type AppManifest = z.infer<typeof AppManifestSchema>;

export const ManifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  stack: z.string().min(1),
  tenantId: z.string().min(1),
  environment: z.string().min(1),
  apps: z.array(AppManifestSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;
