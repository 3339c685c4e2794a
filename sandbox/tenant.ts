/**
 * What every route works on: the store (the tenant's objects), the clock, and the provisioning
 * engine when it is present. Routes change `state` and call `changed()`; the store writes it.
 */
import type { Dispatcher } from "undici";
import type { Request, Reply } from "./http";
import { graphError } from "./http";
import type { Store, TenantState } from "./store";
import type { EnginePort } from "./graph/engine-port";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class Tenant {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly engine: EnginePort | undefined,
    /** Where the server's log lines go (never a secret). */
    readonly log?: (line: string) => void,
    /** Where the engine's SCIM requests go (local apps only). */
    readonly scimDispatcher?: Dispatcher,
  ) {}

  get state(): TenantState {
    return this.store.state;
  }

  now(): Date {
    return this.clock.now();
  }

  /** Persists the change just made. */
  changed(): void {
    this.store.changed();
  }

  error(req: Request, status: number, code: string, message: string, headers?: Record<string, string>): Reply {
    return graphError(req, status, code, message, this.now(), headers);
  }

  /** Graph's 404 for a directory object (users, groups, applications, service principals). */
  notFound(req: Request, id: string): Reply {
    return this.error(req, 404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  }

  badRequest(req: Request, message: string, code = "Request_BadRequest"): Reply {
    return this.error(req, 400, code, message);
  }
}
