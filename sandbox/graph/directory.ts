/**
 * Users and groups (Microsoft Graph v1.0/beta user and group: create, get, list with `$filter`,
 * update, delete; group members and owners; a user's manager) and app role assignments
 * (servicePrincipal appRoleAssignedTo: create, get, list, delete).
 *
 * A user's password is accepted at create (Graph requires passwordProfile) and never stored.
 * APPROXIMATION: the domain part of userPrincipalName is not checked against verified domains
 * (a sandbox tenant has none to verify); everything else Graph requires at create is.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Request, Reply, Route } from "../http";
import { noContent } from "../http";
import type { JsonObject } from "../store";
import type { Tenant } from "../tenant";
import { isGuid, parseBody } from "./body";
import { applyFilter, collection, contextUrl, entity, visible, withQuery } from "./odata";

const USER_FILTERABLE = ["userPrincipalName", "displayName", "mail", "mailNickname", "employeeId", "id", "accountEnabled", "givenName", "surname", "userType"];
const GROUP_FILTERABLE = ["displayName", "mailNickname", "mailEnabled", "securityEnabled", "id"];

const optionalText = z.string().max(1024).nullable().optional();
const UserCreate = z.object({
  accountEnabled: z.boolean(),
  displayName: z.string().min(1).max(256),
  mailNickname: z.string().min(1).max(64),
  userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "must be alias@domain"),
  passwordProfile: z.object({ password: z.string().min(1), forceChangePasswordNextSignIn: z.boolean().optional() }),
  givenName: optionalText,
  surname: optionalText,
  mail: optionalText,
  jobTitle: optionalText,
  department: optionalText,
  companyName: optionalText,
  employeeId: optionalText,
  employeeType: optionalText,
  city: optionalText,
  state: optionalText,
  country: optionalText,
  postalCode: optionalText,
  streetAddress: optionalText,
  officeLocation: optionalText,
  preferredLanguage: optionalText,
  mobilePhone: optionalText,
  usageLocation: optionalText,
  userType: z.enum(["Member", "Guest"]).optional(),
});
const UserPatch = UserCreate.omit({ passwordProfile: true }).partial().strict();

const GroupCreate = z.object({
  displayName: z.string().min(1).max(256),
  mailEnabled: z.boolean(),
  mailNickname: z.string().min(1).max(64),
  securityEnabled: z.boolean(),
  description: optionalText,
  groupTypes: z.array(z.string()).optional(),
  "members@odata.bind": z.array(z.string()).optional(),
});

/** `https://graph.microsoft.com/v1.0/directoryObjects/{id}` (or users/, groups/) → id. */
function referencedId(url: string): string | undefined {
  const m = /\/(?:directoryObjects|users|groups|servicePrincipals)\/([0-9a-fA-F-]{36})$/.exec(url);
  return m ? m[1].toLowerCase() : undefined;
}

/** A directory object by id, with its Graph type: what members, principals and references point to. */
export function directoryObject(tenant: Tenant, id: string): { type: "user" | "group" | "servicePrincipal"; object: JsonObject } | undefined {
  if (tenant.state.users[id]) return { type: "user", object: tenant.state.users[id] };
  if (tenant.state.groups[id]) return { type: "group", object: tenant.state.groups[id] };
  if (tenant.state.servicePrincipals[id]) return { type: "servicePrincipal", object: tenant.state.servicePrincipals[id].sp };
  return undefined;
}

function typed(found: { type: string; object: JsonObject }): JsonObject {
  return { "@odata.type": `#microsoft.graph.${found.type}`, ...visible(found.object) };
}

function duplicate(tenant: Tenant, req: Request, property: string): Reply {
  return tenant.badRequest(req, `Another object with the same value for property ${property} already exists.`);
}

function userRoutes(): Route[] {
  return [
    {
      method: "POST",
      pattern: "/users",
      handler: (req, tenant) => {
        const body = parseBody(req, tenant, UserCreate);
        if (!body.ok) return body.reply;
        const { passwordProfile: _password, ...fields } = body.value;
        const upn = fields.userPrincipalName.toLowerCase();
        if (Object.values(tenant.state.users).some((u) => String(u.userPrincipalName).toLowerCase() === upn)) return duplicate(tenant, req, "userPrincipalName");
        const user: JsonObject = {
          id: randomUUID(),
          businessPhones: [],
          givenName: null,
          surname: null,
          mail: null,
          jobTitle: null,
          department: null,
          employeeId: null,
          officeLocation: null,
          mobilePhone: null,
          preferredLanguage: null,
          userType: "Member",
          createdDateTime: tenant.now().toISOString(),
          ...(fields as JsonObject),
        };
        tenant.state.users[user.id as string] = user;
        tenant.changed();
        return { status: 201, body: { "@odata.context": contextUrl(req, "users/$entity"), ...visible(user) } };
      },
    },
    {
      method: "GET",
      pattern: "/users",
      handler: (req, tenant) => withQuery(req, tenant, () => collection(req, tenant, "users", applyFilter(Object.values(tenant.state.users), req, USER_FILTERABLE))),
    },
    {
      method: "GET",
      pattern: "/users/{id}",
      handler: (req, tenant) => {
        const id = req.params.id.toLowerCase();
        const user = tenant.state.users[id] ?? Object.values(tenant.state.users).find((u) => String(u.userPrincipalName).toLowerCase() === id);
        return user ? entity(req, "users", user) : tenant.notFound(req, req.params.id);
      },
    },
    {
      method: "PATCH",
      pattern: "/users/{id}",
      handler: (req, tenant) => {
        const user = tenant.state.users[req.params.id];
        if (!user) return tenant.notFound(req, req.params.id);
        const body = parseBody(req, tenant, UserPatch);
        if (!body.ok) return body.reply;
        Object.assign(user, body.value);
        tenant.changed();
        return noContent();
      },
    },
    deleteRoute("users"),
    {
      method: "GET",
      pattern: "/users/{id}/manager",
      handler: (req, tenant) => {
        const user = tenant.state.users[req.params.id];
        if (!user) return tenant.notFound(req, req.params.id);
        const manager = typeof user._manager === "string" ? directoryObject(tenant, user._manager) : undefined;
        if (!manager) return tenant.notFound(req, "manager");
        return { status: 200, body: { "@odata.context": contextUrl(req, "directoryObjects/$entity"), ...typed(manager) } };
      },
    },
    {
      method: "PUT",
      pattern: "/users/{id}/manager/$ref",
      handler: (req, tenant) => {
        const user = tenant.state.users[req.params.id];
        if (!user) return tenant.notFound(req, req.params.id);
        const ref = refOf(req);
        const manager = ref ? tenant.state.users[ref] : undefined;
        if (!manager) return tenant.badRequest(req, "Invalid object identifier in @odata.id.");
        user._manager = ref as string;
        tenant.changed();
        return noContent();
      },
    },
  ];
}

/** `{"@odata.id": ".../directoryObjects/{id}"}` → id; the annotation is the whole body of a $ref call. */
function refOf(req: Request): string | undefined {
  try {
    const body = JSON.parse(req.text) as { "@odata.id"?: unknown };
    return typeof body["@odata.id"] === "string" ? referencedId(body["@odata.id"]) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes an object from every group's members and every app role assignment. */
function deleteDirectoryObject(tenant: Tenant, id: string): void {
  for (const g of Object.values(tenant.state.groups)) if (g._members?.includes(id)) g._members = g._members.filter((m) => m !== id);
  for (const [aid, a] of Object.entries(tenant.state.appRoleAssignments)) if (a.principalId === id) delete tenant.state.appRoleAssignments[aid];
}

/** DELETE /users/{id} or /groups/{id}: the object, and its memberships and role assignments. */
function deleteRoute(kind: "users" | "groups"): Route {
  return {
    method: "DELETE",
    pattern: `/${kind}/{id}`,
    handler: (req, tenant) => {
      if (!tenant.state[kind][req.params.id]) return tenant.notFound(req, req.params.id);
      deleteDirectoryObject(tenant, req.params.id);
      delete tenant.state[kind][req.params.id];
      tenant.changed();
      return noContent();
    },
  };
}

/** GET /groups/{id}/members or /owners: the directory objects, typed, with the query options. */
function relationRoute(relation: "members" | "owners"): Route {
  const field = relation === "members" ? "_members" : "_owners";
  return {
    method: "GET",
    pattern: `/groups/{id}/${relation}`,
    handler: (req, tenant) => {
      const group = tenant.state.groups[req.params.id];
      if (!group) return tenant.notFound(req, req.params.id);
      const objects = ((group[field] as string[] | undefined) ?? []).flatMap((m) => {
        const found = directoryObject(tenant, m);
        return found ? [typed(found)] : [];
      });
      return withQuery(req, tenant, () => collection(req, tenant, "directoryObjects", objects));
    },
  };
}

function groupRoutes(): Route[] {
  return [
    {
      method: "POST",
      pattern: "/groups",
      handler: (req, tenant) => {
        const body = parseBody(req, tenant, GroupCreate);
        if (!body.ok) return body.reply;
        const { "members@odata.bind": bind, ...fields } = body.value;
        const members: string[] = [];
        for (const url of bind ?? []) {
          const id = referencedId(url);
          if (!id || !directoryObject(tenant, id)) return tenant.badRequest(req, `Invalid object identifier '${url}'.`);
          if (!members.includes(id)) members.push(id);
        }
        const group: JsonObject & { _members?: string[] } = {
          id: randomUUID(),
          description: null,
          groupTypes: [],
          mail: null,
          createdDateTime: tenant.now().toISOString(),
          ...(fields as JsonObject),
          _members: members,
          _owners: [],
        };
        tenant.state.groups[group.id as string] = group;
        tenant.changed();
        return { status: 201, body: { "@odata.context": contextUrl(req, "groups/$entity"), ...visible(group) } };
      },
    },
    {
      method: "GET",
      pattern: "/groups",
      handler: (req, tenant) => withQuery(req, tenant, () => collection(req, tenant, "groups", applyFilter(Object.values(tenant.state.groups), req, GROUP_FILTERABLE))),
    },
    {
      method: "GET",
      pattern: "/groups/{id}",
      handler: (req, tenant) => {
        if (!isGuid(req.params.id)) return tenant.badRequest(req, `Invalid object identifier '${req.params.id}'.`);
        const group = tenant.state.groups[req.params.id.toLowerCase()];
        return group ? entity(req, "groups", group) : tenant.notFound(req, req.params.id);
      },
    },
    deleteRoute("groups"),
    relationRoute("members"),
    relationRoute("owners"),
    {
      method: "POST",
      pattern: "/groups/{id}/members/$ref",
      handler: (req, tenant) => {
        const group = tenant.state.groups[req.params.id];
        if (!group) return tenant.notFound(req, req.params.id);
        const id = refOf(req);
        if (!id || !directoryObject(tenant, id)) return tenant.badRequest(req, "Invalid object identifier in @odata.id.");
        group._members ??= [];
        if (group._members.includes(id)) return tenant.badRequest(req, "One or more added object references already exist for the following modified properties: 'members'.");
        group._members.push(id);
        tenant.changed();
        return noContent();
      },
    },
    {
      method: "DELETE",
      pattern: "/groups/{id}/members/{memberId}/$ref",
      handler: (req, tenant) => {
        const group = tenant.state.groups[req.params.id];
        if (!group) return tenant.notFound(req, req.params.id);
        if (!group._members?.includes(req.params.memberId)) return tenant.notFound(req, req.params.memberId);
        group._members = group._members.filter((m) => m !== req.params.memberId);
        tenant.changed();
        return noContent();
      },
    },
  ];
}

const AssignmentCreate = z.object({
  appRoleId: z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be a GUID"),
  principalId: z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be a GUID"),
  resourceId: z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be a GUID"),
});

/** Graph's appRoleAssignment ids are 43-character base64url strings, not GUIDs. */
const assignmentId = (): string => randomBytes(32).toString("base64url").slice(0, 43);

function assignmentRoutes(): Route[] {
  const sp = (req: Request, tenant: Tenant) => (isGuid(req.params.id) ? tenant.state.servicePrincipals[req.params.id.toLowerCase()] : undefined);
  return [
    {
      method: "POST",
      pattern: "/servicePrincipals/{id}/appRoleAssignedTo",
      handler: (req, tenant) => {
        const resource = sp(req, tenant);
        if (!resource) return tenant.notFound(req, req.params.id);
        const body = parseBody(req, tenant, AssignmentCreate);
        if (!body.ok) return body.reply;
        const { appRoleId, principalId, resourceId } = { appRoleId: body.value.appRoleId.toLowerCase(), principalId: body.value.principalId.toLowerCase(), resourceId: body.value.resourceId.toLowerCase() };
        if (![appRoleId, principalId, resourceId].every(isGuid)) return tenant.badRequest(req, "Invalid GUID format.");
        if (resourceId !== resource.sp.id) return tenant.badRequest(req, "Not a valid reference update.");
        const principal = directoryObject(tenant, principalId);
        // The azuread provider retries this 400 while a new principal replicates.
        if (!principal) return tenant.badRequest(req, "Not a valid reference update.");
        const roles = (resource.sp.appRoles ?? []) as JsonObject[];
        if (appRoleId !== "00000000-0000-0000-0000-000000000000" && !roles.some((r) => r.id === appRoleId)) {
          return tenant.badRequest(req, `Permission being assigned was not found on application '${String(resource.sp.appId)}'.`);
        }
        if (Object.values(tenant.state.appRoleAssignments).some((a) => a.resourceId === resourceId && a.principalId === principalId && a.appRoleId === appRoleId)) {
          return tenant.badRequest(req, "Permission being assigned already exists on the object.");
        }
        const assignment: JsonObject = {
          id: assignmentId(),
          appRoleId,
          createdDateTime: tenant.now().toISOString(),
          deletedDateTime: null,
          principalDisplayName: (principal.object.displayName as string | undefined) ?? null,
          principalId,
          principalType: principal.type === "user" ? "User" : principal.type === "group" ? "Group" : "ServicePrincipal",
          resourceDisplayName: (resource.sp.displayName as string | undefined) ?? null,
          resourceId,
        };
        tenant.state.appRoleAssignments[assignment.id as string] = assignment;
        tenant.changed();
        return { status: 201, body: { "@odata.context": contextUrl(req, `servicePrincipals('${resourceId}')/appRoleAssignedTo/$entity`), ...assignment } };
      },
    },
    {
      method: "GET",
      pattern: "/servicePrincipals/{id}/appRoleAssignedTo",
      handler: (req, tenant) => {
        const resource = sp(req, tenant);
        if (!resource) return tenant.notFound(req, req.params.id);
        const items = Object.values(tenant.state.appRoleAssignments).filter((a) => a.resourceId === resource.sp.id);
        return withQuery(req, tenant, () => collection(req, tenant, `servicePrincipals('${String(resource.sp.id)}')/appRoleAssignedTo`, applyFilter(items, req, ["principalId", "appRoleId", "principalType"])));
      },
    },
    {
      method: "GET",
      pattern: "/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}",
      handler: (req, tenant) => {
        const resource = sp(req, tenant);
        if (!resource) return tenant.notFound(req, req.params.id);
        const a = tenant.state.appRoleAssignments[req.params.assignmentId];
        if (!a || a.resourceId !== resource.sp.id) return tenant.notFound(req, req.params.assignmentId);
        return entity(req, `servicePrincipals('${String(resource.sp.id)}')/appRoleAssignedTo`, a);
      },
    },
    {
      method: "DELETE",
      pattern: "/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}",
      handler: (req, tenant) => {
        const resource = sp(req, tenant);
        if (!resource) return tenant.notFound(req, req.params.id);
        const a = tenant.state.appRoleAssignments[req.params.assignmentId];
        if (!a || a.resourceId !== resource.sp.id) return tenant.notFound(req, req.params.assignmentId);
        delete tenant.state.appRoleAssignments[req.params.assignmentId];
        tenant.changed();
        return noContent();
      },
    },
  ];
}

export function directoryRoutes(): Route[] {
  return [...userRoutes(), ...groupRoutes(), ...assignmentRoutes()];
}
