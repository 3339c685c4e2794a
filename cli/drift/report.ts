/**
 * Drift in provisioning terms: which app, which setting or mapping changed outside code. Reads
 * the refresh-only plan's `resource_drift` and maps each resource address back to an app through
 * the manifest's `terraform` addresses.
 *
 * Secrets: the secret resource's credentials hold the token in clear in a plan. Only BaseAddress
 * (the tenant URL), SyncAll and SyncNotificationSettings values are ever read; any other key is
 * reported by name only.
 */
import type { AppManifest, Manifest } from "../../manifest/schema";
import type { Plan, ResourceChange } from "./plan";

export interface DriftItem {
  readonly stack: string;
  /** App id, or null for a resource no app owns. */
  readonly app: string | null;
  readonly setting: string;
  readonly message: string;
}

const PUBLIC_CREDENTIALS = new Set(["BaseAddress", "SyncAll", "SyncNotificationSettings"]);

type Credential = { key?: unknown; value?: unknown };

function credentials(state: unknown): Map<string, string> {
  const list = (state as { credential?: Credential[] } | null | undefined)?.credential ?? [];
  return new Map(list.filter((c) => typeof c.key === "string").map((c) => [c.key as string, typeof c.value === "string" ? c.value : ""]));
}

function notificationWords(json: string | undefined): Record<string, string> {
  try {
    const s = JSON.parse(json ?? "{}") as Record<string, unknown>;
    return {
      "notification email": String(s.Recipients ?? ""),
      "email on failure": String(s.Enabled ?? ""),
      "accidental-deletions prevention": String(s.DeleteThresholdEnabled ?? ""),
      "deletion threshold": String(s.DeleteThresholdValue ?? ""),
    };
  } catch {
    return { "notification settings": "(unreadable)" };
  }
}

function secretDrift(app: AppManifest, change: ResourceChange, push: (setting: string, message: string) => void): void {
  const before = credentials(change.change.before);
  const after = credentials(change.change.after);
  const keys = new Set([...before.keys(), ...after.keys()]);
  for (const key of keys) {
    const was = before.get(key);
    const now = after.get(key);
    if (was === now) continue;
    if (!PUBLIC_CREDENTIALS.has(key)) {
      // Never print a value we do not know to be public (SecretToken, passwords, OAuth keys).
      push(`credential ${key}`, was === undefined ? `credential ${key} was added outside code` : now === undefined ? `credential ${key} was removed outside code` : `credential ${key} was changed outside code`);
    } else if (key === "BaseAddress") {
      push("tenant URL", `tenant URL changed outside code: ${was ?? "(none)"} → ${now ?? "(none)"} (declared ${app.tenantUrl})`);
    } else if (key === "SyncAll") {
      const scope = (v: string | undefined) => (v === "true" ? "all users and groups" : v === "false" ? "assigned only" : "(unset)");
      push("scope", `scope changed outside code: ${scope(was)} → ${scope(now)}`);
    } else {
      const a = notificationWords(was);
      const b = notificationWords(now);
      for (const k of Object.keys(b)) if (a[k] !== b[k]) push(k, `${k} changed outside code: ${a[k] || "(none)"} → ${b[k] || "(none)"}`);
    }
  }
}

type GraphMapping = { targetAttributeName?: string; source?: { expression?: string } | null; matchingPriority?: number; defaultValue?: string | null; flowType?: string };
type GraphObjectMapping = { sourceObjectName?: string; enabled?: boolean; attributeMappings?: GraphMapping[]; scope?: unknown };

function objectMappings(state: unknown): GraphObjectMapping[] {
  const body = (state as { body?: { synchronizationRules?: Array<{ objectMappings?: GraphObjectMapping[] }> } } | null | undefined)?.body;
  return body?.synchronizationRules?.[0]?.objectMappings ?? [];
}

function describeMapping(m: GraphMapping): string {
  const parts = [m.source?.expression ?? "(constant)"];
  if (m.defaultValue) parts.push(`default ${m.defaultValue}`);
  if (m.matchingPriority) parts.push(`matching ${m.matchingPriority}`);
  if (m.flowType === "ObjectAddOnly") parts.push("on create only");
  return parts.join(", ");
}

function schemaDrift(change: ResourceChange, push: (setting: string, message: string) => void): void {
  const before = objectMappings(change.change.before);
  const after = objectMappings(change.change.after);
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const a = before[i] ?? {};
    const b = after[i] ?? {};
    const label = (b.sourceObjectName ?? a.sourceObjectName) === "Group" ? "group" : "user";
    if (a.enabled !== b.enabled) push(`${label} provisioning`, `${label} object mapping ${b.enabled ? "enabled" : "disabled"} outside code`);
    const old = new Map((a.attributeMappings ?? []).map((m) => [String(m.targetAttributeName).toLowerCase(), m]));
    const now = new Map((b.attributeMappings ?? []).map((m) => [String(m.targetAttributeName).toLowerCase(), m]));
    for (const [key, m] of now) {
      const was = old.get(key);
      if (!was) push(`${label} mapping ${m.targetAttributeName}`, `${label} mapping ${m.targetAttributeName} added outside code: ${describeMapping(m)}`);
      else if (describeMapping(was) !== describeMapping(m)) {
        push(`${label} mapping ${m.targetAttributeName}`, `${label} mapping ${m.targetAttributeName} changed outside code: ${describeMapping(was)} → ${describeMapping(m)}`);
      }
    }
    for (const [key, m] of old) if (!now.has(key)) push(`${label} mapping ${m.targetAttributeName}`, `${label} mapping ${m.targetAttributeName} removed outside code (was ${describeMapping(m)})`);
    if (JSON.stringify(a.scope ?? null) !== JSON.stringify(b.scope ?? null)) push(`${label} scoping filters`, `${label} scoping filters changed outside code`);
  }
}

function jobDrift(app: AppManifest, change: ResourceChange, push: (setting: string, message: string) => void): void {
  const was = (change.change.before as { enabled?: unknown } | null)?.enabled;
  const now = (change.change.after as { enabled?: unknown } | null)?.enabled;
  if (was === now) return;
  // The job is created disabled and started by an action; the provider's Read reports
  // enabled = (schedule state is Active). Running while declared "on" is the expected state.
  if (app.provisioning === "on" && now === false) push("provisioning", "job paused or stopped outside code (declared provisioning: on)");
  if (app.provisioning === "off" && now === true) push("provisioning", "job started outside code (declared provisioning: off)");
}

export function driftReport(manifest: Manifest, plan: Plan): DriftItem[] {
  const owners = new Map<string, { app: AppManifest; key: string }>();
  for (const app of manifest.apps) for (const [key, address] of Object.entries(app.terraform)) owners.set(address, { app, key });
  const items: DriftItem[] = [];
  for (const change of plan.resource_drift ?? []) {
    const owner = owners.get(change.address);
    const actions = change.change.actions;
    if (!owner) {
      items.push({ stack: manifest.stack, app: null, setting: change.address, message: `${change.address} changed outside code (${actions.join(", ")})` });
      continue;
    }
    const { app, key } = owner;
    const push = (setting: string, message: string) => items.push({ stack: manifest.stack, app: app.id, setting, message: `${app.displayName}: ${message}` });
    if (actions.includes("delete")) {
      const what: Record<string, string> = {
        application: "the enterprise app was deleted outside code",
        secret: "the provisioning credentials were removed outside code",
        job: "the provisioning job was deleted outside code",
      };
      if (key.startsWith("assignment:")) {
        const a = app.assignments[Number(key.slice("assignment:".length))];
        push("assignments", `assignment removed outside code: ${a ? `${a.principalType} ${a.principal} as ${a.role}` : change.address}`);
      } else {
        push(key, what[key] ?? `${change.address} was deleted outside code`);
      }
      continue;
    }
    if (key === "secret") secretDrift(app, change, push);
    else if (key === "job") jobDrift(app, change, push);
    else if (key === "schema") schemaDrift(change, push);
    else if (key === "application") {
      const a = (change.change.before as { display_name?: string } | null)?.display_name;
      const b = (change.change.after as { display_name?: string } | null)?.display_name;
      if (a !== b) push("display name", `display name changed outside code: ${a} → ${b}`);
    } else push(key, `${change.address} changed outside code`);
  }
  return items;
}

export function renderDrift(stack: string, items: readonly DriftItem[]): string {
  if (items.length === 0) return `${stack}: no drift\n`;
  return [`${stack}: ${items.length} change(s) outside code`, ...items.map((i) => `- ${i.message}`), ""].join("\n");
}
