/**
 * Guaranteed cleanup: every object --deep asks the app to create is written in the ledger BEFORE
 * the request goes out, so an object whose create timed out or failed mid-way is still looked for
 * (by its matching attribute) and deleted. Cleanup runs in a finally block after the last test,
 * after a failure, after a timeout and after an interrupt; what it cannot delete is listed by id.
 */
import { serverText } from "../shown";
import { call, type DeepContext, idOf, listOf, type Resource, sameValue } from "./context";
import { PROBE_PREFIX, readTarget } from "./probe-objects";
import { filterString } from "./patch-form";
import type { DeepCheck } from "./plan";

interface Entry {
  readonly resource: Resource;
  /** How to find the object if its id never came back. */
  readonly lookup: { readonly attribute: string; readonly value: string };
  id?: string;
  /** A test deleted it and proved it gone. */
  gone?: boolean;
}

export class Ledger {
  private readonly entries: Entry[] = [];

  /** Records an object about to be created; call before sending the POST. */
  intend(resource: Resource, lookup: { attribute: string; value: string }): Entry {
    const entry: Entry = { resource, lookup };
    this.entries.push(entry);
    return entry;
  }

  /** Records an object the app created without being asked to keep it (a duplicate it accepted). */
  created(resource: Resource, id: string, lookup: { attribute: string; value: string }): void {
    this.entries.push({ resource, lookup, id });
  }

  /** A test deleted this object and saw a 404 afterwards. */
  deleted(resource: Resource, id: string): void {
    for (const e of this.entries) if (e.resource === resource && e.id === id) e.gone = true;
  }

  get pending(): readonly Entry[] {
    return this.entries.filter((e) => !e.gone);
  }

  get size(): number {
    return this.entries.length;
  }
}

/** Deletes one object and proves it gone; true when the app no longer has it. */
async function remove(ctx: DeepContext, resource: Resource, id: string): Promise<boolean> {
  try {
    const del = await call(ctx, "DELETE", `${resource}/${encodeURIComponent(id)}`);
    if (![200, 204, 404].includes(del.status)) return false;
    const get = await call(ctx, "GET", `${resource}/${encodeURIComponent(id)}`);
    return get.status === 404;
  } catch {
    // A network failure or an unreadable answer: not proven gone, so it is listed.
    return false;
  }
}

/**
 * Finds objects the ledger has no id for (their create never answered) by their probe value. Only
 * objects that carry this run's probe name and the exact value are taken: a search must never make
 * cleanup delete an account the run did not create (an app that ignores filters answers everyone).
 */
async function find(ctx: DeepContext, entry: Entry): Promise<string[] | undefined> {
  try {
    const r = await call(ctx, "GET", entry.resource, {
      query: { filter: `${entry.lookup.attribute} eq ${filterString(entry.lookup.value)}`, ...(entry.resource === "Groups" ? { excludedAttributes: "members" } : {}) },
    });
    if (r.status !== 200) return undefined;
    return listOf(r, "cleanup")
      .resources.filter((found) => isProbe(ctx, found) && sameValue(readTarget(found, entry.lookup.attribute), entry.lookup.value))
      .map(idOf)
      .filter((id): id is string => id !== undefined);
  } catch {
    return undefined;
  }
}

/** Whether a resource the app returned carries this run's probe name somewhere. */
export function isProbe(ctx: DeepContext, resource: unknown): boolean {
  return JSON.stringify(resource ?? null).includes(`${PROBE_PREFIX}${ctx.tag}`);
}

/** Removes every object the run created; the result is the `cleanup` row of the app's table. */
export async function cleanup(ctx: DeepContext): Promise<DeepCheck | undefined> {
  if (ctx.ledger.size === 0) return undefined;
  const started = Date.now();
  const leftovers: string[] = [];
  let removed = 0;
  // Groups first: a group holds references to the probe users.
  const order = [...ctx.ledger.pending].sort((a, b) => (a.resource === b.resource ? 0 : a.resource === "Groups" ? -1 : 1));
  for (const entry of order) {
    const ids = entry.id !== undefined ? [entry.id] : await find(ctx, entry);
    if (ids === undefined) {
      leftovers.push(`${entry.resource.slice(0, -1)} ${entry.lookup.attribute} "${serverText(entry.lookup.value, ctx.secrets, 64)}" (no id came back from its create, and a search by ${entry.lookup.attribute} did not answer a usable list)`);
      continue;
    }
    for (const id of ids) {
      if (await remove(ctx, entry.resource, id)) {
        removed++;
        ctx.ledger.deleted(entry.resource, id);
      } else {
        leftovers.push(`${entry.resource.slice(0, -1)} ${serverText(id, ctx.secrets, 64)}`);
      }
    }
  }
  const ms = Date.now() - started;
  if (leftovers.length > 0) {
    return {
      name: "cleanup",
      ok: false,
      ms,
      message: `could not delete ${leftovers.join(", ")}; delete them in the app (their names start with ${PROBE_PREFIX}${ctx.tag})`,
    };
  }
  return { name: "cleanup", ok: true, ms, message: removed === 0 ? "nothing left to delete" : `deleted the ${removed} probe object(s) left by the run` };
}
