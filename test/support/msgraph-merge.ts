/**
 * A TypeScript port of the msgraph provider's MergeObject, which msgraph_update_resource with
 * update_method PUT uses to merge the configured body into the document it GETs before the PUT.
 * Source: microsoft/terraform-provider-msgraph, internal/utils/json.go (MergeObject), read at
 * commit 31ffc8e13f53d8b23f6dc4007427ce2336ae2dd7. Kept line for line so tests can show what the
 * provider would send: objects key by key (old keys kept, new ones win), arrays of equal length
 * element by element BY INDEX, arrays of different length replaced, and a null in the body wins.
 */
export function mergeObject(old: unknown, next: unknown): unknown {
  if (next === null || next === undefined) return next;
  if (isMap(old)) {
    if (isMap(next)) {
      const res: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(old)) res[key] = key in next ? mergeObject(value, next[key]) : value;
      // Go: `if res[key] == nil { res[key] = newValue }`: a key absent or null so far takes the new value.
      for (const [key, value] of Object.entries(next)) if (res[key] === null || res[key] === undefined) res[key] = value;
      return res;
    }
  } else if (Array.isArray(old)) {
    if (Array.isArray(next)) {
      if (old.length !== next.length) return next;
      return old.map((o, i) => mergeObject(o, next[i]));
    }
  }
  return next;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
