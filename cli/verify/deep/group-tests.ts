/**
 * The group tests of --deep, for apps that provision groups: create (with no members, as Entra
 * does), duplicate, filter and get without members, rename, add and remove the probe user, delete.
 */
import { type DeepContext, expectStatus, Fail, idOf, sameValue } from "./context";
import type { DeepTest } from "./plan";
import { readTarget } from "./probe-objects";
import { conflict, create, deleteAndProve, filterIds, GROUP_PATH, keptOnCreate, patch, postDuplicate, read } from "./steps";

const groupsSkip = (ctx: DeepContext) => (ctx.groupProbe === undefined ? "the app does not provision groups" : undefined);

export const GROUP_TESTS: readonly DeepTest[] = [
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
      const r = await postDuplicate(ctx, "Groups", probe, ctx.group!.id);
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
      ctx.ledger.filterWorks("Groups");
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
];
