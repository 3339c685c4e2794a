/**
 * The user tests of --deep, in the order Entra meets a user: create, match, update, rename,
 * disable, manager changes, paging; the delete runs last of all (plan.ts).
 */
import { randomUUID } from "node:crypto";
import { serverText } from "../shown";
import { call, type DeepContext, expectStatus, Fail, idOf, listOf, sameValue } from "./context";
import type { DeepTest, Pass } from "./plan";
import { buildProbe, declaredMappings, PROBE_PREFIX, readTarget, segments } from "./probe-objects";
import { conflict, create, deleteAndProve, filterIds, hasTarget, keptOnCreate, mismatches, patch, postDuplicate, read, USER_PATH } from "./steps";

const managerSkip = (ctx: DeepContext) => (ctx.userProbe.managerTarget === undefined ? "no manager mapping: Entra sends no manager to this app" : undefined);

/** The manager users of the manager tests: made on first use, kept in the ledger. */
async function managerIds(ctx: DeepContext): Promise<string[]> {
  if (ctx.managers) return ctx.managers;
  const ids: string[] = [];
  for (const n of [1, 2]) {
    const probe = buildProbe("users", declaredMappings("users", ctx.app.users), ctx.app.mappingMode, `${PROBE_PREFIX}${ctx.tag}-manager${n}`, ctx.known);
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

export const USER_TESTS: readonly DeepTest[] = [
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
      const r = await postDuplicate(ctx, "Users", ctx.userProbe, ctx.user!.id);
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
      ctx.ledger.filterWorks("Users");
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
        const probe = buildProbe("users", declaredMappings("users", ctx.app.users), ctx.app.mappingMode, `${PROBE_PREFIX}${ctx.tag}-page`, ctx.known);
        await create(ctx, "Users", probe, "creating a second probe user for paging");
        first = await page(1);
      }
      const second = await page(2);
      for (const [n, p] of [[1, first], [2, second]] as const) {
        if (p.resources.length !== 1) {
          throw new Fail(`page ${n} with count=1 returned ${p.resources.length} resources; the app must honour startIndex and count, Entra pages through users with them`, p.status);
        }
        if (p.startIndex !== n) throw new Fail(`page ${n} answered startIndex ${p.startIndex === undefined ? "(none)" : serverText(p.startIndex, ctx.secrets, 40)}; expected ${n}`, p.status);
      }
      if (idOf(first.resources[0]) === idOf(second.resources[0])) throw new Fail("pages 1 and 2 returned the same user; the app ignores startIndex", second.status);
      return { status: second.status, message: "startIndex and count honoured (pages 1 and 2 of count 1)" };
    },
  },
];

/** Runs after the group tests, which need the user as a member. */
export const USER_DELETE: DeepTest = {
    name: "user-delete",
    needs: ["user"],
    run: (ctx) => deleteAndProve(ctx, "Users", ctx.user!.id),
  };
