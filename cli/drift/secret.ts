/**
 * Drift of the synchronization secret: the portal's "Admin Credentials" (tenant URL, token) and
 * the settings Entra keeps beside them (SyncAll = scope, SyncNotificationSettings = notification
 * email, accidental-deletions prevention and threshold).
 *
 * Secrets: a plan holds every credential value in clear. Only BaseAddress, SyncAll and
 * SyncNotificationSettings values are ever read; any other key (SecretToken, passwords, OAuth
 * client secrets) is reported by name only.
 */
import type { AppManifest } from "../../manifest/schema";
import { misleadingHost, redactUrl } from "../printable";
import type { ResourceChange } from "./plan";
import { type SecretValues, SecretValuesSchema, valuesOf } from "./values";

export type Push = (setting: string, message: string) => void;

export const PUBLIC_CREDENTIALS: ReadonlySet<string> = new Set(["BaseAddress", "SyncAll", "SyncNotificationSettings"]);

function credentials(values: SecretValues): Map<string, string> {
  return new Map((values?.credential ?? []).map((c) => [c.key, c.value ?? ""]));
}

/**
 * The values of every credential not known to be public (SecretToken, passwords, client
 * secrets) in a secret's values of any shape: what drift cuts out of anything it prints.
 */
export function secretCredentialValues(values: unknown): string[] {
  const list = (values as { credential?: unknown } | null | undefined)?.credential;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: { key?: unknown; value?: unknown } | null) =>
    c && typeof c.value === "string" && !(typeof c.key === "string" && PUBLIC_CREDENTIALS.has(c.key)) ? [c.value] : [],
  );
}

const onOff = (v: unknown) => (v === true || v === "true" ? "on" : v === false || v === "false" ? "off" : v === undefined ? "" : String(v));

/** SyncNotificationSettings (a JSON string, keys as graph-sync.md shows them) as reviewer settings. */
function notificationWords(json: string | undefined): Record<string, string> {
  try {
    const s = JSON.parse(json ?? "{}") as Record<string, unknown>;
    return {
      "notification email": String(s.Recipients ?? ""),
      "email on failure": onOff(s.Enabled),
      "accidental-deletions prevention": onOff(s.DeleteThresholdEnabled),
      "deletion threshold": s.DeleteThresholdValue === undefined ? "" : String(s.DeleteThresholdValue),
    };
  } catch {
    return { "notification settings": "(unreadable)" };
  }
}

const scopeWords = (v: string | undefined) => (v === "true" ? "all users and groups" : v === "false" ? "assigned only" : "(unset)");

/** @param where the change's place in the plan, for errors: `resource_drift[2] (<address>)` */
export function secretDrift(app: AppManifest, change: ResourceChange, push: Push, where: string): void {
  const before = credentials(valuesOf(SecretValuesSchema, change.change.before, `${where} change.before`));
  const after = credentials(valuesOf(SecretValuesSchema, change.change.after, `${where} change.after`));
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key);
    const now = after.get(key);
    if (was === now) continue;
    if (!PUBLIC_CREDENTIALS.has(key)) {
      // Never print a value not known to be public. (Graph masks SecretToken as `*` and the
      // provider keeps the prior value then, so a rotated token is usually invisible anyway.)
      const what = was === undefined ? "added" : now === undefined ? "removed" : "changed";
      push(`credential ${key}`, `credential ${key} was ${what} outside code`);
    } else if (key === "BaseAddress") {
      const url = (u: string | undefined) => {
        if (u === undefined) return "(none)";
        const host = misleadingHost(u);
        return host === undefined ? redactUrl(u) : `${redactUrl(u)} (host ${host})`;
      };
      push("tenant URL", `tenant URL changed outside code: ${url(was)} → ${url(now)} (declared ${redactUrl(app.tenantUrl)})`);
    } else if (key === "SyncAll") {
      push("scope", `scope changed outside code: ${scopeWords(was)} → ${scopeWords(now)}`);
    } else {
      const a = notificationWords(was);
      const b = notificationWords(now);
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (a[k] !== b[k]) push(k, `${k} changed outside code: ${a[k] || "(none)"} → ${b[k] || "(none)"}`);
      }
    }
  }
}
