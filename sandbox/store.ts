/**
 * The tenant: every object the sandbox holds, as one JSON document in `<stateDir>/tenant.json`.
 * The server is the only writer; each change is written atomically (a temporary file renamed over
 * the old one), so a crash never leaves half a tenant, and a restart (or another process's deploy,
 * drift, import against the same server) sees the same tenant.
 *
 * Objects are kept in Graph's own shapes (property names as Graph documents them), so routes
 * return them with little more than `@odata.context`.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface KeyValue {
  key: string;
  value: string;
}

export interface StoredJob {
  /** The synchronizationJob as Graph returns it (id, templateId, schedule, status, synchronizationJobSettings). */
  job: JsonObject;
  /** The job's synchronizationSchema (id, version, synchronizationRules, directories). */
  schema: JsonObject;
  /** What the provisioning engine remembers between cycles (opaque here). */
  memory?: Json;
}

export interface StoredServicePrincipal {
  sp: JsonObject;
  /** Synchronization jobs by job id. */
  jobs: Record<string, StoredJob>;
  /** Synchronization secrets (PUT .../synchronization/secrets), values in clear: only the server reads them. */
  secrets: KeyValue[];
}

export interface TenantState {
  readonly format: 1;
  tenantId: string;
  /** The initial domain, e.g. `sandbox<hex>.onmicrosoft.com`: sign-in accepts it as the tenant too. */
  domain: string;
  /** The sandbox's own client-credentials app: what ARM_CLIENT_ID / AZURE_CLIENT_ID sign in as. */
  operator: { appId: string; servicePrincipalId: string; applicationId: string; secret: string };
  /** HMAC key of the access tokens this sandbox issues. */
  signingKey: string;
  applications: Record<string, JsonObject>;
  servicePrincipals: Record<string, StoredServicePrincipal>;
  appRoleAssignments: Record<string, JsonObject>;
  users: Record<string, JsonObject>;
  groups: Record<string, JsonObject & { _members?: string[]; _owners?: string[] }>;
  /** Provisioning log entries (GET /auditLogs/provisioning), oldest first. */
  provisioningLogs: JsonObject[];
}

export const STATE_FILE = "tenant.json";

function operatorObjects(state: TenantState, now: string): void {
  const { appId, applicationId, servicePrincipalId } = state.operator;
  state.applications[applicationId] = {
    id: applicationId,
    appId,
    displayName: "Entra sandbox operator",
    createdDateTime: now,
    signInAudience: "AzureADMyOrg",
    tags: [],
    appRoles: [],
  };
  state.servicePrincipals[servicePrincipalId] = {
    sp: {
      id: servicePrincipalId,
      appId,
      appDisplayName: "Entra sandbox operator",
      displayName: "Entra sandbox operator",
      accountEnabled: true,
      servicePrincipalType: "Application",
      appOwnerOrganizationId: state.tenantId,
      applicationTemplateId: null,
      appRoles: [],
      tags: [],
      samlMetadataUrl: null,
      createdDateTime: now,
    },
    jobs: {},
    secrets: [],
  };
}

/** A new, empty tenant: fresh ids and a fresh operator secret. */
export function freshTenant(now: Date, keep?: Partial<Pick<TenantState, "tenantId" | "domain" | "operator" | "signingKey">>): TenantState {
  const tenantId = keep?.tenantId ?? randomUUID();
  const state: TenantState = {
    format: 1,
    tenantId,
    domain: keep?.domain ?? `sandbox${tenantId.slice(0, 8)}.onmicrosoft.com`,
    operator: keep?.operator ?? {
      appId: randomUUID(),
      applicationId: randomUUID(),
      servicePrincipalId: randomUUID(),
      // Entra's client secrets are 40 characters of letters, digits and ~._- ; this is as long.
      secret: randomBytes(30).toString("base64url"),
    },
    signingKey: keep?.signingKey ?? randomBytes(32).toString("base64url"),
    applications: {},
    servicePrincipals: {},
    appRoleAssignments: {},
    users: {},
    groups: {},
    provisioningLogs: [],
  };
  operatorObjects(state, now.toISOString());
  return state;
}

export class Store {
  private readonly file: string;
  state: TenantState;

  /**
   * @param tenantId the directory id of a tenant created here (e.g. the one a stack pins in its
   *   provider blocks); an existing tenant with another id is replaced by a fresh one.
   *   @default a random UUID for a new tenant; an existing tenant keeps its own
   */
  constructor(
    readonly stateDir: string,
    now: Date,
    tenantId?: string,
  ) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.file = join(stateDir, STATE_FILE);
    if (existsSync(this.file)) {
      const parsed = JSON.parse(readFileSync(this.file, "utf8")) as TenantState;
      if (parsed.format !== 1) throw new Error(`${this.file}: format ${String(parsed.format)} is not one this sandbox reads; run reset`);
      this.state = parsed;
      if (tenantId !== undefined && parsed.tenantId !== tenantId) {
        this.state = freshTenant(now, { tenantId, domain: `sandbox${tenantId.slice(0, 8)}.onmicrosoft.com`, operator: parsed.operator, signingKey: parsed.signingKey });
        this.save();
      }
    } else {
      this.state = freshTenant(now, { tenantId });
      this.save();
    }
  }

  private pending = false;

  /**
   * Schedules a write: changes made in one turn of the event loop (a burst of parallel requests)
   * are written once, right after. close() flushes what is pending.
   */
  changed(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => this.flush());
  }

  /** Writes now if a change is pending. */
  flush(): void {
    if (!this.pending) return;
    this.save();
  }

  /** Writes the tenant atomically (temporary file + rename), readable by the owner only. */
  save(): void {
    this.pending = false;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  /** Empties the tenant; keeps its id and the operator's credentials, so `env` lines stay valid. */
  reset(now: Date): void {
    const { tenantId, domain, operator, signingKey } = this.state;
    this.state = freshTenant(now, { tenantId, domain, operator, signingKey });
    this.save();
  }
}
