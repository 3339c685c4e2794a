/**
 * What the app says it supports, from its /Schemas endpoint: used to leave Entra's generic default
 * targets the app does not list out of the probe objects. A gallery app's template is built for the
 * app, so it does not send attributes the app lacks; --deep cannot read the template, and /Schemas is
 * the closest stand-in. Declared targets are always sent (verify's `schemas` check reports unknown
 * ones). Where /Schemas is not served or unreadable, nothing is left out.
 */
import { endpoint, targetPath } from "../checks";
import { sendScim } from "../http";
import type { Agent } from "undici";
import type { HttpOptions } from "../http";

/** id, externalId and meta belong to every resource (RFC 7643 section 3.1); /Schemas does not list them. */
const COMMON = new Set(["id", "externalid", "meta"]);

export type KnownTarget = (kind: "users" | "groups", target: string) => boolean;

interface ScimSchema {
  id?: unknown;
  attributes?: Array<{ name?: unknown; subAttributes?: Array<{ name?: unknown }> }>;
}

export async function knownTargets(agent: Agent, tenantUrl: string, token: string, http: HttpOptions): Promise<KnownTarget | undefined> {
  let list: unknown;
  try {
    const r = await sendScim(agent, endpoint(tenantUrl, "Schemas"), token, http, { method: "GET" });
    if (r.status !== 200) return undefined;
    list = Array.isArray(r.json) ? r.json : (r.json as { Resources?: unknown } | null | undefined)?.Resources;
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  const byId = new Map<string, ScimSchema>();
  for (const s of list as ScimSchema[]) if (s && typeof s.id === "string") byId.set(s.id.toLowerCase(), s);
  if (byId.size === 0) return undefined;
  const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : undefined);
  return (kind, target) => {
    const path = targetPath(target, kind);
    if (path.sub === undefined && COMMON.has(path.attribute.toLowerCase()) && !target.toLowerCase().startsWith("urn:")) return true;
    const schema = byId.get(path.schema.toLowerCase());
    const attribute = (Array.isArray(schema?.attributes) ? schema.attributes : []).find((a) => lower(a?.name) === path.attribute.toLowerCase());
    if (attribute === undefined) return false;
    return path.sub === undefined || (Array.isArray(attribute.subAttributes) ? attribute.subAttributes : []).some((s) => lower(s?.name) === path.sub?.toLowerCase());
  };
}
