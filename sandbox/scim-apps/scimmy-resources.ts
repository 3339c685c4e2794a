/**
 * SCIMMY is a process-wide singleton: resources, their handlers and the service provider
 * configuration are declared once per process. So every local SCIM app shares one declaration,
 * and each request carries its app's store in the SCIMMY context (scimmy-routers' `context`
 * option), which the handlers below read. One process then serves every app, each on its own port
 * with its own token and store, without a child process per app.
 */
import SCIMMY from "scimmy";
import { ScimStore, StoreError, type ResourceKind } from "./store";

/** What scimmy-routers passes to the handlers for one request. */
export interface AppContext {
  readonly store: ScimStore;
}

let declared = false;

function toScimError(error: unknown): never {
  if (error instanceof StoreError) throw new SCIMMY.Types.Error(error.status, error.scimType as any, error.message);
  throw error;
}

function handlers(kind: ResourceKind) {
  return {
    egress: (resource: any, ctx: AppContext) => {
      if (resource.id) {
        const record = ctx.store.get(kind, resource.id);
        if (!record) throw new SCIMMY.Types.Error(404, null as any, `Resource ${resource.id} not found`);
        return record;
      }
      const all = ctx.store.list(kind);
      return resource.filter ? resource.filter.match(all) : all;
    },
    ingress: (resource: any, instance: any, ctx: AppContext) => {
      try {
        return ctx.store.write(kind, resource.id ?? undefined, JSON.parse(JSON.stringify(instance)));
      } catch (error) {
        return toScimError(error);
      }
    },
    degress: (resource: any, ctx: AppContext) => {
      try {
        ctx.store.delete(kind, resource.id);
      } catch (error) {
        toScimError(error);
      }
    },
  };
}

/** Declares Users (with the enterprise extension) and Groups once per process. */
export function declareScimResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Config.set({
    patch: true,
    filter: { supported: true, maxResults: 1000 },
    sort: false,
    bulk: false,
    changePassword: false,
    etag: false,
  });
  const users = handlers("Users");
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .extend(SCIMMY.Schemas.EnterpriseUser, false)
    .egress(users.egress as any)
    .ingress(users.ingress as any)
    .degress(users.degress as any);
  const groups = handlers("Groups");
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .egress(groups.egress as any)
    .ingress(groups.ingress as any)
    .degress(groups.degress as any);
}
