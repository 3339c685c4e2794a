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
import type { ResourceChange } from "./plan";

export type Push = (setting: string, message: string) => void;

const PUBLIC_CREDENTIALS = new Set(["BaseAddress", "SyncAll", "SyncNotificationSettings"]);

type Credential = { key?: unknown; value?: unknown };

function credentials(state: unknown): Map<string, string> {
  const list = (state as { credential?: Credential[] } | null | undefined)?.credential ?? [];
  return new Map(list.filter((c) => typeof c.key === "string").map((c) => [c.key as string, typeof c.value === "string" ? c.value : ""]));
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

export function secretDrift(app: AppManifest, change: ResourceChange, push: Push): void {
  const before = credentials(change.change.before);
  const after = credentials(change.change.after);
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
      push("tenant URL", `tenant URL changed outside code: ${was ?? "(none)"} → ${now ?? "(none)"} (declared ${app.tenantUrl})`);
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
