/**
 * The job schema: declared attribute mappings and scoping filters, resolved against the
 * connector's defaults and written to Graph with one PUT on `<job>/schema`.
 *
 * Graph only accepts the schema as a whole document by PUT (PATCH 404s). msgraph_update_resource
 * with update_method PUT first GETs the schema, deep-merges our body into it and PUTs the whole
 * document back, so the rule id, directories and metadata Entra put there are kept.
 */
import type { Construct } from "constructs";
import type { ObjectMapping } from "../manifest/schema";
import type { Connector } from "./connectors";
import type { Problem } from "./errors";
import type { ProvisioningJob } from "./job";
import { MsgraphUpdateResource } from "./msgraph";
import {
  type AttributeMapping,
  type ScopingFilter,
  DEFAULT_GROUP_MAPPINGS,
  DEFAULT_USER_MAPPINGS,
  isKnownTarget,
  resolveObjectSchema,
  toGraphSchemaBody,
} from "./schema";

export type { AttributeMapping, ScopingFilter };

export interface DeclaredSchema {
  readonly userMappings?: readonly AttributeMapping[];
  readonly groupMappings?: readonly AttributeMapping[];
  readonly mappingMode: "merge" | "replace";
  readonly userScope?: readonly ScopingFilter[];
  readonly groupScope?: readonly ScopingFilter[];
  /** Whether the groups object mapping is enabled (portal: Provision groups, Enabled). @default true */
  readonly provisionGroups?: boolean;
}

export interface ResolvedJobSchema {
  /** Whether any declared text holds `${` or `%{`, which Terraform would read as a template. */
  readonly needsEscaping: boolean;
  readonly problems: Problem[];
  readonly users: ObjectMapping;
  readonly groups: ObjectMapping | null;
  /** The body for msgraph_update_resource. */
  readonly body: Record<string, unknown>;
}

/** Resolves declared mappings and filters over the connector's defaults, with every guardrail. */
export function resolveJobSchema(connector: Connector, declared: DeclaredSchema): ResolvedJobSchema {
  const extra = connector.extraTargets ?? [];
  const removed = new Set((connector.removedUserDefaults ?? []).map((r) => r.target));

  const users = resolveObjectSchema({
    kind: "users",
    defaults: DEFAULT_USER_MAPPINGS.filter((m) => !removed.has(m.target)),
    declared: declared.userMappings,
    mode: declared.mappingMode,
    scope: declared.userScope,
    requiredClauses: (connector.requiredUserClauses ?? []).map((c) => ({
      attribute: c.attribute,
      operator: c.operator,
      values: [...c.values],
    })),
    knownTargets: (target) => isKnownTarget("users", target, extra),
    schemaName: `${connector.galleryName}'s SCIM User schema`,
    mappingsField: "userMappings",
    scopeField: "userScope",
  });

  // Groups are provisioned when the connector can and the app has not turned them off.
  const provisionsGroups = connector.objects.includes("groups") && declared.provisionGroups !== false;
  const groups = resolveObjectSchema({
    kind: "groups",
    defaults: DEFAULT_GROUP_MAPPINGS,
    declared: provisionsGroups ? declared.groupMappings : undefined,
    mode: declared.mappingMode,
    scope: provisionsGroups ? declared.groupScope : undefined,
    knownTargets: (target) => isKnownTarget("groups", target, extra),
    schemaName: `${connector.galleryName}'s SCIM Group schema`,
    mappingsField: "groupMappings",
    scopeField: "groupScope",
  });

  const problems = [...users.problems, ...(provisionsGroups ? groups.problems : [])];
  const texts = [users.resolved, groups.resolved].flatMap((o) => [
    ...o.mappings.flatMap((m) => [m.source ?? "", m.defaultValue ?? ""]),
    ...o.scope.flatMap((g) => [g.name, ...g.all.flatMap((c) => [c.attribute, ...c.values])]),
  ]);
  return {
    needsEscaping: texts.some((t) => t.includes("${") || t.includes("%{")),
    problems,
    users: users.resolved,
    groups: provisionsGroups ? groups.resolved : null,
    // Groups are always sent (disabled for users-only connectors and for provisionGroups: false)
    // so the PUT body has the same shape for every app and an index-merge never pairs our users mapping with Entra's groups one.
    // The body is only built from valid mappings (the app throws on any problem first).
    body: problems.length > 0 ? {} : toGraphSchemaBody(users.resolved, groups.resolved, { groupsEnabled: provisionsGroups }),
  };
}

export interface JobSchemaProps {
  readonly job: ProvisioningJob;
  readonly body: Record<string, unknown>;
  /** Escape Terraform template markers in the body (see escapeTemplates). @default true */
  readonly escape?: boolean;
}

/** msgraph_update_resource PUT `<job>/schema` with the declared object mappings. */
export class JobSchema extends MsgraphUpdateResource {
  constructor(scope: Construct, id: string, props: JobSchemaProps) {
    super(scope, id, {
      url: `${props.job.path}/schema`,
      updateMethod: "PUT",
      body: props.escape === false ? props.body : escapeTemplates(props.body),
    });
  }
}

/**
 * Terraform reads `${` and `%{` in any JSON string as template syntax; an expression such as
 * Replace(..., "${phoneNumber}", ...) must reach Graph literally, so they are doubled ($${, %%{).
 */
export function escapeTemplates<T>(value: T): T {
  if (typeof value === "string") {
    return (value.includes("${") || value.includes("%{") ? value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{") : value) as T;
  }
  // Objects are only copied where something inside changed, so shared parts stay shared.
  if (Array.isArray(value)) {
    const items = value.map(escapeTemplates);
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    const escaped = entries.map(([k, v]) => [k, escapeTemplates(v)] as const);
    return (escaped.some(([, v], i) => v !== entries[i][1]) ? Object.fromEntries(escaped) : value) as T;
  }
  return value;
}
