/**
 * Application templates, instantiate, applications and service principals (Microsoft Graph v1.0
 * and beta: applicationTemplate get/list/instantiate, application get/list/update/delete,
 * servicePrincipal get/list).
 *
 * Deleting an application deletes its service principal, the service principal's
 * synchronization jobs and secrets, and the app role assignments to and from it: the azuread
 * provider's `azuread_application_from_template` deletes only the application, as Entra's own
 * delete of an enterprise app does.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appRoles, TEMPLATES, templateById } from "../catalog/templates";
import type { Request, Reply, Route } from "../http";
import { noContent } from "../http";
import type { JsonObject } from "../store";
import type { Tenant } from "../tenant";
import { isGuid, parseBody } from "./body";
import { applyFilter, collection, contextUrl, entity, visible, withQuery } from "./odata";

function templateRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: "/applicationTemplates",
      handler: (req, tenant) =>
        withQuery(req, tenant, () =>
          collection(
            req,
            tenant,
            "applicationTemplates",
            applyFilter(
              TEMPLATES.map((t) => t.template),
              req,
              ["displayName", "id"],
            ),
          ),
        ),
    },
    {
      method: "GET",
      pattern: "/applicationTemplates/{id}",
      handler: (req, tenant) => {
        const entry = templateById(req.params.id);
        if (!entry) return tenant.notFound(req, req.params.id);
        return entity(req, "applicationTemplates", entry.template);
      },
    },
    { method: "POST", pattern: "/applicationTemplates/{id}/instantiate", handler: instantiate },
  ];
}

const InstantiateBody = z.object({ displayName: z.string().min(1).max(256) });

function instantiate(req: Request, tenant: Tenant): Reply {
  const entry = templateById(req.params.id);
  if (!entry) return tenant.notFound(req, req.params.id);
  const body = parseBody(req, tenant, InstantiateBody);
  if (!body.ok) return body.reply;
  const now = tenant.now().toISOString();
  const appId = randomUUID();
  const templateId = entry.template.id as string;
  const application: JsonObject = {
    id: randomUUID(),
    appId,
    applicationTemplateId: templateId,
    displayName: body.value.displayName,
    createdDateTime: now,
    signInAudience: "AzureADMyOrg",
    identifierUris: [],
    tags: [],
    appRoles: appRoles(),
    web: { homePageUrl: (entry.template.homePageUrl as string | null) ?? null, redirectUris: [] },
  };
  const servicePrincipal: JsonObject = {
    id: randomUUID(),
    appId,
    accountEnabled: true,
    appDisplayName: body.value.displayName,
    appOwnerOrganizationId: tenant.state.tenantId,
    applicationTemplateId: templateId,
    appRoleAssignmentRequired: true,
    appRoles: appRoles(),
    createdDateTime: now,
    displayName: body.value.displayName,
    homepage: (entry.template.homePageUrl as string | null) ?? null,
    preferredSingleSignOnMode: null,
    samlMetadataUrl: null,
    servicePrincipalNames: [appId],
    servicePrincipalType: "Application",
    tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
    _syncAppName: body.value.displayName,
  };
  tenant.state.applications[application.id as string] = application;
  tenant.state.servicePrincipals[servicePrincipal.id as string] = { sp: servicePrincipal, jobs: {}, secrets: [] };
  tenant.changed();
  return {
    status: 201,
    body: {
      "@odata.context": contextUrl(req, "microsoft.graph.applicationServicePrincipal"),
      application: visible(application),
      servicePrincipal: visible(servicePrincipal),
    },
  };
}

/** Deletes a service principal and everything that hangs off it. */
export function deleteServicePrincipal(tenant: Tenant, id: string): void {
  delete tenant.state.servicePrincipals[id];
  for (const [aid, a] of Object.entries(tenant.state.appRoleAssignments)) {
    if (a.resourceId === id || a.principalId === id) delete tenant.state.appRoleAssignments[aid];
  }
}

const ApplicationPatch = z
  .object({
    displayName: z.string().min(1).max(256).optional(),
    description: z.string().max(1024).nullable().optional(),
    notes: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();

function applicationRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: "/applications",
      handler: (req, tenant) =>
        withQuery(req, tenant, () => collection(req, tenant, "applications", applyFilter(Object.values(tenant.state.applications), req, ["appId", "displayName", "id"]))),
    },
    {
      method: "GET",
      pattern: "/applications/{id}",
      handler: (req, tenant) => {
        if (!isGuid(req.params.id)) return tenant.badRequest(req, `Invalid object identifier '${req.params.id}'.`);
        const app = tenant.state.applications[req.params.id.toLowerCase()];
        return app ? entity(req, "applications", app) : tenant.notFound(req, req.params.id);
      },
    },
    {
      method: "PATCH",
      pattern: "/applications/{id}",
      handler: (req, tenant) => {
        const app = tenant.state.applications[req.params.id];
        if (!app) return tenant.notFound(req, req.params.id);
        const body = parseBody(req, tenant, ApplicationPatch);
        if (!body.ok) return body.reply;
        Object.assign(app, body.value);
        tenant.changed();
        return noContent();
      },
    },
    {
      method: "DELETE",
      pattern: "/applications/{id}",
      handler: (req, tenant) => {
        const app = tenant.state.applications[req.params.id];
        if (!app || app.id === tenant.state.operator.applicationId) {
          // The sandbox's own sign-in app cannot be deleted: it is what every client signs in as.
          return app ? tenant.error(req, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.") : tenant.notFound(req, req.params.id);
        }
        delete tenant.state.applications[req.params.id];
        for (const [spId, sp] of Object.entries(tenant.state.servicePrincipals)) if (sp.sp.appId === app.appId) deleteServicePrincipal(tenant, spId);
        tenant.changed();
        return noContent();
      },
    },
  ];
}

function servicePrincipalRoutes(): Route[] {
  return [
    {
      method: "GET",
      pattern: "/servicePrincipals",
      handler: (req, tenant) =>
        withQuery(req, tenant, () =>
          collection(
            req,
            tenant,
            "servicePrincipals",
            applyFilter(
              Object.values(tenant.state.servicePrincipals).map((s) => s.sp),
              req,
              ["appId", "displayName", "id", "servicePrincipalType"],
            ),
          ),
        ),
    },
    {
      method: "GET",
      pattern: "/servicePrincipals/{id}",
      handler: (req, tenant) => {
        if (!isGuid(req.params.id)) return tenant.badRequest(req, `Invalid object identifier '${req.params.id}'.`);
        const sp = tenant.state.servicePrincipals[req.params.id.toLowerCase()];
        return sp ? entity(req, "servicePrincipals", sp.sp) : tenant.notFound(req, req.params.id);
      },
    },
    {
      // Deleting an enterprise app's service principal keeps its application (app registration).
      method: "DELETE",
      pattern: "/servicePrincipals/{id}",
      handler: (req, tenant) => {
        if (!isGuid(req.params.id)) return tenant.badRequest(req, `Invalid object identifier '${req.params.id}'.`);
        const id = req.params.id.toLowerCase();
        if (!tenant.state.servicePrincipals[id]) return tenant.notFound(req, req.params.id);
        if (id === tenant.state.operator.servicePrincipalId) return tenant.error(req, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        deleteServicePrincipal(tenant, id);
        tenant.changed();
        return noContent();
      },
    },
  ];
}

export function applicationsRoutes(): Route[] {
  return [...templateRoutes(), ...applicationRoutes(), ...servicePrincipalRoutes()];
}
