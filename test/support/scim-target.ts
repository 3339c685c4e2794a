/**
 * A SCIM app for the `verify --deep` tests: scimmy + scimmy-routers (express) over HTTPS on
 * 127.0.0.1, with a real in-memory store (create, read, filter, page, PATCH, delete), bearer auth,
 * and one switchable fault at a time.
 *
 * scimmy alone is not what Entra needs in four places, so the "compliant target" is scimmy plus
 * this small compliance layer (each part is what a real app must do, and what a fault turns off):
 * 1. Uniqueness: scimmy declares userName (and we treat group displayName) as unique but does not
 *    enforce it; the store answers a duplicate create with 409 scimType "uniqueness".
 * 2. Case-insensitive filters: scimmy's Filter.match compares `eq` exactly, although userName is
 *    caseExact false (RFC 7643 section 4.1.1) and Entra matches case-insensitively; the store
 *    matches on case-folded copies.
 * 3. Entra's default PATCH dialect sends `active` as the string "False"/"True"; scimmy's boolean
 *    attribute rejects strings, so the layer turns those two strings into booleans first (as
 *    Microsoft's SCIM reference code does).
 * 4. Paging: scimmy applies startIndex and count only when they are numbers, and scimmy-routers
 *    passes the query's strings, so plain scimmy ignores paging; the layer converts them.
 * It also answers 404 for an unknown id (scimmy expects the egress handler to throw it).
 */
import express from "express";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import { throwawayCertificate } from "./scim-server";

/** One injected fault; each breaks one behaviour a --deep test proves. */
export type TargetFault =
  | "none"
  /** `eq` compares case-sensitively (scimmy's own matching). */
  | "case-sensitive-filter"
  /** A duplicate create is accepted (201). */
  | "no-409"
  /** Every PATCH is rejected with 400. */
  | "patch-rejected"
  /** DELETE answers 204 and deletes nothing. */
  | "delete-ignored"
  /** A PATCH of `active` is accepted and ignored. */
  | "active-ignored"
  /** A PATCH adding members is accepted and ignored. */
  | "member-add-ignored"
  /** startIndex and count are ignored: every list answers everything from index 1. */
  | "paging-ignored"
  /** Not a fault: a create answers 201 with only schemas and id (RFC 7644 allows it; a GET has the rest). */
  | "minimal-create-body"
  /** The app silently drops `title` on every write. */
  | "drops-title"
  /** Every answer keeps its status but its body is the JSON `null` (odd JSON; nothing is readable). */
  | "null-bodies"
  /** A create is made at once but answered 10 s later (a slow app; the client's deadline passes). */
  | "create-slow"
  /** A duplicate create is accepted and answered 201 with `{"id"}` only (no attribute shows what was made). */
  | "duplicate-id-only"
  /** A duplicate create is accepted and answered 201 without an id. */
  | "duplicate-no-id"
  /** A duplicate create is accepted and never answered (the connection is closed). */
  | "duplicate-unanswered"
  /**
   * Every create is made and never answered, and every filtered GET answers the first stored
   * resource, whatever the filter says (someone else, when the test stored one first).
   */
  | "lost-create-wrong-filter";

/** Faults under which the store takes a second object with a taken unique value. */
const ACCEPTS_DUPLICATES: readonly TargetFault[] = ["no-409", "duplicate-id-only", "duplicate-no-id", "duplicate-unanswered"];

type Record_ = Record<string, unknown>;

export interface ScimTarget {
  /** e.g. https://127.0.0.1:4443/scim/v2 */
  readonly baseUrl: string;
  readonly certPem: string;
  fault: TargetFault;
  /** Attribute names /Schemas leaves out (an app that lacks them); the store still takes them. */
  schemasWithout: string[];
  /** Put in front of every new id (hostile ids: escape sequences, the token). */
  idPrefix: string;
  /** The stored users and groups (what a test asserts is empty after a run). */
  readonly users: Map<string, Record_>;
  readonly groups: Map<string, Record_>;
  /** Requests seen: method, path and query, and the parsed JSON body when there is one. */
  readonly requests: Array<{ method: string; url: string; body?: unknown }>;
  close(): Promise<void>;
}

interface State {
  fault: TargetFault;
  schemasWithout: string[];
  idPrefix: string;
  users: Map<string, Record_>;
  groups: Map<string, Record_>;
}

/** scimmy is a process-wide singleton: its handlers read the store of the target running now. */
let current: State | undefined;
let declared = false;

/** A deep copy made in this realm (structuredClone's objects fail scimmy's `instanceof Object` under jest). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const fold = (value: unknown): unknown =>
  typeof value === "string" ? value.toLowerCase() : Array.isArray(value) ? value.map(fold) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fold(v)])) : value;

function match(filter: any, list: Record_[]): Record_[] {
  if (!filter) return list;
  if (current!.fault === "case-sensitive-filter") return filter.match(list);
  const folded = list.map(fold) as Record_[];
  const hits = new Set(new SCIMMY.Types.Filter(String(filter.expression).toLowerCase()).match(folded));
  return list.filter((_, i) => hits.has(folded[i]));
}

function egress(store: () => Map<string, Record_>): any {
  return (resource: any) => {
    if (resource.id) {
      const found = store().get(resource.id);
      if (!found) throw new SCIMMY.Types.Error(404, null as any, `Resource ${resource.id} not found`);
      return clone(found);
    }
    return match(resource.filter, [...store().values()].map((r) => clone(r)));
  };
}

function ingress(store: () => Map<string, Record_>, unique: string): any {
  return (resource: any, instance: any) => {
    const data = JSON.parse(JSON.stringify(instance)) as Record_;
    delete data.meta;
    const value = String(data[unique] ?? "").toLowerCase();
    const clash = [...store().values()].find((r) => r.id !== resource.id && String(r[unique] ?? "").toLowerCase() === value);
    if (clash && !ACCEPTS_DUPLICATES.includes(current!.fault)) throw new SCIMMY.Types.Error(409, "uniqueness", `${unique} is already taken`);
    if (current!.fault === "drops-title") delete data.title;
    if (resource.id) {
      const before = store().get(resource.id);
      if (!before) throw new SCIMMY.Types.Error(404, null as any, `Resource ${resource.id} not found`);
      if (current!.fault === "active-ignored" && "active" in before) data.active = before.active;
      if (current!.fault === "member-add-ignored") {
        const had = new Set(((before.members as Record_[] | undefined) ?? []).map((m) => m.value));
        data.members = ((data.members as Record_[] | undefined) ?? []).filter((m) => had.has(m.value));
      }
      const updated = { ...data, id: resource.id };
      store().set(resource.id, updated);
      return clone(updated);
    }
    const created = { ...data, id: `${current!.idPrefix}${randomUUID()}` };
    store().set(created.id as string, created);
    return clone(created);
  };
}

function degress(store: () => Map<string, Record_>): any {
  return (resource: any) => {
    if (!store().has(resource.id)) throw new SCIMMY.Types.Error(404, null as any, `Resource ${resource.id} not found`);
    if (current!.fault === "delete-ignored") return;
    store().delete(resource.id);
  };
}

function declareResources(): void {
  if (declared) return;
  declared = true;
  const users = () => current!.users;
  const groups = () => current!.groups;
  SCIMMY.Config.set({ patch: true, filter: { supported: true, maxResults: 200 }, sort: false, bulk: false, changePassword: false, etag: false });
  SCIMMY.Resources.declare(SCIMMY.Resources.User).extend(SCIMMY.Schemas.EnterpriseUser, false).egress(egress(users)).ingress(ingress(users, "userName")).degress(degress(users));
  SCIMMY.Resources.declare(SCIMMY.Resources.Group).egress(egress(groups)).ingress(ingress(groups, "displayName")).degress(degress(groups));
}

/** Entra's default dialect: `active` as "True"/"False"; scimmy wants booleans. */
function booleanActive(operations: unknown): void {
  if (!Array.isArray(operations)) return;
  const asBool = (v: unknown) => (typeof v === "string" && /^(true|false)$/i.test(v) ? v.toLowerCase() === "true" : v);
  for (const op of operations as Record_[]) {
    if (typeof op?.path === "string" && op.path.toLowerCase() === "active") op.value = asBool(op.value);
    else if (op?.path === undefined && op?.value && typeof op.value === "object") {
      for (const key of Object.keys(op.value as Record_)) if (key.toLowerCase() === "active") (op.value as Record_)[key] = asBool((op.value as Record_)[key]);
    }
  }
}

/** scimmy honours startIndex and count only as numbers; scimmy-routers hands it the query's strings. */
function numericPaging(req: express.Request): void {
  const query = { ...(req.query as Record<string, unknown>) };
  for (const key of ["startIndex", "count"]) {
    if (typeof query[key] === "string" && /^\d+$/.test(query[key] as string)) query[key] = Number(query[key]);
  }
  // Express 5 computes req.query from the URL on each read; pin the converted copy.
  Object.defineProperty(req, "query", { value: query, configurable: true, enumerable: true });
}

export async function startScimTarget(options: { token: string }): Promise<ScimTarget> {
  declareResources();
  const state: State = { fault: "none", schemasWithout: [], idPrefix: "", users: new Map(), groups: new Map() };
  current = state;
  const tls = await throwawayCertificate();
  const requests: ScimTarget["requests"] = [];
  const app = express();
  app.use(express.json({ type: ["application/json", "application/scim+json"] }));
  app.use((req, res, next) => {
    requests.push({ method: req.method, url: req.originalUrl, ...(req.body && Object.keys(req.body).length > 0 ? { body: clone(req.body) } : {}) });
    if (req.method === "PATCH") {
      if (state.fault === "patch-rejected") {
        return void res.status(400).type("application/scim+json").send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", detail: "PATCH is not supported" }));
      }
      booleanActive(req.body?.Operations);
    }
    if (state.fault !== "paging-ignored") numericPaging(req);
    if (req.method === "GET" && /\/Schemas$/.test(req.path) && state.schemasWithout.length > 0) {
      const send = res.send.bind(res);
      res.send = ((body: any) => {
        const list = typeof body === "string" ? JSON.parse(body) : clone(body);
        for (const schema of list.Resources ?? []) schema.attributes = schema.attributes.filter((a: { name: string }) => !state.schemasWithout.includes(a.name));
        return res.type("application/scim+json"), send(JSON.stringify(list));
      }) as typeof res.send;
    }
    if (state.fault === "null-bodies") {
      const send = res.send.bind(res);
      res.send = (() => (res.type("application/scim+json"), send("null"))) as typeof res.send;
    }
    if (state.fault === "minimal-create-body" && req.method === "POST") {
      const send = res.send.bind(res);
      res.send = ((body: any) => {
        const full = typeof body === "string" ? JSON.parse(body) : clone(body);
        return res.type("application/scim+json"), send(JSON.stringify(res.statusCode === 201 ? { schemas: full.schemas, id: full.id } : full));
      }) as typeof res.send;
    }
    if (req.method === "POST" && /\/(Users|Groups)$/.test(req.path)) {
      const users = req.path.endsWith("/Users");
      const unique = users ? "userName" : "displayName";
      const value = String(req.body?.[unique] ?? "").toLowerCase();
      const duplicate = [...(users ? state.users : state.groups).values()].some((r) => String(r[unique] ?? "").toLowerCase() === value);
      const send = res.send.bind(res);
      if (state.fault === "lost-create-wrong-filter" || (duplicate && state.fault === "duplicate-unanswered")) {
        res.send = (() => (req.socket.destroy(), res)) as typeof res.send;
      } else if (duplicate && (state.fault === "duplicate-id-only" || state.fault === "duplicate-no-id")) {
        res.send = ((body: any) => {
          const full = typeof body === "string" ? JSON.parse(body) : clone(body);
          return res.type("application/scim+json"), send(JSON.stringify(state.fault === "duplicate-id-only" ? { id: full.id } : { schemas: full.schemas }));
        }) as typeof res.send;
      }
    }
    if (state.fault === "lost-create-wrong-filter" && req.method === "GET" && req.query.filter !== undefined && /\/(Users|Groups)$/.test(req.path)) {
      const [first] = [...(req.path.endsWith("/Users") ? state.users : state.groups).values()];
      return void res
        .type("application/scim+json")
        .send(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: first ? 1 : 0, Resources: first ? [first] : [] }));
    }
    if (state.fault === "create-slow" && req.method === "POST") {
      const send = res.send.bind(res);
      res.send = ((body: unknown) => (setTimeout(() => send(body), 10_000), res)) as typeof res.send;
    }
    next();
  });
  app.use(
    "/scim/v2",
    new SCIMMYRouters({
      type: "bearer",
      docUri: "https://example.com/help",
      handler: (request: express.Request) => {
        if (request.header("Authorization") !== `Bearer ${options.token}`) throw new Error("Authorization failed");
        return "tester";
      },
    }) as unknown as express.Router,
  );
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `https://127.0.0.1:${port}/scim/v2`,
    certPem: tls.cert,
    get fault() {
      return state.fault;
    },
    set fault(f: TargetFault) {
      state.fault = f;
    },
    get idPrefix() {
      return state.idPrefix;
    },
    set idPrefix(prefix: string) {
      state.idPrefix = prefix;
    },
    get schemasWithout() {
      return state.schemasWithout;
    },
    set schemasWithout(names: string[]) {
      state.schemasWithout = names;
    },
    users: state.users,
    groups: state.groups,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
