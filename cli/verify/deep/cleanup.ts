/**
 * Guaranteed cleanup: every object --deep asks the app to create, the duplicate tests' second POST
 * included, is written in the ledger BEFORE the request goes out. What the answer proves is written
 * next: refused (a 4xx: nothing was made), made with an id, or unknown (no answer, a 5xx, or no id
 * in a 2xx). Cleanup runs in a finally block after the last test, after a failure, a timeout and an
 * interrupt; it deletes what has an id, looks up what has none by its probe value, and the cleanup
 * row passes only when the removal of every entry is confirmed. A probe it cannot confirm gone
 * fails the row, named with the value to search the app for.
 */
import type { ProbeResponse } from "../http";
import { serverText } from "../shown";
import { call, type DeepContext, idOf, listOf, type Resource } from "./context";
import { PROBE_PREFIX, readTarget } from "./probe-objects";
import { filterString } from "./patch-form";
import type { DeepCheck } from "./plan";

export interface Lookup {
  readonly attribute: string;
  readonly value: string;
}

export interface Entry {
  readonly resource: Resource;
  /** How to find the object if its id never came back: its matching attribute and unique probe value. */
  readonly lookup: Lookup;
  id?: string;
  /**
   * The id came from an answer that did not show the object (a duplicate's `{id}`): before it is
   * deleted, a GET must show a probe of this run there, or the app may have named someone else's.
   */
  unproven?: boolean;
  /** The app answered 4xx: nothing was made. */
  refused?: boolean;
  /** Why there is no id: the create got no answer, or its answer had no id. */
  noId?: "no answer came back from its create" | "no id came back from its create";
  /** A test deleted it and proved it gone. */
  gone?: boolean;
}

export class Ledger {
  private readonly entries: Entry[] = [];
  private readonly filtering = new Set<Resource>();

  /** Records an object about to be created; call before sending the POST. */
  intend(resource: Resource, lookup: Lookup): Entry {
    const entry: Entry = { resource, lookup };
    this.entries.push(entry);
    return entry;
  }

  /**
   * Records what the create's answer proves (undefined: no answer at all). A 2xx with an id made
   * that object; a 4xx made nothing; anything else may have made one, found later by its value.
   * @param proven the answer itself shows the object (false for a duplicate answered with an id only)
   */
  answered(entry: Entry, r: ProbeResponse | undefined, proven = true): void {
    if (r === undefined) {
      entry.noId = "no answer came back from its create";
      return;
    }
    const id = idOf(r.json);
    if (r.status >= 200 && r.status < 300 && id !== undefined) {
      entry.id = id;
      if (!proven) entry.unproven = true;
    } else if (r.status >= 400 && r.status < 500) {
      entry.refused = true;
    } else {
      entry.noId = "no id came back from its create";
    }
  }

  /** A test deleted this object and saw a 404 afterwards. */
  deleted(resource: Resource, id: string): void {
    for (const e of this.entries) if (e.resource === resource && e.id === id) e.gone = true;
  }

  /** The app's filter found a probe by its value in this run: an empty search result can be believed. */
  filterWorks(resource: Resource): void {
    this.filtering.add(resource);
  }

  provenFilter(resource: Resource): boolean {
    return this.filtering.has(resource);
  }

  get pending(): readonly Entry[] {
    return this.entries.filter((e) => !e.gone && !e.refused);
  }

  get size(): number {
    return this.entries.length;
  }
}

/** Deletes one object and proves it gone; true when the app no longer has it. */
export async function remove(ctx: DeepContext, resource: Resource, id: string): Promise<boolean> {
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
 * Whether the object at an unproven id is one of this run's probes: "gone" (404), "probe", or
 * "other" (someone else's, or unreadable: never deleted on the strength of an id alone).
 */
async function ownerOf(ctx: DeepContext, resource: Resource, id: string): Promise<"gone" | "probe" | "other"> {
  try {
    const r = await call(ctx, "GET", `${resource}/${encodeURIComponent(id)}`, resource === "Groups" ? { query: { excludedAttributes: "members" } } : {});
    if (r.status === 404) return "gone";
    return r.status === 200 && isProbe(ctx, r.json) ? "probe" : "other";
  } catch {
    return "other";
  }
}

/** What a search by an entry's probe value showed. */
type Found =
  /** The search failed or its answer is no list. */
  | { readonly usable: false }
  /** `ids`: this run's probes with exactly that value; `honoured`: every result has that value. */
  | { readonly usable: true; readonly ids: string[]; readonly honoured: boolean; readonly empty: boolean };

/**
 * Finds objects by their probe value. Only objects that carry this run's probe name and the exact
 * value are taken: a search must never make cleanup delete an account the run did not create (an
 * app that ignores filters answers everyone). Whether the app honoured the filter is kept too: a
 * search that answers other accounts cannot show that the probe is absent.
 */
export async function find(ctx: DeepContext, entry: Pick<Entry, "resource" | "lookup">): Promise<Found> {
  try {
    const r = await call(ctx, "GET", entry.resource, {
      query: { filter: `${entry.lookup.attribute} eq ${filterString(entry.lookup.value)}`, ...(entry.resource === "Groups" ? { excludedAttributes: "members" } : {}) },
    });
    if (r.status !== 200) return { usable: false };
    const resources = listOf(r, "cleanup").resources;
    // Entra compares the matching value case-insensitively, and so may the app.
    const matches = (found: unknown) => String(readTarget(found, entry.lookup.attribute) ?? "").toLowerCase() === entry.lookup.value.toLowerCase();
    const ids = resources.filter((found) => isProbe(ctx, found) && matches(found)).map(idOf).filter((id): id is string => id !== undefined);
    // A probe found by its value shows the filter works: a later empty answer can be believed.
    if (ids.length > 0) ctx.ledger.filterWorks(entry.resource);
    return {
      usable: true,
      ids,
      honoured: resources.every(matches),
      empty: resources.length === 0,
    };
  } catch {
    return { usable: false };
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
  const removedIds = new Set<string>();
  const failedIds = new Set<string>();
  const kind = (entry: Entry) => entry.resource.slice(0, -1);
  const byValue = (entry: Entry, why: string) =>
    `${kind(entry)} ${entry.lookup.attribute} "${serverText(entry.lookup.value, ctx.secrets, 64)}" (${entry.noId ?? "the id its create answered does not hold a probe of this run"}, and ${why})`;
  const removeId = async (entry: Entry, id: string) => {
    const key = `${entry.resource}/${id}`;
    if (removedIds.has(key) || failedIds.has(key)) return;
    if (await remove(ctx, entry.resource, id)) {
      removedIds.add(key);
      ctx.ledger.deleted(entry.resource, id);
    } else {
      failedIds.add(key);
      leftovers.push(`${kind(entry)} ${serverText(id, ctx.secrets, 64)}`);
    }
  };
  // Groups first: a group holds references to the probe users.
  const order = [...ctx.ledger.pending].sort((a, b) => (a.resource === b.resource ? 0 : a.resource === "Groups" ? -1 : 1));
  for (const entry of order) {
    if (entry.id !== undefined) {
      const owner = entry.unproven ? await ownerOf(ctx, entry.resource, entry.id) : "probe";
      if (owner === "gone") {
        ctx.ledger.deleted(entry.resource, entry.id);
        continue;
      }
      if (owner === "probe") {
        await removeId(entry, entry.id);
        continue;
      }
      // Not ours at that id (or unreadable): whatever the create made is looked up by its value.
    }
    const found = await find(ctx, entry);
    const search = `a search by ${entry.lookup.attribute}`;
    if (!found.usable) {
      leftovers.push(byValue(entry, `${search} did not answer a usable list`));
      continue;
    }
    for (const id of found.ids) await removeId(entry, id);
    if (found.ids.length > 0) continue;
    // Nothing of ours found: believe it only from a filter the app honours.
    if (!found.honoured) leftovers.push(byValue(entry, `${search} answered other accounts, so whether it exists cannot be told`));
    else if (found.empty && !ctx.ledger.provenFilter(entry.resource)) {
      leftovers.push(byValue(entry, `${search} found nothing, but this run never saw the app's filter find a probe`));
    }
  }
  const ms = Date.now() - started;
  if (leftovers.length > 0) {
    return {
      name: "cleanup",
      ok: false,
      ms,
      message: `could not delete or confirm gone: ${leftovers.join(", ")}; delete them in the app, found by the id or the value shown (every probe's name starts with ${PROBE_PREFIX}${ctx.tag})`,
    };
  }
  const removed = removedIds.size;
  return { name: "cleanup", ok: true, ms, message: removed === 0 ? "nothing left to delete" : `deleted the ${removed} probe object(s) left by the run` };
}
