/**
 * Reads one app through Graph (read-only): its service principal (by object id or display name),
 * application, application template (gallery name), app role assignments, provisioning job, the
 * job's schema and the job template's schema. Secrets (tenant URL, token, scope, notification and
 * deletion settings) are never read. The result is what buildImport turns into code.
 */

import type { Assignment } from "../../constructs/assignments";
import { assignmentKey } from "../../constructs/assignments";
import type { ImportInput } from "./build";
import type { ConnectorKey } from "./connector";
import { ImportError } from "./connector";
import { GraphClient, GraphError } from "./graph-client";
import {
  ApplicationSchema,
  ApplicationTemplateSchema,
  AppRoleAssignmentSchema,
  SchemaDocumentSchema,
  ServicePrincipalSchema,
  SynchronizationJobSchema,
  type GraphServicePrincipal,
} from "./graph-shapes";
import { parseSchemaValue } from "./schema-files";
import { quote } from "./text";
import { SECRET_SETTINGS } from "./unread";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Entra's default role (no app role): the constructs refuse it, Entra skips such users. */
const DEFAULT_ACCESS_ROLE = "00000000-0000-0000-0000-000000000000";

export interface ReadOptions {
  readonly tenantId: string;
  /** Display name or service principal object id. */
  readonly app: string;
  readonly stackId?: string;
  readonly tenantUrl?: string;
  readonly registeredDomains?: readonly string[];
  readonly connectorKey?: ConnectorKey;
}

/** `'` doubled, as OData string literals escape it. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

async function findServicePrincipal(graph: GraphClient, app: string): Promise<GraphServicePrincipal> {
  if (GUID.test(app)) {
    try {
      return await graph.get(`/servicePrincipals/${app}`, ServicePrincipalSchema, "the service principal");
    } catch (err) {
      if (err instanceof GraphError && err.status === 404) {
        throw new ImportError(`no enterprise app (service principal) has object id ${app}; expected the Object ID from Enterprise applications > the app > Properties`);
      }
      throw err;
    }
  }
  const filter = encodeURIComponent(`displayName eq ${odataString(app)}`);
  const found = await graph.list(`/servicePrincipals?$filter=${filter}`, ServicePrincipalSchema, "service principals named like the app");
  if (found.length === 0) throw new ImportError(`no enterprise app is named ${quote(app)}; expected its display name exactly, or its object id`);
  if (found.length > 1) {
    throw new ImportError(`${found.length} enterprise apps are named ${quote(app)} (object ids ${found.map((s) => s.id).join(", ")}); pass --app with one object id`);
  }
  return found[0];
}

export async function readApp(graph: GraphClient, options: ReadOptions): Promise<ImportInput> {
  const notes: string[] = [];
  const sp = await findServicePrincipal(graph, options.app);
  const displayName = sp.displayName ?? options.app;
  const templateId = sp.applicationTemplateId ?? undefined;
  if (templateId === undefined || !GUID.test(templateId)) {
    throw new ImportError(
      `${quote(displayName)} was not instantiated from an application template (no applicationTemplateId); ScimProvisionedApp adopts only apps added from the gallery or as non-gallery apps`,
    );
  }
  const application = await graph.list(`/applications?$filter=${encodeURIComponent(`appId eq ${odataString(sp.appId)}`)}`, ApplicationSchema, "the application");
  if (application.length !== 1) throw new ImportError(`found ${application.length} applications with appId ${sp.appId}; expected exactly one (the app's registration)`);
  const template = await graph.get(`/applicationTemplates/${templateId}`, ApplicationTemplateSchema, "the application template");

  const jobs = await graph.list(`/servicePrincipals/${sp.id}/synchronization/jobs`, SynchronizationJobSchema, "the provisioning jobs");
  if (jobs.length === 0) throw new ImportError(`${quote(displayName)} has no provisioning job; set up provisioning in the portal first, or declare the app without import`);
  if (jobs.length > 1) throw new ImportError(`${quote(displayName)} has ${jobs.length} provisioning jobs (${jobs.map((j) => quote(j.id)).join(", ")}); ScimProvisionedApp manages one`);
  const job = jobs[0];
  const jobPath = `/servicePrincipals/${sp.id}/synchronization/jobs/${encodeURIComponent(job.id)}/schema`;
  const jobSchema = parseSchemaValue(await graph.get(jobPath, SchemaDocumentSchema, "the job's schema"), "the job's schema");
  const templatePath = `/servicePrincipals/${sp.id}/synchronization/templates/${encodeURIComponent(job.templateId)}/schema`;
  const templateSchema = parseSchemaValue(await graph.get(templatePath, SchemaDocumentSchema, "the template's schema"), "the template's schema");

  const state = job.schedule?.state ?? undefined;
  const provisioning = state === "Active" ? "on" : "off";

  const roles = new Map((sp.appRoles ?? []).map((r) => [r.id.toLowerCase(), r]));
  const raw = await graph.list(`/servicePrincipals/${sp.id}/appRoleAssignedTo`, AppRoleAssignmentSchema, "the app's role assignments");
  const assignments: Array<Assignment & { note?: string }> = [];
  const adoptedAssignments: Record<string, string> = {};
  for (const a of raw) {
    const who = `${a.principalType ?? "principal"} ${quote(a.principalDisplayName ?? a.principalId)} (${a.principalId})`;
    const kind = a.principalType === "User" ? "user" : a.principalType === "Group" ? "group" : undefined;
    if (!kind) {
      notes.push(`assignment of ${who}: only users and groups can be declared; it stays assigned, outside the code`);
      continue;
    }
    if (a.appRoleId === DEFAULT_ACCESS_ROLE) {
      notes.push(`assignment of ${who} has the Default Access role, which Entra skips when provisioning and the constructs refuse; it stays assigned, outside the code`);
      continue;
    }
    const role = roles.get(a.appRoleId.toLowerCase());
    const roleName = role?.displayName ?? undefined;
    const sameName = (sp.appRoles ?? []).filter((r) => r.displayName === roleName);
    if (!roleName || sameName.length !== 1) {
      notes.push(`assignment of ${who}: its role ${a.appRoleId} ${roleName ? `shares its name ${quote(roleName)} with another role` : "is not one of the app's roles"}; roles are declared by name, so it stays outside the code`);
      continue;
    }
    // Principals by object id: exact, and needs no permission to read users or groups.
    const assignment: Assignment = kind === "user" ? { user: a.principalId, role: roleName } : { group: a.principalId, role: roleName };
    assignments.push({ ...assignment, note: `${a.principalType} ${a.principalDisplayName ?? ""}`.trim() });
    adoptedAssignments[assignmentKey(assignment)] = a.id;
  }

  return {
    tenantId: options.tenantId,
    stackId: options.stackId,
    displayName,
    connectorKey: options.connectorKey,
    applicationTemplateId: templateId,
    templateName: template.displayName ?? undefined,
    tenantUrl: options.tenantUrl,
    registeredDomains: options.registeredDomains,
    template: templateSchema,
    job: jobSchema,
    provisioning,
    assignments,
    adopt: {
      applicationTemplateId: templateId,
      applicationObjectId: application[0].id,
      servicePrincipalObjectId: sp.id,
      synchronizationJobId: job.id,
      synchronizationTemplateId: job.templateId,
      ...(Object.keys(adoptedAssignments).length > 0 ? { roleAssignments: adoptedAssignments } : {}),
    },
    notes,
    unread: SECRET_SETTINGS,
    source: `Microsoft Graph, tenant ${options.tenantId}, app ${sp.id}`,
  };
}


