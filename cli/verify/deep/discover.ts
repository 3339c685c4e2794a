/**
 * What the app says it supports, from its /Schemas endpoint: used to leave Entra's generic default
 * targets the app does not list out of the probe objects. A gallery app's template is built for the
 * app, so it does not send attributes the app lacks; --deep cannot read the template, and /Schemas is
 * the closest stand-in. Declared targets are always sent (verify's `schemas` check reports unknown
 * ones). Where /Schemas is not served or unreadable, nothing is left out. The answer is read with
 * the same zod reader as verify's `schemas` check (scim-json.ts).
 */
import type { Agent } from "undici";
import { endpoint } from "../checks";
import { type HttpOptions, sendScim } from "../http";
import { type KnownTarget, readSchemas } from "../scim-json";

export type { KnownTarget };

export async function knownTargets(agent: Agent, tenantUrl: string, token: string, http: HttpOptions): Promise<KnownTarget | undefined> {
  try {
    const r = await sendScim(agent, endpoint(tenantUrl, "Schemas"), token, http, { method: "GET" });
    if (r.status !== 200) return undefined;
    const known = readSchemas(r.json);
    return known.ok ? known.value : undefined;
  } catch {
    return undefined;
  }
}
