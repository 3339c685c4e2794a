/**
 * The --deep test sequence, modelled on Microsoft's SCIM Validator (scimvalidator.microsoft.com,
 * scim-validator-tutorial.md) and its validation Logic App (AzureAD/SCIMReferenceCode,
 * Microsoft.SCIM.LogicAppValidationTemplate, SCIM-Validation-Test-Overview.md), sending what
 * Entra sends (use-scim-to-provision-users-and-groups.md; graph-sync.md section 7). Tests run in
 * this order; a test that needs an object an earlier test failed to make is skipped.
 */
import { randomUUID } from "node:crypto";
import type { CheckResult } from "../checks";
import { isProbe } from "./cleanup";
import { call, type DeepContext, ERROR_SCHEMA, expectStatus, Fail, idOf, listOf, type Resource, sameValue } from "./context";
import { filterString } from "./patch-form";
import { buildProbe, PROBE_PREFIX, type ProbeObject, readTarget, segments } from "./probe-objects";

/** One row of a --deep table: verify's check result, plus whether the test was skipped. */
export interface DeepCheck extends CheckResult {
  /** Not run: it does not apply to this app, or an earlier test it needs failed. */
  readonly skipped?: boolean;
}

/** What a test reports when it passes. */
export interface Pass {
  readonly message: string;
  readonly status?: number;
  /** Passed with a reservation. */
  readonly warning?: boolean;
}

export interface DeepTest {
  readonly name: string;
  /** Objects the test works on; missing ones skip it. */
  readonly needs: ReadonlyArray<"user" | "group" | "member">;
  /** Why the test does not apply to this app, or undefined when it does. */
  readonly skip?: (ctx: DeepContext) => string | undefined;
  readonly run: (ctx: DeepContext) => Promise<Pass>;
}

const USER_PATH = (ctx: DeepContext) => `Users/${encodeURIComponent(ctx.user!.id)}`;
const GROUP_PATH = (ctx: DeepContext) => `Groups/${encodeURIComponent(ctx.group!.id)}`;

/** POSTs a probe object, ledger first, and returns its id. */
async function create(ctx: DeepContext, resource: Resource, probe: ProbeObject, what: string): Promise<{ id: string; status: number; body: unknown; warning?: string }> {
  const entry = ctx.ledger.intend(resource, { attribute: probe.matchingAttribute, value: probe.matchingValue });
  const r = await call(ctx, "POST", resource, { body: probe.resource });
  expectStatus(ctx, r, [201, 200], what);
  const id = idOf(r.json);
  if (id === undefined) throw new Fail(`${what}: the answer has no "id"; Entra keeps the id the app returns to address the object later`, r.status);
  entry.id = id;
  return { id, status: r.status, body: r.json, ...(r.status === 200 ? { warning: "answered 200; SCIM (RFC 7644 section 3.3) and Entra expect 201 Created" } : {}) };
}

/** GETs the probe user (or group) as the app now holds it. */
async function read(ctx: DeepContext, path: string, what: string, query?: Record<string, string>): Promise<Record<string, unknown>> {
  const r = await call(ctx, "GET", path, { query });
  expectStatus(ctx, r, [200], what);
  if (r.json === null || typeof r.json !== "object") throw new Fail(`${what}: the answer is not a SCIM resource`, r.status);
  return r.json as Record<string, unknown>;
}

/** Targets whose value in `resource` is not what was sent. */
function mismatches(resource: unknown, values: ReadonlyArray<readonly [string, unknown]>): string[] {
  return values.filter(([target, value]) => !sameValue(readTarget(resource, target), value)).map(([target]) => target);
}

/**
 * Targets the app did not keep on create. The 201 body SHOULD be the full resource (RFC 7644
 * section 3.3) but need not be, so what is missing there is read again with a GET before it counts.
 */
async function keptOnCreate(ctx: DeepContext, path: string, body: unknown, sent: ReadonlyArray<readonly [string, unknown]>, query?: Record<string, string>): Promise<string[]> {
  const lost = mismatches(body, sent);
  if (lost.length === 0) return lost;
  return mismatches(await read(ctx, path, "GET after the create", query), sent);
}

async function patch(ctx: DeepContext, path: string, body: unknown, what: string): Promise<number> {
  const r = await call(ctx, "PATCH", path, { body });
  expectStatus(ctx, r, [200, 204], what);
  return r.status;
}

/** Filters users or groups on one attribute; returns the ids found. */
async function filterIds(ctx: DeepContext, resource: Resource, attribute: string, value: string, what: string): Promise<{ ids: string[]; status: number; resources: Array<Record<string, unknown>> }> {
  const query: Record<string, string> = { filter: `${attribute} eq ${filterString(value)}` };
  if (resource === "Groups") query.excludedAttributes = "members";
  const r = await call(ctx, "GET", resource, { query });
  expectStatus(ctx, r, [200], what);
  const list = listOf(r, what);
  return { ids: list.resources.map(idOf).filter((id): id is string => id !== undefined), status: r.status, resources: list.resources };
}

const managerSkip = (ctx: DeepContext) => (ctx.userProbe.managerTarget === undefined ? "no manager mapping: Entra sends no manager to this app" : undefined);
const groupsSkip = (ctx: DeepContext) => (ctx.groupProbe === undefined ? "the app does not provision groups" : undefined);
const hasTarget = (probe: ProbeObject, attribute: string) => probe.attributes.some((a) => segments(a.target).attribute.toLowerCase() === attribute.toLowerCase() && !a.target.toLowerCase().startsWith("urn:"));

/** The manager users of the manager tests: made on first use, kept in the ledger. */
async function managerIds(ctx: DeepContext): Promise<string[]> {
  if (ctx.managers) return ctx.managers;
  const ids: string[] = [];
  for (const n of [1, 2]) {
    const probe = buildProbe("users", ctx.app.users, ctx.app.mappingMode, `${PROBE_PREFIX}${ctx.tag}-manager${n}`, ctx.known);
    ids.push((await create(ctx, "Users", probe, `creating manager probe ${n}`)).id);
  }
  ctx.managers = ids;
  return ids;
}

function managerOf(resource: unknown, target: string): string | undefined {
  const value = readTarget(resource, target);
  if (typeof value === "string") return value === "" ? undefined : value;
  const id = (value as { value?: unknown } | undefined)?.value;
  return typeof id === "string" && id !== "" ? id : undefined;
}

async function managerStep(ctx: DeepContext, step: "add" | "replace" | "remove"): Promise<Pass> {
  const target = ctx.userProbe.managerTarget!;
  const [first, second] = await managerIds(ctx);
  const expected = step === "add" ? first : step === "replace" ? second : undefined;
  const body = step === "remove" ? ctx.form.removeManager(target) : ctx.form.manager(target, expected!, step === "add");
  const status = await patch(ctx, USER_PATH(ctx), body, `PATCH ${step} manager`);
  const actual = managerOf(await read(ctx, USER_PATH(ctx), "GET after the manager change"), target);
  if (actual !== expected) {
    throw new Fail(
      expected === undefined
        ? `the manager is still set after the PATCH removed it; the app must clear ${target} on a remove operation`
        : `the manager is not the one sent after PATCH ${step}; the app must store ${target}.value (the manager's id in the app)`,
      status,
    );
  }
  return { status, message: step === "remove" ? "manager removed" : `manager ${step === "add" ? "set" : "changed"} and read back` };
}

export const DEEP_TESTS: readonly DeepTest[] = [
  {
    name: "user-create",
    needs: [],
    run: async (ctx) => {
      const made = await create(ctx, "Users", ctx.userProbe, "POST /Users");
      ctx.user = { id: made.id, probe: ctx.userProbe };
      const sent = ctx.userProbe.attributes.map((a) => [a.target, a.value] as const);
      const lost = await keptOnCreate(ctx, USER_PATH(ctx), made.body, sent);
      if (lost.length > 0) {
        throw new Fail(`created, but these attributes did not come back as sent: ${lost.join(", ")}; the app must store them (or remove these mappings)`, made.status);
      }
      const leftOut = ctx.userProbe.leftOut.length > 0 ? `; left out ${ctx.userProbe.leftOut.length} Entra default attribute(s) the app's /Schemas does not list` : "";
      return { status: made.status, message: `created with ${sent.length} attributes, all returned as sent${leftOut}${made.warning ? `; ${made.warning}` : ""}`, warning: made.warning !== undefined };
    },
  },
  {
    name: "user-duplicate",
    needs: ["user"],
    run: async (ctx) => {
      const r = await call(ctx, "POST", "Users", { body: ctx.userProbe.resource });
      const id = idOf(r.json);
      if (r.status >= 200 && r.status < 300 && id !== undefined && id !== ctx.user!.id) await dropDuplicate(ctx, "Users", id, ctx.userProbe, r.json);
      if (r.status !== 409) {
        if (r.status >= 200 && r.status < 300) {
          throw new Fail(`a second create with the same ${ctx.userProbe.matchingAttribute} was accepted (${r.status}); the app must answer 409 with scimType "uniqueness", or Entra creates duplicates`, r.status);
        }
        expectStatus(ctx, r, [409], "a duplicate POST /Users");
      }
      return conflict(r.json);
    },
  },
  {
    name: "user-filter",
    needs: ["user"],
    run: async (ctx) => {
      const { matchingAttribute: attribute, matchingValue: value } = ctx.userProbe;
      const found = await filterIds(ctx, "Users", attribute, value, `GET /Users?filter=${attribute} eq "..."`);
      if (!found.ids.includes(ctx.user!.id)) {
        throw new Fail(`the new user is not found by ${attribute}; Entra looks users up by their matching attribute before every change`, found.status);
      }
      if (found.ids.length > 1) throw new Fail(`${found.ids.length} users match one ${attribute}; the filter must return exactly the user`, found.status);
      return { status: found.status, message: `found by ${attribute}` };
    },
  },
  {
    name: "user-filter-case",
    needs: ["user"],
    skip: (ctx) => (ctx.userProbe.matchingValue.toUpperCase() === ctx.userProbe.matchingValue ? "the matching value has no letters to change the case of" : undefined),
    run: async (ctx) => {
      const { matchingAttribute: attribute, matchingValue: value } = ctx.userProbe;
      const found = await filterIds(ctx, "Users", attribute, value.toUpperCase(), `GET /Users?filter=${attribute} eq "..." (upper case)`);
      if (!found.ids.includes(ctx.user!.id)) {
        throw new Fail(`not found when ${attribute} differs in case; Entra matches case-insensitively, so the app would get a duplicate create: compare ${attribute} case-insensitively`, found.status);
      }
      return { status: found.status, message: `found by ${attribute} in upper case` };
    },
  },
  {
    name: "user-filter-missing",
    needs: [],
    run: async (ctx) => {
      const { matchingAttribute: attribute } = ctx.userProbe;
      const found = await filterIds(ctx, "Users", attribute, `${PROBE_PREFIX}${randomUUID()}`, `GET /Users?filter=${attribute} eq "<no such value>"`);
      if (found.resources.length > 0) throw new Fail(`${found.resources.length} user(s) returned for a value nobody has; the app ignores the filter`, found.status);
      return { status: found.status, message: "200 with an empty list" };
    },
  },
  {
    name: "user-patch-attributes",
    needs: ["user"],
    skip: (ctx) =>
      ctx.userProbe.attributes.filter((a) => a.updated !== undefined && segments(a.target).attribute.toLowerCase() !== "username").length < 2
        ? "fewer than two updatable attributes are mapped"
        : undefined,
    run: async (ctx) => {
      const values = ctx.userProbe.attributes.filter((a) => a.updated !== undefined && segments(a.target).attribute.toLowerCase() !== "username").map((a) => [a.target, a.updated] as const);
      const status = await patch(ctx, USER_PATH(ctx), ctx.form.replaceMany(values), `PATCH replacing ${values.length} attributes`);
      const lost = mismatches(await read(ctx, USER_PATH(ctx), "GET after the PATCH"), values);
      if (lost.length > 0) throw new Fail(`the PATCH was accepted, but these attributes did not change: ${lost.join(", ")}; the app must apply every operation of a PATCH`, status);
      return { status, message: `${values.length} attributes replaced in one request and read back` };
    },
  },
  {
    name: "user-patch-username",
    needs: ["user"],
    skip: (ctx) => (hasTarget(ctx.userProbe, "userName") ? undefined : "userName is not mapped"),
    run: async (ctx) => {
      const renamed = `${ctx.userProbe.name}-renamed@example.com`;
      const status = await patch(ctx, USER_PATH(ctx), ctx.form.replace("userName", renamed), "PATCH userName");
      if (!sameValue(readTarget(await read(ctx, USER_PATH(ctx), "GET after the rename"), "userName"), renamed)) {
        throw new Fail("the PATCH was accepted, but userName did not change; Entra renames a user when the UPN changes", status);
      }
      return { status, message: "userName changed and read back" };
    },
  },
  {
    name: "user-disable",
    needs: ["user"],
    skip: (ctx) => (hasTarget(ctx.userProbe, "active") ? undefined : "active is not mapped: Entra does not disable users in this app"),
    run: async (ctx) => {
      const body = ctx.form.disable();
      const status = await patch(ctx, USER_PATH(ctx), body, `PATCH active ${ctx.form.compliant ? "false" : '"False"'}`);
      const r = await call(ctx, "GET", USER_PATH(ctx));
      if (r.status === 404) throw new Fail("the user is gone after the disable; a disabled user must stay readable (active false) until Entra deletes it", r.status);
      expectStatus(ctx, r, [200], "GET after the disable");
      const active = readTarget(r.json, "active");
      if (!sameValue(active, false)) {
        throw new Fail(
          `the PATCH was accepted, but active is not false; the app must apply ${ctx.form.compliant ? "a boolean false" : 'the string "False" that Entra sends without the aadOptscim062020 flag'}, or the account stays enabled`,
          status,
        );
      }
      return { status, message: `disabled with active ${ctx.form.compliant ? "false (aadOptscim062020 form)" : '"False" (Entra\'s default form)'}` };
    },
  },
  { name: "user-manager-add", needs: ["user"], skip: managerSkip, run: (ctx) => managerStep(ctx, "add") },
  { name: "user-manager-replace", needs: ["user"], skip: managerSkip, run: (ctx) => managerStep(ctx, "replace") },
  { name: "user-manager-remove", needs: ["user"], skip: managerSkip, run: (ctx) => managerStep(ctx, "remove") },
  {
    name: "users-paging",
    needs: ["user"],
    run: async (ctx) => {
      const page = async (startIndex: number) => {
        const r = await call(ctx, "GET", "Users", { query: { startIndex: String(startIndex), count: "1" } });
        expectStatus(ctx, r, [200], `GET /Users?startIndex=${startIndex}&count=1`);
        return { status: r.status, ...listOf(r, `GET /Users?startIndex=${startIndex}&count=1`) };
      };
      let first = await page(1);
      if (first.total < 2) {
        // Two users are needed to see a second page.
        const probe = buildProbe("users", ctx.app.users, ctx.app.mappingMode, `${PROBE_PREFIX}${ctx.tag}-page`, ctx.known);
        await create(ctx, "Users", probe, "creating a second probe user for paging");
        first = await page(1);
      }
      const second = await page(2);
      for (const [n, p] of [[1, first], [2, second]] as const) {
        if (p.resources.length !== 1) {
          throw new Fail(`page ${n} with count=1 returned ${p.resources.length} resources; the app must honour startIndex and count, Entra pages through users with them`, p.status);
        }
        if (p.startIndex !== n) throw new Fail(`page ${n} answered startIndex ${JSON.stringify(p.startIndex) ?? "(none)"}; expected ${n}`, p.status);
      }
      if (idOf(first.resources[0]) === idOf(second.resources[0])) throw new Fail("pages 1 and 2 returned the same user; the app ignores startIndex", second.status);
      return { status: second.status, message: "startIndex and count honoured (pages 1 and 2 of count 1)" };
    },
  },
  {
    name: "group-create",
    needs: [],
    skip: groupsSkip,
    run: async (ctx) => {
      const probe = ctx.groupProbe!;
      const made = await create(ctx, "Groups", probe, "POST /Groups");
      ctx.group = { id: made.id, probe };
      const lost = await keptOnCreate(ctx, GROUP_PATH(ctx), made.body, probe.attributes.map((a) => [a.target, a.value] as const), { excludedAttributes: "members" });
      if (lost.length > 0) throw new Fail(`created, but these attributes did not come back as sent: ${lost.join(", ")}`, made.status);
      return { status: made.status, message: `created (no members, as Entra creates groups)${made.warning ? `; ${made.warning}` : ""}`, warning: made.warning !== undefined };
    },
  },
  {
    name: "group-duplicate",
    skip: groupsSkip,
    needs: ["group"],
    run: async (ctx) => {
      const probe = ctx.groupProbe!;
      const r = await call(ctx, "POST", "Groups", { body: probe.resource });
      const id = idOf(r.json);
      if (r.status >= 200 && r.status < 300 && id !== undefined && id !== ctx.group!.id) await dropDuplicate(ctx, "Groups", id, probe, r.json);
      if (r.status >= 200 && r.status < 300) {
        throw new Fail(`a second group with the same ${probe.matchingAttribute} was accepted (${r.status}); the app must answer 409 with scimType "uniqueness"`, r.status);
      }
      expectStatus(ctx, r, [409], "a duplicate POST /Groups");
      return conflict(r.json);
    },
  },
  {
    name: "group-filter",
    skip: groupsSkip,
    needs: ["group"],
    run: async (ctx) => {
      const { matchingAttribute: attribute, matchingValue: value } = ctx.groupProbe!;
      const found = await filterIds(ctx, "Groups", attribute, value, `GET /Groups?filter=${attribute} eq "..."&excludedAttributes=members`);
      if (!found.ids.includes(ctx.group!.id)) throw new Fail(`the new group is not found by ${attribute}; Entra looks groups up by it`, found.status);
      if (found.resources.some((g) => g.members !== undefined && !(Array.isArray(g.members) && g.members.length === 0))) {
        throw new Fail("members returned despite excludedAttributes=members; large groups then time out", found.status);
      }
      return { status: found.status, message: `found by ${attribute}, without members` };
    },
  },
  {
    name: "group-get",
    skip: groupsSkip,
    needs: ["group"],
    run: async (ctx) => {
      const group = await read(ctx, GROUP_PATH(ctx), "GET /Groups/{id}?excludedAttributes=members", { excludedAttributes: "members" });
      if (idOf(group) !== ctx.group!.id) throw new Fail("GET by id returned another resource (or none)", 200);
      if (group.members !== undefined && !(Array.isArray(group.members) && group.members.length === 0)) {
        throw new Fail("members returned despite excludedAttributes=members", 200);
      }
      return { status: 200, message: "read by id, without members" };
    },
  },
  {
    name: "group-patch-displayname",
    skip: groupsSkip,
    needs: ["group"],
    run: async (ctx) => {
      const renamed = `${ctx.groupProbe!.name}-renamed`;
      const status = await patch(ctx, GROUP_PATH(ctx), ctx.form.replace("displayName", renamed), "PATCH displayName");
      const group = await read(ctx, GROUP_PATH(ctx), "GET after the rename", { excludedAttributes: "members" });
      if (!sameValue(readTarget(group, "displayName"), renamed)) throw new Fail("the PATCH was accepted, but displayName did not change", status);
      return { status, message: "displayName changed and read back" };
    },
  },
  {
    name: "group-member-add",
    skip: groupsSkip,
    needs: ["group", "user"],
    run: async (ctx) => {
      const status = await patch(ctx, GROUP_PATH(ctx), ctx.form.addMember(ctx.user!.id), "PATCH add member");
      const members = readTarget(await read(ctx, GROUP_PATH(ctx), "GET after adding the member"), "members");
      if (!Array.isArray(members) || !members.some((m) => (m as { value?: unknown })?.value === ctx.user!.id)) {
        throw new Fail("the PATCH was accepted, but the user is not a member; the app must apply an add of members", status);
      }
      ctx.member = true;
      return { status, message: "member added and read back" };
    },
  },
  {
    name: "group-member-remove",
    skip: groupsSkip,
    needs: ["group", "user", "member"],
    run: async (ctx) => {
      const status = await patch(ctx, GROUP_PATH(ctx), ctx.form.removeMember(ctx.user!.id), "PATCH remove member");
      const members = readTarget(await read(ctx, GROUP_PATH(ctx), "GET after removing the member"), "members");
      if (Array.isArray(members) && members.some((m) => (m as { value?: unknown })?.value === ctx.user!.id)) {
        throw new Fail(`the PATCH was accepted, but the user is still a member; the app must apply ${ctx.form.compliant ? 'a remove with a members[value eq "..."] path' : "a remove of members with a value list"}`, status);
      }
      return { status, message: "member removed" };
    },
  },
  {
    name: "group-delete",
    skip: groupsSkip,
    needs: ["group"],
    run: (ctx) => deleteAndProve(ctx, "Groups", ctx.group!.id),
  },
  {
    name: "error-response",
    needs: [],
    run: async (ctx) => {
      const r = await call(ctx, "GET", `Users/${randomUUID()}`);
      if (r.status !== 404) throw new Fail(`GET of an unknown user id answered ${r.status}; expected 404, which Entra reads as "does not exist"`, r.status);
      const body = r.json as { schemas?: unknown; status?: unknown } | undefined;
      if (body === null || typeof body !== "object" || !Array.isArray(body.schemas) || !body.schemas.includes(ERROR_SCHEMA)) {
        throw new Fail(`the 404 has no SCIM error body; answer {"schemas":["${ERROR_SCHEMA}"],"status":"404"} (RFC 7644 section 3.12)`, 404);
      }
      if (String(body.status) !== "404") throw new Fail('the SCIM error body has no "status" of "404"', 404);
      if (typeof body.status !== "string") return { status: 404, warning: true, message: 'SCIM error body; "status" should be the string "404" (RFC 7644 section 3.12)' };
      return { status: 404, message: "404 with a SCIM error body" };
    },
  },
  {
    name: "user-delete",
    needs: ["user"],
    run: (ctx) => deleteAndProve(ctx, "Users", ctx.user!.id),
  },
];

/** A 409 passes; without a SCIM error body naming "uniqueness" (RFC 7644 sections 3.3, 3.12) it warns. */
function conflict(body: unknown): Pass {
  const error = body as { schemas?: unknown; scimType?: unknown } | null | undefined;
  if (error === null || typeof error !== "object" || !Array.isArray(error.schemas) || !error.schemas.includes(ERROR_SCHEMA)) {
    return { status: 409, warning: true, message: "rejected with 409, but the body is not a SCIM error (RFC 7644 section 3.12)" };
  }
  if (error.scimType !== "uniqueness") return { status: 409, warning: true, message: 'rejected with 409, but without scimType "uniqueness" (RFC 7644 section 3.3)' };
  return { status: 409, message: 'rejected with 409 "uniqueness"' };
}

/**
 * Deletes a duplicate the app accepted, at once, so the tests after it see one probe object (as
 * they would on a compliant app); the ledger keeps it for cleanup if this delete fails.
 */
async function dropDuplicate(ctx: DeepContext, resource: Resource, id: string, probe: ProbeObject, answer: unknown): Promise<void> {
  // Only what is recognisably ours: an app that answers a duplicate with someone else's record keeps it.
  if (!isProbe(ctx, answer)) return;
  ctx.ledger.created(resource, id, { attribute: probe.matchingAttribute, value: probe.matchingValue });
  try {
    const path = `${resource}/${encodeURIComponent(id)}`;
    const del = await call(ctx, "DELETE", path);
    if ([200, 204].includes(del.status) && (await call(ctx, "GET", path)).status === 404) ctx.ledger.deleted(resource, id);
  } catch {
    // Cleanup tries again at the end.
  }
}

async function deleteAndProve(ctx: DeepContext, resource: Resource, id: string): Promise<Pass> {
  const path = `${resource}/${encodeURIComponent(id)}`;
  const del = await call(ctx, "DELETE", path);
  expectStatus(ctx, del, [204, 200], `DELETE /${resource}/{id}`);
  const get = await call(ctx, "GET", path);
  if (get.status !== 404) {
    throw new Fail(
      `DELETE answered ${del.status}, but GET still answers ${get.status}; the app must delete the ${resource === "Users" ? "user" : "group"} (Entra sends DELETE when it is deleted in Entra) and answer 404 afterwards`,
      get.status,
    );
  }
  ctx.ledger.deleted(resource, id);
  return { status: del.status, message: `deleted; GET then answers 404` };
}
