/**
 * ScimProvisionedApp (L3): one Entra gallery app with automatic provisioning, as Microsoft's tutorials click it
 * together in the portal: add from the gallery, assign users and groups with a real role, enter
 * Tenant URL and Secret Token, Test Connection, notification email, mappings, scoping filters,
 * scope, accidental-deletions prevention, provisioning status on/off, on-demand provisioning.
 */
import { Annotations, TerraformDataSource, TerraformElement, TerraformResource, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import type { AppManifest, ObjectMapping } from "../manifest/schema";
import type { AdoptIds } from "./adopt";
import { Assignment, Assignments, assignmentKey as constructKey } from "./assignments";
import type { Connector } from "./connectors";
import { Credentials } from "./credentials";
import { type Problem, throwIfProblems, userPath, zodProblems } from "./errors";
import { checkedId } from "./ids";
import { GalleryApp } from "./gallery-app";
import { JobHealthCheck } from "./job-health-check";
import { JobState, ProvisioningJob, ValidateCredentials } from "./job";
import {
  declaresAnyAttributes,
  JobSchema,
  LiveJobSchema,
  removesAnything,
  resolveJobSchema,
  TemplateJobSchema,
  type AttributeMapping,
  type ScopingFilter,
  type TargetAttributes,
} from "./job-schema";
import { riskyCombinations } from "./risks";
import { OnDemandProvisioning } from "./on-demand";
import { MAX_URL_LENGTH } from "./limits";
import { appPropsSchema, DEFAULT_DELETE_THRESHOLD, describe, houseErrorMap, isObjectId } from "./props";
import { besides, tokenTextProblems } from "./token-text";
import { TokenVariables, tokenVariableName } from "./token-variables";
import { EntraTenantStack, type ManifestContributor } from "./tenant-stack";

export interface ScimProvisionedAppProps {
  /** The target app, from the catalog: `Connectors.iprova()`, `Connectors.smartFile({ siteName })`, ... */
  readonly connector: Connector;
  /**
   * Display name of the enterprise app in the tenant.
   * @default - the connector's gallery name, e.g. "iProva"
   */
  readonly displayName?: string;
  /**
   * SCIM endpoint (portal: Tenant URL): an https URL without credentials or fragment. Required for
   * genericScim; replaces iPass SmartConnect's documented URL; a fixed-URL connector (iProva,
   * Airstack, SmartFile) accepts it only when it repeats the connector's URL.
   * @default - the connector's tenant URL
   */
  readonly tenantUrl?: string;
  /**
   * Secret Token: a TerraformVariable or a reference (e.g. a Key Vault secret's value), never a
   * plain string, which would be written in clear into cdk.tf.json.
   * A TerraformVariable's name is recorded in the manifest (`tokenVariable`, `tokenEnv`) for verify.
   * @default - a sensitive variable `<id>_secret_token` (`<stack>_<id>_secret_token` when another
   * stack of the cdktf app declares the same app id); CI sets TF_VAR_<that name>
   */
  readonly secretToken?: TerraformVariable | string;
  /**
   * Provisioning Status. "off" pauses the job (its state is kept).
   * @default "on"
   */
  readonly provisioning?: "on" | "off";
  /**
   * Scope: only users and groups assigned to the app, or every user and group in the tenant.
   * @default "assignedOnly"
   */
  readonly scope?: "assignedOnly" | "allUsersAndGroups";
  /**
   * Notification Email and "Send an email notification when a failure occurs".
   * @default - no notification email
   */
  readonly notifications?: {
    readonly email: string;
    /** @default true */
    readonly sendOnFailure?: boolean;
  };
  /**
   * Accidental deletions prevention: the job stops when one cycle would delete or disable more
   * than `threshold` accounts (1 to 1,000,000). `{ enabled: false }` turns it off; `{ enabled: true }`
   * alone is on with the default threshold.
   * @default - on, with Entra's default threshold of 500
   */
  readonly accidentalDeletions?: { readonly threshold?: number; readonly enabled?: boolean };
  /**
   * Users and groups assigned to the app, each with an application-specific role
   * ("Default Access" and "msiam_access" are rejected: Entra skips such users).
   * @default - no assignments
   */
  readonly assignments?: readonly Assignment[];
  /**
   * User attribute mappings, applied by target name over the app's own (its gallery template's)
   * mappings (see mappingMode). A mapping changes only the fields it declares, as the portal's
   * Edit Attribute does: `{ target: "userName", source: "ToLower([userPrincipalName])" }` keeps
   * the template's matching precedence, apply mode, default value and flow behaviour.
   * `{ target, remove: true }` removes one of the app's mappings.
   * @default - none: the app's template mappings stay as Entra created them
   */
  readonly userMappings?: readonly AttributeMapping[];
  /**
   * Group attribute mappings (connectors that provision groups only), applied like userMappings.
   * @default - none: the app's template mappings stay as Entra created them
   */
  readonly groupMappings?: readonly AttributeMapping[];
  /**
   * "merge": each declared mapping changes the fields it declares on the app's mapping with the
   * same target (or is added), the app's other mappings stay, `{ target, remove: true }` removes
   * one; "replace": for an object (users, groups) with declared mappings, the declared ones are its
   * whole list, and a field a mapping leaves out is Entra's default.
   * @default "merge"
   */
  readonly mappingMode?: "merge" | "replace";
  /**
   * Attributes the app's schema lacks (portal: Show advanced options > Edit attribute list for
   * <app>), added to the target directory of the job schema BY NAME over what it lists; mappings
   * may then target them. Each `{ name, type?, multivalued?, required? }`, type one of Graph's
   * attributeDefinition types (String, Integer, Reference, Binary, Boolean, DateTime). An attribute
   * the app already lists keeps every field left out. `groups` only for connectors that provision groups.
   * @default - none: the app's attribute list stays as its template has it
   */
  readonly targetAttributes?: TargetAttributes;
  /**
   * User scoping filters: filters are OR-ed, the clauses inside one filter AND-ed, as in the portal.
   * Applied by name: a declared filter replaces the app's filter with the same name (or is added);
   * `{ name, remove: true }` removes one; the app's other filters stay.
   * @default - none: the app's own filters (usually none) stay
   */
  readonly userScope?: readonly ScopingFilter[];
  /**
   * Group scoping filters, applied like userScope.
   * @default - none: the app's own filters stay
   */
  readonly groupScope?: readonly ScopingFilter[];
  /**
   * Provision these subjects once, on demand, after the schema is written and Test Connection
   * passed, before the job starts (Microsoft's tutorials: validate with a few users before going broad). Users
   * by UPN or object id (UPNs in the connector's domains, e.g. iPass's registeredDomains), groups
   * by display name or object id.
   * @default - none
   */
  readonly onDemand?: { readonly users?: readonly string[]; readonly groups?: readonly string[] };
  /**
   * Run Entra's Test Connection (validateCredentials) during deploy, before the job starts.
   * @default true
   */
  readonly validateCredentials?: boolean;
  /**
   * Portal: Mappings > Provision Microsoft Entra ID Groups > Enabled. `false` provisions users
   * only to a connector that can take groups: the groups object mapping is disabled, nothing else
   * in it changes. Only for connectors that provision groups (iProva, SmartFile, genericScim with groups).
   * @default - the app's template decides (groups are provisioned by the gallery connectors' templates)
   */
  readonly provisionGroups?: boolean;
  /**
   * Adopt an app that already exists in the tenant (e.g. configured in the portal): the first
   * deploy imports its application, service principal, provisioning job and the listed role
   * assignments (Terraform import blocks) instead of creating new ones. `npm run import` writes it.
   * Import blocks need terraform >= 1.5 at synth (cdktf checks the version).
   * @default - nothing is adopted: the first deploy creates the app
   */
  readonly adopt?: AdoptIds;
}


export class ScimProvisionedApp extends Construct implements ManifestContributor {
  public readonly connector: Connector;
  public readonly displayName: string;
  public readonly tenantUrl: string;
  public readonly galleryApp: GalleryApp;
  public readonly assignments: Assignments;
  public readonly credentials: Credentials;
  public readonly job: ProvisioningJob;
  /** The declared schema changes; undefined when nothing is declared (the template stays as it is). */
  public readonly schema?: JobSchema;
  /** The job's live schema, read when the schema or on-demand provisioning needs it. */
  public readonly liveSchema?: LiveJobSchema;
  public readonly validation?: ValidateCredentials;
  public readonly state: JobState;
  public readonly onDemand?: OnDemandProvisioning;
  /** Plan-time warning when the job is not in its declared state or is quarantined. */
  public readonly healthCheck: JobHealthCheck;

  private readonly props: ScimProvisionedAppProps;
  /** Risky combinations this app declares, `<field>: <message>` each (see risks.ts). */
  private readonly warnings: readonly string[];
  private readonly users: ObjectMapping;
  private readonly groups: ObjectMapping | null;
  private readonly stack: EntraTenantStack;

  constructor(scope: Construct, id: string, props: ScimProvisionedAppProps) {
    super(scope, checkedId(scope, id, "app"));
    this.stack = EntraTenantStack.of(this);
    const where = userPath(this);

    // cdktf token text first: cdktf would turn it into a reference wherever it stands (token-text.ts).
    const tokenText = tokenTextProblems(props ?? {}, ["secretToken", "connector.problems"]);
    const parsed = appPropsSchema.safeParse(props ?? {}, { error: houseErrorMap });
    if (!parsed.success || tokenText.length > 0) {
      // Report the connector's own problems too, so one run shows everything wrong with this app.
      const connectorProblems = Array.isArray(props?.connector?.problems) ? props.connector.problems : [];
      throwIfProblems(this, [...tokenText, ...besides(tokenText, [...connectorProblems, ...(parsed.success ? [] : zodProblems(parsed.error))])]);
    }

    const connector = props.connector;
    const problems: Problem[] = [...connector.problems];
    const displayName = props.displayName ?? connector.galleryName;
    const tenantUrl = checkTenantUrl(connector, props.tenantUrl, problems);
    checkUniqueDisplayName(this.stack, displayName, problems);
    checkObjectsProvisioned(connector, props, problems);
    checkSubjects(connector, props, problems);
    checkAdopt(connector, props, problems);
    const schema = resolveJobSchema(connector, {
      userMappings: props.userMappings,
      groupMappings: props.groupMappings,
      mappingMode: props.mappingMode ?? "merge",
      userScope: props.userScope,
      groupScope: props.groupScope,
      provisionGroups: props.provisionGroups,
      targetAttributes: props.targetAttributes,
    });
    problems.push(...schema.problems);
    throwIfProblems(this, problems);
    // Allowed but risky: each once, at synth (cdktf's warnings, printed by synth) and in the manifest for review.
    this.warnings = [...riskyCombinations(connector, props, schema), ...schema.warnings].map((w) => `${w.field}: ${w.message}`);
    for (const w of this.warnings) Annotations.of(this).addWarning(`${where}: ${w}`);

    // The token variable: unique across the whole cdktf app (token-variables.ts).
    const tokens = TokenVariables.of(this);
    let credentials: Credentials | undefined;
    const tokenProblem =
      props.secretToken === undefined
        ? tokens.declareDefault(this.stack, id, where, (name) => credentials?.renameTokenVariable(name), this.stack.tokenVariableNames)
        : props.secretToken instanceof TerraformVariable
          ? tokens.declareGiven(this.stack, id, where, props.secretToken)
          : undefined;
    throwIfProblems(this, tokenProblem ? [tokenProblem] : []);

    this.props = props;
    this.connector = connector;
    this.displayName = displayName;
    this.tenantUrl = tenantUrl;
    this.users = schema.users;
    this.groups = schema.groups;

    // --- Terraform ---
    this.galleryApp = new GalleryApp(this, "gallery-app", { connector, displayName, adopt: props.adopt });

    this.assignments = new Assignments(this, "assignments", {
      servicePrincipal: this.galleryApp.servicePrincipal,
      servicePrincipalObjectId: this.galleryApp.servicePrincipalObjectId,
      assignments: props.assignments ?? [],
      where,
      adopt: props.adopt && { servicePrincipalObjectId: props.adopt.servicePrincipalObjectId, roleAssignments: props.adopt.roleAssignments ?? {} },
    });

    const deletions = props.accidentalDeletions;
    credentials = this.credentials = new Credentials(this, "credentials", {
      connector,
      servicePrincipalId: this.galleryApp.servicePrincipalId,
      tenantUrl,
      secretToken: props.secretToken,
      variableName: tokens.nameOf(where) ?? tokenVariableName(id),
      displayName,
      syncAll: props.scope === "allUsersAndGroups",
      notifications: props.notifications && {
        email: props.notifications.email,
        sendOnFailure: props.notifications.sendOnFailure ?? true,
      },
      deleteThreshold: deletions?.enabled === false ? undefined : (deletions?.threshold ?? DEFAULT_DELETE_THRESHOLD),
    });

    this.job = new ProvisioningJob(this, "provisioning", {
      servicePrincipalId: this.galleryApp.servicePrincipalId,
      syncTemplateId: this.galleryApp.syncTemplateId,
      credentials: this.credentials.secret,
      adopt: props.adopt,
    });

    const onDemandUsers = props.onDemand?.users ?? [];
    const onDemandGroups = props.onDemand?.groups ?? [];
    const wantsOnDemand = onDemandUsers.length + onDemandGroups.length > 0;
    // The live schema is read when something is merged over it, or for the on-demand rule ids.
    if (schema.objects.length > 0 || wantsOnDemand) {
      this.liveSchema = new LiveJobSchema(this, "live-schema", { job: this.job, directories: declaresAnyAttributes(schema.objects) });
    }
    if (schema.objects.length > 0) {
      const template = removesAnything(schema.objects)
        ? new TemplateJobSchema(this, "template-schema", { servicePrincipalId: this.galleryApp.servicePrincipalId, syncTemplateId: this.galleryApp.syncTemplateId })
        : undefined;
      this.schema = new JobSchema(this, "schema", { job: this.job, live: this.liveSchema as LiveJobSchema, template, objects: schema.objects, where });
    }

    // Test Connection re-runs when the secret or the schema changes.
    const configured: TerraformResource[] = [this.credentials.secret, ...(this.schema ? [this.schema.update] : [])];
    const beforeStart: TerraformElement[] = [...configured];
    if (props.validateCredentials !== false) {
      this.validation = new ValidateCredentials(this, "test-connection", {
        job: this.job,
        syncTemplateId: this.galleryApp.syncTemplateId,
        after: configured,
      });
      beforeStart.push(this.validation);
    }

    // Microsoft's tutorials: a few subjects on demand once the schema and Test Connection are in place, and only
    // then the job for everyone: the start (or pause) waits for the on-demand request.
    if (wantsOnDemand) {
      const live = this.liveSchema as LiveJobSchema;
      this.onDemand = new OnDemandProvisioning(this, "on-demand", {
        job: this.job,
        servicePrincipalId: this.galleryApp.servicePrincipalId,
        ruleIds: { users: live.provisioningRuleId("User"), groups: live.provisioningRuleId("Group") },
        users: onDemandUsers,
        groups: onDemandGroups,
        after: [...beforeStart],
      });
      beforeStart.push(this.onDemand.request);
    }

    this.state = new JobState(this, "job-state", {
      job: this.job,
      provisioning: props.provisioning ?? "on",
      after: beforeStart,
    });

    this.healthCheck = new JobHealthCheck(this, "health", {
      job: this.job,
      provisioning: props.provisioning ?? "on",
      where,
    });

    this.stack.registerApp(this, displayName, id);
  }

  /**
   * Name of the Terraform variable holding the token: the one this app declared, or the
   * TerraformVariable given as secretToken; undefined for another reference (e.g. Key Vault).
   * Final at synth: a later stack declaring the same app id can still rename a declared one.
   */
  public get tokenVariableName(): string | undefined {
    return TokenVariables.of(this).nameOf(userPath(this));
  }

  /** This app's entry in provisioning.json: everything a reviewer or the CLI needs, no secret. */
  public toManifest(): AppManifest {
    const p = this.props;
    const address = (element: TerraformResource | TerraformDataSource) => addressOf(this.stack, element);
    const terraform: Record<string, string> = {
      application: address(this.galleryApp.application),
      servicePrincipal: address(this.galleryApp.servicePrincipal),
      secret: address(this.credentials.secret),
      job: address(this.job.job),
      jobState: address(this.state),
    };
    terraform.healthCheck = this.healthCheck.address;
    if (this.schema) terraform.schema = address(this.schema.update);
    if (this.validation) terraform.validateCredentials = address(this.validation);
    if (this.onDemand) terraform.onDemand = address(this.onDemand.request);
    this.assignments.roleAssignments.forEach((a, i) => (terraform[`assignment:${i}`] = address(a)));

    const deletions = p.accidentalDeletions;
    return {
      id: this.node.id,
      displayName: this.displayName,
      connector: { key: this.connector.key, galleryName: this.connector.galleryName },
      tenantUrl: this.tenantUrl,
      tokenVariable: this.tokenVariableName ?? null,
      tokenEnv: this.tokenVariableName ? `TF_VAR_${this.tokenVariableName}` : null,
      objects: this.groups ? [...this.connector.objects] : this.connector.objects.filter((o) => o !== "groups"),
      scope: p.scope ?? "assignedOnly",
      provisioning: p.provisioning ?? "on",
      notifications: p.notifications ? { email: p.notifications.email, sendOnFailure: p.notifications.sendOnFailure ?? true } : null,
      accidentalDeletions: deletions?.enabled === false ? null : { threshold: (deletions?.threshold as number | undefined) ?? DEFAULT_DELETE_THRESHOLD },
      assignments: (p.assignments ?? []).map((a) => ({
        principalType: a.user !== undefined ? ("user" as const) : ("group" as const),
        principal: (a.user ?? a.group) as string,
        role: a.role,
      })),
      mappingMode: p.mappingMode ?? "merge",
      schemaDeclared: this.schema !== undefined,
      users: this.users,
      groups: this.groups,
      onDemand: this.onDemand ? { users: [...(p.onDemand?.users ?? [])], groups: [...(p.onDemand?.groups ?? [])] } : null,
      limitations: [...this.connector.limitations],
      warnings: [...this.warnings],
      terraform,
    };
  }
}


function addressOf(stack: EntraTenantStack, element: TerraformResource | TerraformDataSource): string {
  const prefix = element instanceof TerraformDataSource ? "data." : "";
  return `${prefix}${element.terraformResourceType}.${stack.getLogicalId(element)}`;
}

function normalizeUrl(url: URL): string {
  return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, "")}${url.search}`;
}

/** Portal: Admin Credentials > Tenant URL. Returns the URL the app uses. */
function checkTenantUrl(connector: Connector, given: string | undefined, problems: Problem[]): string {
  const field = "tenantUrl";
  if (given !== undefined && Token.isUnresolved(given)) {
    problems.push({ field, message: "is a Terraform reference; expected a literal https URL (it is reviewed and written in the manifest)" });
    return "https://invalid.invalid";
  }
  const fixed = connector.tenantUrl.kind === "fixed" ? connector.tenantUrl.url : undefined;
  const documented = connector.tenantUrl.kind === "fromApp" ? undefined : connector.tenantUrl.url;
  if (given === undefined) {
    if (documented !== undefined) return documented;
    problems.push({ field, message: `is missing; expected the app's SCIM endpoint, e.g. "https://scim.example.com/scim/v2"` });
    return "https://invalid.invalid";
  }
  // The URL parser silently drops tabs and line breaks; the URL is stored as written, so refuse them.
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(given) || given.length > MAX_URL_LENGTH) {
    problems.push({ field, message: `${describe(given)} contains whitespace or control characters or is longer than ${MAX_URL_LENGTH} characters; expected a plain https URL` });
    return "https://invalid.invalid";
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    problems.push({ field, message: `${describe(given)} is not a URL; expected an https URL such as "https://scim.example.com/scim/v2"` });
    return "https://invalid.invalid";
  }
  if (url.protocol !== "https:") {
    problems.push({ field, message: `${describe(given)} is not https; expected an https:// URL (Entra only provisions over TLS)` });
  } else if (url.username || url.password) {
    // Shown as verify prints such URLs: the credentials never reach a message.
    problems.push({ field, message: `${describe(`${url.protocol}//***@${url.host}${url.pathname}`)} carries credentials (user:password@); expected a plain https URL (the token goes in secretToken)` });
  } else if (url.hash) {
    problems.push({ field, message: `${describe(url.origin + url.pathname + url.search)} is followed by a fragment (#...); expected the URL without it (a fragment never reaches the server)` });
  } else if (fixed !== undefined && connector.problems.length === 0 && normalizeUrl(url) !== normalizeUrl(new URL(fixed))) {
    // (A connector with problems has no URL to compare with: its own problem says what is missing.)
    problems.push({
      field,
      message: `${describe(given)} does not match ${connector.galleryName}'s tenant URL; expected "${fixed}" or no tenantUrl`,
    });
  }
  return fixed ?? given;
}

/**
 * Assignment and on-demand subjects: each once, and on-demand users inside the domains the
 * connector accepts (iPass SmartConnect's registeredDomains; an object id cannot be checked at synth).
 */
function checkSubjects(connector: Connector, props: ScimProvisionedAppProps, problems: Problem[]): void {
  const seen = new Map<string, number>();
  (props.assignments ?? []).forEach((a, i) => {
    const key = assignmentKey(a);
    const previous = seen.get(key);
    if (previous !== undefined) {
      problems.push({ field: `assignments[${i}]`, message: `repeats assignments[${previous}]; expected each principal and role once` });
    }
    seen.set(key, i);
  });
  for (const kind of ["users", "groups"] as const) {
    const names = new Map<string, number>();
    (props.onDemand?.[kind] ?? []).forEach((name, i) => {
      const previous = names.get(subjectKey(name));
      if (previous !== undefined) {
        problems.push({ field: `onDemand.${kind}[${i}]`, message: `${describe(name)} repeats onDemand.${kind}[${previous}]; expected each subject once` });
      }
      names.set(subjectKey(name), i);
    });
  }
  const domains = connector.userDomains;
  if (domains && domains.length > 0) {
    (props.onDemand?.users ?? []).forEach((user, i) => {
      if (isObjectId(user)) return;
      const domain = user.slice(user.lastIndexOf("@") + 1).toLowerCase();
      if (!domains.some((d) => d.toLowerCase() === domain)) {
        problems.push({
          field: `onDemand.users[${i}]`,
          message: `${describe(user)} is outside ${connector.galleryName}'s registered domains (${domains.join(", ")}); expected a user in one of them (others are out of scope and would be skipped)`,
        });
      }
    });
  }
}

/**
 * What identifies an assignment: principal kind, principal and role, compared case-insensitively
 * (directory lookups are) and with "/" read as "_" as in the construct ids assignments.ts makes.
 */
function assignmentKey(a: Assignment): string {
  return subjectKey(`${a.user !== undefined ? "user" : "group"}-${a.user ?? a.group}-${a.role}`);
}

function subjectKey(name: string): string {
  return name.replace(/\//g, "_").toLowerCase();
}

/** Adopted ids must belong to this app: its pinned template, its declared assignments. */
function checkAdopt(connector: Connector, props: ScimProvisionedAppProps, problems: Problem[]): void {
  const adopt = props.adopt;
  if (!adopt) return;
  if (connector.templateId !== undefined && connector.templateId.toLowerCase() !== adopt.applicationTemplateId.toLowerCase()) {
    problems.push({
      field: "adopt.applicationTemplateId",
      message: `"${adopt.applicationTemplateId}" is not the connector's template "${connector.templateId}"; expected the template the existing app was made from (a different template would replace the app)`,
    });
  }
  const keys = new Set((props.assignments ?? []).map(constructKey));
  for (const key of Object.keys(adopt.roleAssignments ?? {})) {
    if (!keys.has(key)) {
      problems.push({
        field: `adopt.roleAssignments[${JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key)}]`,
        message: "names no declared assignment; expected a key `<user|group>-<principal>-<role>` of one of the assignments",
      });
    }
  }
}

function checkUniqueDisplayName(stack: EntraTenantStack, displayName: string, problems: Problem[]): void {
  const clash = stack.appWithDisplayName(displayName);
  if (clash !== undefined) {
    problems.push({
      field: "displayName",
      message: `${describe(displayName)} is already used by app "${clash}" in this stack; expected a unique display name per app`,
    });
  }
}

function checkObjectsProvisioned(connector: Connector, props: ScimProvisionedAppProps, problems: Problem[]): void {
  const connectorHasGroups = connector.objects.includes("groups");
  if (connectorHasGroups && props.provisionGroups !== false) return;
  if (!connectorHasGroups && props.provisionGroups === true) {
    problems.push({ field: "provisionGroups", message: `${connector.galleryName} provisions users only; expected provisionGroups unset or false` });
  }
  const usersOnly = connectorHasGroups ? "provisionGroups is false" : `${connector.galleryName} provisions users only`;
  if (props.groupMappings !== undefined) problems.push({ field: "groupMappings", message: `${usersOnly}; expected no groupMappings` });
  if (props.groupScope !== undefined) problems.push({ field: "groupScope", message: `${usersOnly}; expected no groupScope` });
  if (props.targetAttributes?.groups !== undefined) problems.push({ field: "targetAttributes.groups", message: `${usersOnly}; expected attributes for users only` });
  if (props.onDemand?.groups !== undefined && props.onDemand.groups.length > 0) {
    problems.push({ field: "onDemand.groups", message: `${usersOnly}; expected users only in onDemand` });
  }
}
