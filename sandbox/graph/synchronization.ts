/**
 * Entra's synchronization API on a service principal (Microsoft Graph v1.0/beta): templates and
 * their schemas, jobs (create, get, list, delete, start, pause, restart, validateCredentials,
 * provisionOnDemand), the job schema (GET, PUT = full replace, DELETE = back to the template),
 * secrets (PUT replaces the set; GET masks credentials) and the provisioning logs.
 *
 * The job's `schedule` is always present (the azuread provider reads `enabled` from
 * `schedule.state` and fails without it): a new job is Disabled with TimeSpan.MaxValue as its
 * interval; start makes it Active, pause Paused (Graph docs, synchronizationSchedule).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { syncTemplateSchema, templateById } from "../catalog/templates";
import type { Request, Reply, Route } from "../http";
import { noContent } from "../http";
import type { JsonObject, KeyValue, StoredJob, StoredServicePrincipal } from "../store";
import type { Tenant } from "../tenant";
import { parseBody } from "./body";
import { collection, contextUrl, visible, withQuery, applyFilter } from "./odata";
import { NO_ENGINE_MESSAGE, onDemandRefusal, type EngineCycleInput, type EngineOnDemandResult } from "./engine-port";
import { loopbackOnlyDispatcher } from "../loopback-dispatcher";
import { FILTER_OPERATORS, schemaProblem } from "./schema-validation";
import { FUNCTIONS } from "./expressions";

/** The synchronizationSecret keys Graph documents (synchronizationSecretKeyStringValuePair). */
export const SECRET_KEYS = [
  "None", "UserName", "Password", "SecretToken", "AppKey", "BaseAddress", "ClientIdentifier", "ClientSecret", "SingleSignOnType",
  "Sandbox", "Url", "Domain", "ConsumerKey", "ConsumerSecret", "TokenKey", "TokenExpiration", "Oauth2AccessToken",
  "Oauth2AccessTokenCreationTime", "Oauth2RefreshToken", "SyncAll", "InstanceName", "Oauth2ClientId", "Oauth2ClientSecret",
  "CompanyId", "UpdateKeyOnSoftDelete", "SynchronizationSchedule", "SystemOfRecord", "SandboxName", "EnforceDomain",
  "SyncNotificationSettings", "SkipOutOfScopeDeletions", "Oauth2AuthorizationCode", "Oauth2RedirectUri",
  "ApplicationTemplateIdentifier", "Oauth2TokenExchangeUri", "Oauth2AuthorizationUri", "AuthenticationType", "Server",
  "PerformInboundEntitlementGrants", "HardDeletesEnabled", "SyncAgentCompatibilityKey", "SyncAgentADContainer",
  "ValidateDomain", "TestReferences", "ConnectionString",
] as const;

/**
 * Keys whose values GET returns as `*`. Graph masks saved credentials (a Cloud Sync GET shows
 * Password as "*"); which keys beyond Password are masked is UNCONFIRMED: these are the ones that
 * hold a credential. The rest (BaseAddress, SyncAll, SyncNotificationSettings, ...) read back.
 */
export const MASKED_KEYS: ReadonlySet<string> = new Set([
  "Password", "SecretToken", "AppKey", "ClientSecret", "ConsumerSecret", "TokenKey", "Oauth2AccessToken", "Oauth2RefreshToken",
  "Oauth2ClientSecret", "Oauth2AuthorizationCode", "ConnectionString",
]);

const NEVER = "0001-01-01T00:00:00Z";
/** TimeSpan.MaxValue: the interval of a job that was never started (Graph docs, synchronizationSchedule). */
const NEVER_INTERVAL = "P10675199DT2H48M5.4775807S";
/** "Incremental syncs occur approximately every 40 minutes" (Entra docs). */
const CYCLE_INTERVAL = "PT40M";

function newStatus(): JsonObject {
  return {
    code: "NotConfigured",
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    progress: [],
    quarantine: null,
    steadyStateFirstAchievedTime: NEVER,
    steadyStateLastAchievedTime: NEVER,
    synchronizedEntryCountByType: [],
    troubleshootingUrl: null,
  };
}

function spOf(req: Request, tenant: Tenant): StoredServicePrincipal | undefined {
  return tenant.state.servicePrincipals[req.params.id.toLowerCase()];
}

/** The SP's synchronization templates (one per application template here). */
function syncTemplates(sp: StoredServicePrincipal): Array<{ template: JsonObject; schema: JsonObject }> {
  const entry = typeof sp.sp.applicationTemplateId === "string" ? templateById(sp.sp.applicationTemplateId) : undefined;
  if (!entry) return [];
  return [
    {
      template: {
        id: entry.syncTemplateId,
        applicationId: sp.sp.appId as string,
        default: true,
        description: `${String(entry.template.displayName)} provisioning`,
        discoverable: true,
        factoryTag: entry.factoryTag,
        metadata: [],
      },
      schema: syncTemplateSchema(entry, String(sp.sp._syncAppName ?? sp.sp.displayName)),
    },
  ];
}

function ruleIdsOf(schema: JsonObject): string[] {
  return ((schema.synchronizationRules ?? []) as JsonObject[]).map((r) => String(r.id));
}

function newJobId(templateId: string): string {
  return `${templateId}.${randomBytes(16).toString("hex")}.${randomUUID()}`;
}

/** What the engine needs of a job: the Graph objects it reads, and where its SCIM requests go. */
export function engineInput(tenant: Tenant, sp: StoredServicePrincipal, stored: StoredJob, options: { forceDeletes?: boolean } = {}): EngineCycleInput {
  const spId = sp.sp.id as string;
  const entry = typeof sp.sp.applicationTemplateId === "string" ? templateById(sp.sp.applicationTemplateId) : undefined;
  return {
    tenantId: tenant.state.tenantId,
    job: { id: stored.job.id as string, templateId: stored.job.templateId as string, schema: stored.schema, status: (stored.job.status as JsonObject | undefined) ?? null },
    secrets: sp.secrets.map((s) => ({ ...s })),
    servicePrincipal: visible(sp.sp),
    appRoleAssignments: Object.values(tenant.state.appRoleAssignments).filter((a) => a.resourceId === spId),
    directory: {
      users: Object.values(tenant.state.users).map(visible),
      groups: Object.values(tenant.state.groups).map((g) => ({ ...visible(g), members: [...(g._members ?? [])] })),
    },
    memory: stored.memory,
    now: tenant.now(),
    fetchDispatcher: tenant.scimDispatcher ?? defaultDispatcher(),
    ...(options.forceDeletes ? { forceDeletes: true } : {}),
    ...(entry && !entry.softDelete ? { targetSupportsSoftDelete: false } : {}),
  };
}

let loopbackOnly: ReturnType<typeof loopbackOnlyDispatcher> | undefined;
const defaultDispatcher = () => (loopbackOnly ??= loopbackOnlyDispatcher());

/**
 * Runs one provisioning cycle of a job through the engine and records its result. Cycles of one
 * tenant run one at a time (the server is the single writer).
 */
export async function runCycle(tenant: Tenant, spId: string, jobId: string, options: { forceDeletes?: boolean } = {}): Promise<void> {
  const engine = tenant.engine;
  if (!engine) throw new Error(NO_ENGINE_MESSAGE);
  const sp = tenant.state.servicePrincipals[spId];
  const stored = sp?.jobs[jobId];
  if (!sp || !stored) return;
  const out = await engine.runCycle(engineInput(tenant, sp, stored, options));
  // The job may have been deleted while the cycle ran.
  if (tenant.state.servicePrincipals[spId]?.jobs[jobId] !== stored) return;
  stored.memory = out.memory;
  stored.job.status = out.status;
  if (out.disableJob) (stored.job.schedule as JsonObject).state = "Disabled";
  recordLogs(tenant, out.logs);
  tenant.changed();
}

/** Provisioning log entries kept (oldest dropped first); Entra keeps 30 days of them. */
export const MAX_PROVISIONING_LOGS = 5000;

function recordLogs(tenant: Tenant, logs: readonly JsonObject[]): void {
  const all = tenant.state.provisioningLogs;
  all.push(...logs);
  if (all.length > MAX_PROVISIONING_LOGS) all.splice(0, all.length - MAX_PROVISIONING_LOGS);
}

/** Jobs whose schedule is Active: what one `cycle` runs. */
export function activeJobs(tenant: Tenant): Array<{ spId: string; jobId: string }> {
  return Object.entries(tenant.state.servicePrincipals).flatMap(([spId, sp]) =>
    Object.entries(sp.jobs)
      .filter(([, j]) => (j.job.schedule as JsonObject).state === "Active")
      .map(([jobId]) => ({ spId, jobId })),
  );
}

const JobCreate = z.object({ templateId: z.string().min(1) });
const Secrets = z.object({ value: z.array(z.object({ key: z.string(), value: z.string().nullable() })) });
const Restart = z.object({ criteria: z.object({ resetScope: z.string().nullish() }).nullish() });
const Validate = z.object({
  applicationIdentifier: z.string().nullish(),
  templateId: z.string().nullish(),
  useSavedCredentials: z.boolean().nullish(),
  credentials: z.array(z.object({ key: z.string(), value: z.string().nullable() })).nullish(),
});
const OnDemand = z.object({
  parameters: z
    .array(
      z.object({
        ruleId: z.string().min(1),
        subjects: z.array(z.object({ objectId: z.string().min(1), objectTypeName: z.string().min(1), links: z.unknown().optional() })).min(1),
      }),
    )
    .min(1),
});

export function synchronizationRoutes(): Route[] {
  const base = "/servicePrincipals/{id}/synchronization";
  const withSp = (handler: (req: Request, tenant: Tenant, sp: StoredServicePrincipal) => Reply | Promise<Reply>) => (req: Request, tenant: Tenant) => {
    const sp = spOf(req, tenant);
    return sp ? handler(req, tenant, sp) : tenant.notFound(req, req.params.id);
  };
  const withJob = (handler: (req: Request, tenant: Tenant, sp: StoredServicePrincipal, job: StoredJob) => Reply | Promise<Reply>) =>
    withSp((req, tenant, sp) => {
      const job = sp.jobs[req.params.jobId];
      // UNCONFIRMED: the code Graph uses for an unknown job id; the status is 404.
      return job ? handler(req, tenant, sp, job) : tenant.error(req, 404, "ResourceNotFound", `The synchronization job '${req.params.jobId}' was not found.`);
    });
  const jobBody = (req: Request, job: StoredJob): Reply => ({ status: 200, body: { "@odata.context": contextUrl(req, `servicePrincipals('${req.params.id}')/synchronization/jobs/$entity`), ...job.job } });
  const schemaBody = (req: Request, schema: JsonObject, of: string): Reply => ({ status: 200, body: { "@odata.context": contextUrl(req, `servicePrincipals('${req.params.id}')/synchronization/${of}/schema/$entity`), ...schema } });

  return [
    {
      method: "GET",
      pattern: `${base}/templates`,
      handler: withSp((req, tenant, sp) => withQuery(req, tenant, () => collection(req, tenant, `servicePrincipals('${req.params.id}')/synchronization/templates`, applyFilter(syncTemplates(sp).map((t) => t.template), req, ["factoryTag", "id"])))),
    },
    {
      method: "GET",
      pattern: `${base}/templates/{templateId}`,
      handler: withSp((req, tenant, sp) => {
        const t = syncTemplates(sp).find((x) => x.template.id === req.params.templateId);
        return t ? { status: 200, body: { "@odata.context": contextUrl(req, `servicePrincipals('${req.params.id}')/synchronization/templates/$entity`), ...t.template } } : tenant.error(req, 404, "ResourceNotFound", `The synchronization template '${req.params.templateId}' was not found.`);
      }),
    },
    {
      method: "GET",
      pattern: `${base}/templates/{templateId}/schema`,
      handler: withSp((req, tenant, sp) => {
        const t = syncTemplates(sp).find((x) => x.template.id === req.params.templateId);
        return t ? schemaBody(req, t.schema, "templates") : tenant.error(req, 404, "ResourceNotFound", `The synchronization template '${req.params.templateId}' was not found.`);
      }),
    },
    {
      method: "GET",
      pattern: `${base}/jobs`,
      handler: withSp((req, tenant, sp) => collection(req, tenant, `servicePrincipals('${req.params.id}')/synchronization/jobs`, Object.values(sp.jobs).map((j) => j.job))),
    },
    {
      method: "POST",
      pattern: `${base}/jobs`,
      handler: withSp((req, tenant, sp) => {
        const body = parseBody(req, tenant, JobCreate);
        if (!body.ok) return body.reply;
        const t = syncTemplates(sp).find((x) => x.template.id === body.value.templateId);
        if (!t) return tenant.badRequest(req, `The template '${body.value.templateId}' is not a synchronization template of this service principal.`, "BadRequest");
        const id = newJobId(t.template.id as string);
        const job: JsonObject = {
          id,
          templateId: t.template.id as string,
          schedule: { expiration: null, interval: NEVER_INTERVAL, state: "Disabled" },
          status: newStatus(),
          synchronizationJobSettings: [],
        };
        sp.jobs[id] = { job, schema: { ...structuredClone(t.schema), id } };
        tenant.changed();
        return { status: 201, body: { "@odata.context": contextUrl(req, `servicePrincipals('${req.params.id}')/synchronization/jobs/$entity`), ...job } };
      }),
    },
    { method: "GET", pattern: `${base}/jobs/{jobId}`, handler: withJob((req, _t, _sp, job) => jobBody(req, job)) },
    {
      method: "DELETE",
      pattern: `${base}/jobs/{jobId}`,
      handler: withJob((req, tenant, sp) => {
        delete sp.jobs[req.params.jobId];
        tenant.changed();
        return noContent();
      }),
    },
    {
      method: "POST",
      pattern: `${base}/jobs/{jobId}/start`,
      handler: withJob((req, tenant, sp, job) => {
        const schedule = job.job.schedule as JsonObject;
        schedule.state = "Active";
        schedule.interval = CYCLE_INTERVAL;
        const status = job.job.status as JsonObject;
        // Start resumes a paused job and clears quarantine (Graph docs, synchronizationJob start).
        status.quarantine = null;
        status.code = status.lastExecution ? "Active" : "NotRun";
        tenant.changed();
        scheduleCycle(tenant, sp.sp.id as string, req.params.jobId);
        return noContent();
      }),
    },
    {
      method: "POST",
      pattern: `${base}/jobs/{jobId}/pause`,
      handler: withJob((_req, tenant, _sp, job) => {
        (job.job.schedule as JsonObject).state = "Paused";
        (job.job.status as JsonObject).code = "Paused";
        tenant.changed();
        return noContent();
      }),
    },
    {
      method: "POST",
      pattern: `${base}/jobs/{jobId}/restart`,
      handler: withJob((req, tenant, sp, job) => {
        const body = parseBody(req, tenant, Restart, { optional: true });
        if (!body.ok) return body.reply;
        const scope = (body.value.criteria?.resetScope ?? "").split(",").map((s) => s.trim()).filter(Boolean);
        const known = ["None", "ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "Full", "ForceDeletes"];
        const unknown = scope.find((s) => !known.includes(s));
        if (unknown) return tenant.badRequest(req, `criteria.resetScope: '${unknown}' is not one of ${known.join(", ")}`, "BadRequest");
        // Full (or a cleared connector data store) forgets what the job provisioned; the others keep it.
        if (scope.includes("Full") || scope.includes("ConnectorDataStore")) job.memory = undefined;
        const status = job.job.status as JsonObject;
        if (scope.length === 0 || scope.includes("Full") || scope.includes("QuarantineState")) status.quarantine = null;
        const schedule = job.job.schedule as JsonObject;
        if (schedule.state === "Active") scheduleCycle(tenant, sp.sp.id as string, req.params.jobId, { forceDeletes: scope.includes("ForceDeletes") || scope.includes("Full") });
        tenant.changed();
        return noContent();
      }),
    },
    {
      method: "POST",
      pattern: `${base}/jobs/{jobId}/validateCredentials`,
      handler: withJob(async (req, tenant, sp, job) => {
        const body = parseBody(req, tenant, Validate, { optional: true });
        if (!body.ok) return body.reply;
        if (!tenant.engine) return tenant.error(req, 501, "NotImplemented", NO_ENGINE_MESSAGE);
        // useSavedCredentials tests what PUT .../secrets saved; otherwise the credentials sent.
        // UNCONFIRMED: how Graph merges sent credentials with saved ones; only the sent ones count here.
        const credentials: KeyValue[] = body.value.useSavedCredentials ? sp.secrets : (body.value.credentials ?? []).map((c) => ({ key: c.key, value: c.value ?? "" }));
        const value = (key: string) => credentials.find((c) => c.key === key)?.value ?? "";
        const result = await tenant.engine.validateCredentials({ baseAddress: value("BaseAddress"), secretToken: value("SecretToken"), dispatcher: tenant.scimDispatcher ?? defaultDispatcher(), schema: job.schema, now: tenant.now() });
        if (result.ok) return noContent();
        return { status: result.status, body: result.body };
      }),
    },
    {
      method: "POST",
      pattern: `${base}/jobs/{jobId}/provisionOnDemand`,
      handler: withJob(async (req, tenant, sp, job) => {
        const body = parseBody(req, tenant, OnDemand);
        if (!body.ok) return body.reply;
        const ruleIds = ruleIdsOf(job.schema);
        const badRule = body.value.parameters.find((p) => !ruleIds.includes(p.ruleId));
        if (badRule) return tenant.badRequest(req, `parameters.ruleId: '${badRule.ruleId}' is not a rule of this job's schema (${ruleIds.join(", ")})`, "BadRequest");
        if (!tenant.engine) return tenant.error(req, 501, "NotImplemented", NO_ENGINE_MESSAGE);
        // Graph documents one stringKeyStringValuePair per request; with several subjects (the azuread
        // resource sends every parameter block at once) each is provisioned in order and the last
        // one's result is returned. UNCONFIRMED: what Graph returns for several subjects.
        let last: EngineOnDemandResult | undefined;
        for (const parameter of body.value.parameters) {
          for (const subject of parameter.subjects) {
            if (sp.jobs[req.params.jobId] !== job) return tenant.error(req, 404, "ResourceNotFound", `The synchronization job '${req.params.jobId}' was not found.`);
            try {
              last = await tenant.engine.provisionOnDemand(engineInput(tenant, sp, job), subject, parameter.ruleId);
            } catch (err) {
              const refusal = onDemandRefusal(err);
              if (!refusal) throw err;
              return tenant.error(req, refusal.status, refusal.code, refusal.message);
            }
            job.memory = last.memory;
            recordLogs(tenant, last.logs);
            tenant.changed();
          }
        }
        const response = (last as EngineOnDemandResult).response;
        return { status: 200, body: { "@odata.context": contextUrl(req, "microsoft.graph.stringKeyStringValuePair"), key: response.key, value: response.value } };
      }),
    },
    { method: "GET", pattern: `${base}/jobs/{jobId}/schema`, handler: withJob((req, _t, _sp, job) => schemaBody(req, job.schema, "jobs")) },
    {
      method: "PUT",
      pattern: `${base}/jobs/{jobId}/schema`,
      handler: withJob((req, tenant, sp, job) => {
        let body: unknown;
        try {
          body = JSON.parse(req.text);
        } catch {
          return tenant.error(req, 400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }
        if (body === null || typeof body !== "object" || Array.isArray(body)) return tenant.error(req, 400, "BadRequest", "The request body must be a synchronizationSchema object.");
        const template = syncTemplates(sp).find((t) => t.template.id === job.job.templateId);
        const problem = schemaProblem(body, ruleIdsOf(template?.schema ?? job.schema));
        if (problem) return tenant.error(req, 400, "BadRequest", `Invalid synchronization schema: ${problem}`);
        // PUT replaces the whole document; instance annotations and the server-kept id and version are not the client's.
        const document = Object.fromEntries(Object.entries(body as JsonObject).filter(([k]) => !k.startsWith("@odata."))) as JsonObject;
        job.schema = { ...document, id: req.params.jobId, version: `Date:${tenant.now().toISOString()}` };
        tenant.changed();
        return noContent();
      }),
    },
    {
      method: "DELETE",
      pattern: `${base}/jobs/{jobId}/schema`,
      handler: withJob((req, tenant, sp, job) => {
        const template = syncTemplates(sp).find((t) => t.template.id === job.job.templateId);
        if (!template) return tenant.error(req, 404, "ResourceNotFound", `The synchronization template '${String(job.job.templateId)}' was not found.`);
        job.schema = { ...structuredClone(template.schema), id: req.params.jobId };
        tenant.changed();
        return noContent();
      }),
    },
    {
      method: "GET",
      pattern: `${base}/jobs/{jobId}/schema/filterOperators`,
      handler: withJob((req, tenant) =>
        collection(
          req,
          tenant,
          "Collection(microsoft.graph.filterOperatorSchema)",
          FILTER_OPERATORS.map((o) => ({ name: o.name, arity: o.arity, multivaluedComparisonType: "All", supportedAttributeTypes: ["String", "Integer", "Reference", "Binary", "Boolean", "DateTime"] })),
        ),
      ),
    },
    {
      method: "GET",
      pattern: `${base}/jobs/{jobId}/schema/functions`,
      handler: withJob((req, tenant) => collection(req, tenant, "Collection(microsoft.graph.attributeMappingFunctionSchema)", [...FUNCTIONS].map((name) => ({ name, parameters: [] })))),
    },
    {
      method: "GET",
      pattern: `${base}/secrets`,
      handler: withSp((req, _tenant, sp) => ({
        status: 200,
        body: {
          "@odata.context": contextUrl(req, `servicePrincipals('${req.params.id}')/synchronization/secrets`),
          value: sp.secrets.map((s) => ({ key: s.key, value: MASKED_KEYS.has(s.key) ? "*" : s.value })),
        },
      })),
    },
    {
      method: "PUT",
      pattern: `${base}/secrets`,
      handler: withSp((req, tenant, sp) => {
        const body = parseBody(req, tenant, Secrets);
        if (!body.ok) return body.reply;
        const unknown = body.value.value.find((s) => !(SECRET_KEYS as readonly string[]).includes(s.key));
        if (unknown) return tenant.badRequest(req, `The key '${unknown.key.slice(0, 64)}' is not a synchronizationSecret value.`, "BadRequest");
        // The whole set is replaced; a key sent with an empty value is removed (the azuread provider deletes this way).
        const next = new Map<string, string>();
        for (const s of body.value.value) {
          if (s.value === null || s.value === "") next.delete(s.key);
          else next.set(s.key, s.value);
        }
        sp.secrets = [...next].map(([key, value]) => ({ key, value }));
        tenant.changed();
        return noContent();
      }),
    },
  ];
}

/** Cycles queued by start/restart, run one after another after the response is sent. */
const queues = new WeakMap<Tenant, Promise<void>>();

export function scheduleCycle(tenant: Tenant, spId: string, jobId: string, options: { forceDeletes?: boolean } = {}): void {
  if (!tenant.engine) return; // no engine: start and restart only change the schedule
  const previous = queues.get(tenant) ?? Promise.resolve();
  const next = previous.then(() => runCycle(tenant, spId, jobId, options)).catch((err: unknown) => tenant.log?.(`cycle ${jobId}: ${(err as Error).message}`));
  queues.set(tenant, next);
}

/** Resolves when every queued cycle has run. */
export function cyclesSettled(tenant: Tenant): Promise<void> {
  return queues.get(tenant) ?? Promise.resolve();
}

export function auditRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: "/auditLogs/provisioning",
      handler: (req, tenant) =>
        withQuery(req, tenant, () => collection(req, tenant, "auditLogs/provisioning", applyFilter([...tenant.state.provisioningLogs].reverse(), req, ["jobId", "cycleId", "changeId", "action", "id"]))),
    },
  ];
}
