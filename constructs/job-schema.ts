/**
 * The job schema: declared attribute mappings and scoping filters, applied BY NAME over the job's
 * live schema at deploy time (see schema/live-merge.ts for why, and how).
 *
 * Nothing declared, nothing written: the template schema Entra created with the job stays exactly
 * as it is (the portal does the same until someone edits a mapping). When something is declared:
 *
 *   data msgraph_resource (GET <job>/schema)          the live schema, read on every plan
 *     └─► local <app>_rules                           live rules with the declarations applied by name
 *     └─► local <app>_problems                        what only the live schema can tell (precondition)
 *           └─► msgraph_update_resource PUT <job>/schema   body = { synchronizationRules = local.<app>_rules }
 *
 * Graph only accepts the schema as a whole document by PUT (PATCH 404s). msgraph_update_resource
 * with update_method PUT GETs the schema, merges our body into it and PUTs the whole document:
 * `directories`, `id` and `version` come from that GET; the rules are ours, complete. When
 * attribute definitions are declared (targetAttributes), the data source also exports the live
 * `directories`, a local merges the declared definitions into them by name, and the body carries
 * that whole list too (built the same way as the rules, for the same reason).
 */
import { TerraformElement, TerraformLocal, TerraformStack } from "cdktf";
import { lazyString } from "./lazy";
import { Construct } from "constructs";
import type { ObjectMapping } from "../manifest/schema";
import type { Connector } from "./connectors";
import type { Problem } from "./errors";
import type { ProvisioningJob } from "./job";
import { DataMsgraphResource, MsgraphUpdateResource } from "./msgraph";
import { escapeTemplates } from "./terraform-strings";
import {
  type AttributeMapping,
  type ObjectDeclaration,
  type ScopingFilter,
  type TargetAttributes,
  declaredData,
  declaresAnything,
  declaresAttributes,
  mergedDirectoriesExpression,
  warningsExpression,
  isKnownTarget,
  suggestTarget,
  mergedRulesExpression,
  problemsExpression,
  provisioningRuleIdExpression,
  resolveObjectSchema,
} from "./schema";

export type { AttributeMapping, ScopingFilter, TargetAttributes };

export interface DeclaredSchema {
  readonly userMappings?: readonly AttributeMapping[];
  readonly groupMappings?: readonly AttributeMapping[];
  readonly mappingMode: "merge" | "replace";
  readonly userScope?: readonly ScopingFilter[];
  readonly groupScope?: readonly ScopingFilter[];
  /** false disables the groups object mapping (portal: Provision groups, Enabled). @default - unchanged */
  readonly provisionGroups?: boolean;
  /** Attribute definitions added to the app's schema (portal: Edit attribute list). @default - none */
  readonly targetAttributes?: TargetAttributes;
}

export interface ResolvedJobSchema {
  readonly problems: Problem[];
  /** What is declared for users (the manifest's form). */
  readonly users: ObjectMapping;
  /** What is declared for groups; null when the app does not provision groups. */
  readonly groups: ObjectMapping | null;
  /** Declarations per Entra object, for JobSchema. Empty when nothing is declared. */
  readonly objects: readonly ObjectDeclaration[];
  /** Risky but allowed declarations (synth warns, the manifest carries them for review). */
  readonly warnings: Problem[];
}

/** Checks the declared mappings and filters (every guardrail that needs no live schema). */
export function resolveJobSchema(connector: Connector, declared: DeclaredSchema): ResolvedJobSchema {
  const extra = connector.extraTargets ?? [];
  const replace = declared.mappingMode === "replace";

  const users = resolveObjectSchema({
    kind: "users",
    declared: declared.userMappings,
    mode: declared.mappingMode,
    scope: declared.userScope,
    requiredClauses: (connector.requiredUserClauses ?? []).map((c) => ({ attribute: c.attribute, operator: c.operator, values: [...c.values] })),
    knownTargets: (target) => isKnownTarget("users", target, extra),
    suggestTarget: (target) => suggestTarget("users", target, extra),
    targetAttributes: declared.targetAttributes?.users,
    schemaName: `${connector.galleryName}'s SCIM User schema`,
    mappingsField: "userMappings",
    scopeField: "userScope",
    attributesField: "targetAttributes.users",
  });

  const connectorHasGroups = connector.objects.includes("groups");
  const provisionsGroups = connectorHasGroups && declared.provisionGroups !== false;
  const groups = resolveObjectSchema({
    kind: "groups",
    declared: provisionsGroups ? declared.groupMappings : undefined,
    mode: declared.mappingMode,
    scope: provisionsGroups ? declared.groupScope : undefined,
    knownTargets: (target) => isKnownTarget("groups", target, extra),
    suggestTarget: (target) => suggestTarget("groups", target, extra),
    targetAttributes: provisionsGroups ? declared.targetAttributes?.groups : undefined,
    schemaName: `${connector.galleryName}'s SCIM Group schema`,
    mappingsField: "groupMappings",
    scopeField: "groupScope",
    attributesField: "targetAttributes.groups",
  });

  const objects: ObjectDeclaration[] = [
    {
      sourceObject: "User",
      mappingsField: "userMappings",
      scopeField: "userScope",
      attributesField: "targetAttributes.users",
      mappings: declared.userMappings,
      scope: declared.userScope,
      resolved: users.resolved,
      replace,
    },
    {
      sourceObject: "Group",
      mappingsField: "groupMappings",
      scopeField: "groupScope",
      attributesField: "targetAttributes.groups",
      mappings: provisionsGroups ? declared.groupMappings : undefined,
      scope: provisionsGroups ? declared.groupScope : undefined,
      resolved: groups.resolved,
      replace,
      // Only an explicit `provisionGroups: false` on a connector with groups touches the switch.
      ...(connectorHasGroups && declared.provisionGroups === false ? { enabled: false } : {}),
    },
  ];
  return {
    problems: [...users.problems, ...(provisionsGroups ? groups.problems : [])],
    warnings: [...users.warnings, ...(provisionsGroups ? groups.warnings : [])],
    users: users.resolved,
    groups: provisionsGroups ? groups.resolved : null,
    objects: objects.filter(declaresAnything),
  };
}

/** Terraform address of an element, without `${}` (for use inside a larger expression). */
function addressOf(element: TerraformElement, kind: "data" | "local"): string {
  const id = TerraformStack.of(element).getLogicalId(element);
  return kind === "local" ? `local.${id}` : `data.msgraph_resource.${id}`;
}

/**
 * data msgraph_resource of a synchronizationSchema, exporting its rules, and its directories only
 * when asked: they are large (every attribute of Entra ID and of the app) and changed only when
 * attribute definitions are declared (otherwise the PUT keeps them as the provider's GET has them).
 */
function readSchema(scope: Construct, url: string, directories = false): DataMsgraphResource {
  const exported: Record<string, string> = { rules: "synchronizationRules", ...(directories ? { directories: "directories" } : {}) };
  return new DataMsgraphResource(scope, "read", { url, responseExportValues: exported });
}

export interface LiveJobSchemaProps {
  readonly job: ProvisioningJob;
  /** Also export `directories` (declared attribute definitions are merged into them). @default false */
  readonly directories?: boolean;
}

/** data msgraph_resource: the job's schema as Graph has it now, read on every plan. */
export class LiveJobSchema extends Construct {
  public readonly data: DataMsgraphResource;

  constructor(scope: Construct, id: string, props: LiveJobSchemaProps) {
    super(scope, id);
    this.data = readSchema(this, `${props.job.path}/schema`, props.directories ?? false);
  }

  /** The id of the rule that provisions Entra ID users (or groups), found by its object mappings. */
  public provisioningRuleId(sourceObject: "User" | "Group"): string {
    return lazyString(() => `\${${provisioningRuleIdExpression(`${addressOf(this.data, "data")}.output.rules`, sourceObject)}}`);
  }
}

export interface TemplateJobSchemaProps {
  /** Graph path of the service principal, `/servicePrincipals/{id}`. */
  readonly servicePrincipalId: string;
  /** The synchronization template the job was created from. */
  readonly syncTemplateId: string;
}

/**
 * data msgraph_resource: the schema of the job's synchronization template, as Entra created the
 * job. Read only when something is removed: a removal is satisfied when its target is gone from
 * the live schema (the deploy before this one removed it), and it is a mistake (a typo) only when
 * neither the live schema nor the template has it. Without the template a removal would fail every
 * plan after the deploy that carried it out.
 */
export class TemplateJobSchema extends Construct {
  public readonly data: DataMsgraphResource;

  constructor(scope: Construct, id: string, props: TemplateJobSchemaProps) {
    super(scope, id);
    this.data = readSchema(this, `${props.servicePrincipalId}/synchronization/templates/${props.syncTemplateId}/schema`);
  }
}

/** Whether any declaration adds or changes attribute definitions (and so needs the live `directories`). */
export function declaresAnyAttributes(objects: readonly ObjectDeclaration[]): boolean {
  return objects.some(declaresAttributes);
}

/** Whether any declaration removes a mapping or a filter (and so needs the template's schema). */
export function removesAnything(objects: readonly ObjectDeclaration[]): boolean {
  return objects.some((o) => o.resolved.removed.length > 0 || o.resolved.removedScope.length > 0);
}

export interface JobSchemaProps {
  readonly job: ProvisioningJob;
  readonly live: LiveJobSchema;
  /** The template's schema; required when a declaration removes something (removesAnything). */
  readonly template?: TemplateJobSchema;
  /** The declarations (from resolveJobSchema); at least one. */
  readonly objects: readonly ObjectDeclaration[];
  /** `<stack>/<app>`, the start of every plan-time message. */
  readonly where: string;
}

/** The declared changes, merged by name over the live schema and written with one PUT. */
export class JobSchema extends Construct {
  /** The declarations as data (escaped for Terraform templates). */
  public readonly declared: TerraformLocal;
  /** The merged `synchronizationRules`. */
  public readonly rules: TerraformLocal;
  /** The merged `directories`; only when attribute definitions are declared. */
  public readonly directories?: TerraformLocal;
  /** Plan-time problems, one line each; the precondition of `update` requires none. */
  public readonly problems: TerraformLocal;
  /** msgraph_update_resource PUT <job>/schema. */
  public readonly update: MsgraphUpdateResource;
  /** Plan-time warnings (see warningsExpression); only when a declaration can raise one. */
  public readonly warnings?: TerraformLocal;

  constructor(scope: Construct, id: string, props: JobSchemaProps) {
    super(scope, id);
    if (removesAnything(props.objects) && props.template === undefined) {
      throw new Error("JobSchema: declarations remove mappings or filters, so the template's schema is needed (props.template)");
    }
    const live = () => `${addressOf(props.live.data, "data")}.output.rules`;
    const attributes = declaresAnyAttributes(props.objects);
    const liveDirectories = () => `${addressOf(props.live.data, "data")}.output.directories`;
    const data = declaredData(`${props.where}: `, props.objects);
    this.declared = new TerraformLocal(this, "declared", escapeTemplates(data));
    const declaredRef = () => addressOf(this.declared, "local");
    this.rules = new TerraformLocal(
      this,
      "rules",
      lazyString(() => `\${${mergedRulesExpression({ live: live(), declared: declaredRef() }, props.objects)}}`),
    );
    if (attributes) {
      this.directories = new TerraformLocal(
        this,
        "directories",
        lazyString(() => `\${${mergedDirectoriesExpression({ live: live(), declared: declaredRef(), directories: liveDirectories() }, props.objects)}}`),
      );
    }
    this.problems = new TerraformLocal(
      this,
      "problems",
      lazyString(() =>
          `\${${problemsExpression(
            {
              live: live(),
              declared: declaredRef(),
              result: addressOf(this.rules, "local"),
              template: props.template && `${addressOf(props.template.data, "data")}.output.rules`,
              ...(attributes ? { directories: liveDirectories() } : {}),
            },
            props.objects,
          )}}`),
    );
    const mayWarn = Object.values(data.objects as Record<string, { shared: Record<string, string> }>).some((o) => Object.keys(o.shared).length > 0);
    if (mayWarn) {
      const warnings = (this.warnings = new TerraformLocal(
        this,
        "warnings",
        lazyString(() => `\${${warningsExpression({ declared: declaredRef(), result: addressOf(this.rules, "local") }, props.objects)}}`),
      ));
      new WarningsCheck(this, "check", { warnings: () => addressOf(warnings, "local") });
    }
    this.update = new MsgraphUpdateResource(this, "put", {
      url: `${props.job.path}/schema`,
      updateMethod: "PUT",
      // The body carries `directories` only when attribute definitions are declared: otherwise the
      // provider's GET supplies them unchanged (see the file comment).
      body: {
        synchronizationRules: lazyString(() => `\${${addressOf(this.rules, "local")}}`),
        ...(this.directories ? { directories: lazyString(() => `\${${addressOf(this.directories as TerraformLocal, "local")}}`) } : {}),
      },
      lifecycle: {
        precondition: [
          {
            condition: lazyString(() => `\${length(${addressOf(this.problems, "local")}) == 0}`),
            errorMessage: lazyString(() => `\${join("\\n", ${addressOf(this.problems, "local")})}`),
          },
        ],
      },
    });
  }
}

export { escapeTemplates };

/**
 * A Terraform `check` block that warns (it never fails a plan) with the lines of a list local.
 * cdktf 0.21 has no construct for check blocks, so this element writes the JSON itself.
 */
class WarningsCheck extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: { readonly warnings: () => string },
  ) {
    super(scope, id, "check");
  }

  public toTerraform(): any {
    const list = this.props.warnings();
    return { check: { [this.friendlyUniqueId]: { assert: [{ condition: `\${length(${list}) == 0}`, error_message: `\${join("\\n", ${list})}` }] } } };
  }
}
