/**
 * What drift must never print, and the one place its output is cleaned: a plan holds every token
 * in clear (the token variables' values, each secret's SecretToken and any other non-public
 * credential), and a portal edit or a bug upstream can copy one into a setting drift does print
 * (a notification email, a display name, a check's message). Every item drift reports has those
 * values cut out, in every form (cli/redaction.ts: any case, percent-encoded, JSON-escaped, the
 * same redaction as verify, review and import), and is then made printable for a terminal or a job
 * summary.
 */
import type { Manifest } from "../../manifest/schema";
import { printable } from "../printable";
import { Secrets } from "../redaction";
import { refreshedResources, type Plan } from "./plan";
import { secretCredentialValues } from "./secret";

/** Every secret value the plan (and drift's environment) holds. */
export function planSecrets(manifest: Manifest, plan: Plan, env: NodeJS.ProcessEnv = process.env): Secrets {
  const found = Secrets.fromEnvironment(env);
  for (const app of manifest.apps) {
    const value = app.tokenVariable !== null ? plan.variables?.[app.tokenVariable]?.value : undefined;
    if (typeof value === "string") found.add(value);
  }
  const secretTypes = (type: string) => type === "azuread_synchronization_secret";
  for (const change of [...(plan.resource_drift ?? []), ...(plan.resource_changes ?? [])]) {
    if (!secretTypes(change.type)) continue;
    for (const v of [...secretCredentialValues(change.change.before), ...secretCredentialValues(change.change.after)]) found.add(v);
  }
  for (const r of refreshedResources(plan).values()) if (secretTypes(r.type)) for (const v of secretCredentialValues(r.values)) found.add(v);
  return found;
}

/** A function that cuts every secret out of a string and makes it printable. */
export function cleaner(manifest: Manifest, plan: Plan): (s: string) => string {
  const secrets = planSecrets(manifest, plan);
  return (s) => printable(secrets.redact(s));
}
