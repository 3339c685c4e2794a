/**
 * zod shapes of everything the import reads: Graph responses (graph-sync.md sections 1, 2, 6;
 * Microsoft Graph v1.0 servicePrincipal, application, appRoleAssignment, applicationTemplate) and
 * the schema files of offline mode. Objects are loose (unknown keys kept): the schema diff compares
 * whole objects, so a key Graph adds later is seen as a difference instead of being dropped.
 */
import { z } from "zod";

/** Nesting deeper than this is refused before zod walks it (its recursion would exhaust the stack). */
export const MAX_JSON_DEPTH = 64;

/** Graph's attributeMappingSource; `type` defaults to Attribute (graph-sync.md section 1). */
export interface GraphSourceIn {
  readonly expression?: string | null;
  readonly name?: string | null;
  readonly parameters?: ReadonlyArray<{ readonly key: string; readonly value: GraphSourceIn }> | null;
  readonly type?: "Attribute" | "Constant" | "Function" | null;
}

export const SourceSchema: z.ZodType<GraphSourceIn> = z.lazy(() =>
  z.looseObject({
    expression: z.string().nullish(),
    name: z.string().nullish(),
    parameters: z.array(z.looseObject({ key: z.string(), value: SourceSchema })).nullish(),
    type: z.enum(["Attribute", "Constant", "Function"]).nullish(),
  }),
);

export const AttributeMappingSchema = z.looseObject({
  targetAttributeName: z.string().min(1),
  source: SourceSchema.nullish(),
  defaultValue: z.string().nullish(),
  matchingPriority: z.number().int().nullish(),
  flowType: z.string().nullish(),
  flowBehavior: z.string().nullish(),
  exportMissingReferences: z.boolean().nullish(),
});
export type GraphAttributeMapping = z.infer<typeof AttributeMappingSchema>;

export const ClauseSchema = z.looseObject({
  operatorName: z.string().min(1),
  sourceOperandName: z.string().min(1),
  targetOperand: z.looseObject({ values: z.array(z.string()).nullish() }).nullish(),
});
export type GraphClause = z.infer<typeof ClauseSchema>;

export const FilterGroupSchema = z.looseObject({ name: z.string(), clauses: z.array(ClauseSchema).nullish() });
export type GraphFilterGroup = z.infer<typeof FilterGroupSchema>;

export const FilterSchema = z.looseObject({
  groups: z.array(FilterGroupSchema).nullish(),
  categoryFilterGroups: z.array(z.unknown()).nullish(),
  inputFilterGroups: z.array(z.unknown()).nullish(),
});

export const ObjectMappingSchema = z.looseObject({
  sourceObjectName: z.string().min(1),
  targetObjectName: z.string().min(1),
  name: z.string().nullish(),
  enabled: z.boolean().nullish(),
  attributeMappings: z.array(AttributeMappingSchema).nullish(),
  scope: FilterSchema.nullish(),
});
export type GraphObjectMapping = z.infer<typeof ObjectMappingSchema>;

export const RuleSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  sourceDirectoryName: z.string().nullish(),
  targetDirectoryName: z.string().nullish(),
  priority: z.number().nullish(),
  objectMappings: z.array(ObjectMappingSchema).nullish(),
});
export type GraphRule = z.infer<typeof RuleSchema>;

const DirectorySchema = z.looseObject({
  name: z.string(),
  objects: z.array(z.looseObject({ name: z.string(), attributes: z.array(z.looseObject({ name: z.string() })).nullish() })).nullish(),
});
export type GraphDirectory = z.infer<typeof DirectorySchema>;

/** A synchronizationSchema as `GET .../schema` returns it and the portal's schema editor downloads it. */
export const SchemaDocumentSchema = z.looseObject({
  synchronizationRules: z.array(RuleSchema),
  directories: z.array(DirectorySchema).nullish(),
});

/** What the import needs of a schema: its rules, and its directories when the document has them. */
export interface JobSchemaDocument {
  readonly rules: GraphRule[];
  readonly directories?: GraphDirectory[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = z.string().regex(GUID, "is not a GUID; expected an object id");

export const AppRoleSchema = z.looseObject({
  id: guid,
  displayName: z.string().nullish(),
  value: z.string().nullish(),
  isEnabled: z.boolean().nullish(),
});

export const ServicePrincipalSchema = z.looseObject({
  id: guid,
  appId: guid,
  displayName: z.string().nullish(),
  applicationTemplateId: z.string().nullish(),
  appRoles: z.array(AppRoleSchema).nullish(),
});
export type GraphServicePrincipal = z.infer<typeof ServicePrincipalSchema>;

export const ApplicationSchema = z.looseObject({ id: guid, appId: guid.nullish(), displayName: z.string().nullish() });

export const ApplicationTemplateSchema = z.looseObject({ id: z.string(), displayName: z.string().nullish() });

export const AppRoleAssignmentSchema = z.looseObject({
  // Assignment ids are not GUIDs (base64url text, azuread's import example shows one).
  id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "is not an app role assignment id; expected base64url text"),
  appRoleId: guid,
  principalId: guid,
  principalType: z.string().nullish(),
  principalDisplayName: z.string().nullish(),
});
export type GraphAppRoleAssignment = z.infer<typeof AppRoleAssignmentSchema>;

export const SynchronizationJobSchema = z.looseObject({
  // `scim.<hex>.<guid>`, `dataBricks.<hex>.<guid>` (azuread docs): an identifier, never a path.
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, "is not a synchronization job id; expected letters, digits and dots"),
  templateId: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, "is not a synchronization template id"),
  schedule: z.looseObject({ state: z.string().nullish() }).nullish(),
});
export type GraphSynchronizationJob = z.infer<typeof SynchronizationJobSchema>;

/** One page of a Graph collection. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({ value: z.array(item), "@odata.nextLink": z.string().nullish() });
}

/** How deep a JSON value nests, without recursion (so a hostile document cannot overflow the stack). */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== "object") continue;
    max = Math.max(max, d);
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** The first zod issue as `path: message`, one line. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
  return `${path || "(document)"}: ${issue.message}`;
}
