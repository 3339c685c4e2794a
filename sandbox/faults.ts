/**
 * Faults a test switches on, and the request counts. A fault matches requests by method and path
 * template (as counted, e.g. `GET /v1.0/servicePrincipals/{id}`; omitted = every Graph request)
 * and lasts for `count` requests or `forMs` milliseconds, whichever ends first:
 * - `throttle`: 429 TooManyRequests with Retry-After (Graph's throttling answer);
 * - `server-error`: a 5xx (500, 502, 503 or 504) in Graph's error shape;
 * - `eventual-consistency`: objects created by a matching request read 404 for the next `count`
 *   requests that name them (or for `forMs`), as a directory object does while it replicates.
 */
import { z } from "zod";

export const FaultSpec = z
  .object({
    kind: z.enum(["throttle", "server-error", "eventual-consistency"]),
    /** `METHOD /version/template`, `/version/template` (any method), or omitted (every Graph request). */
    pathTemplate: z.string().min(1).optional(),
    count: z.number().int().min(1).max(1_000_000).optional(),
    forMs: z.number().int().min(1).max(86_400_000).optional(),
    /** throttle: seconds in Retry-After. @default 1 */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /** server-error: the status. @default 503 */
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  })
  .strict()
  .refine((f) => f.count !== undefined || f.forMs !== undefined, { message: "count or forMs is required" });
export type FaultSpec = z.infer<typeof FaultSpec>;

interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
  readonly until: number;
}

interface Lagging {
  remaining: number;
  readonly until: number;
}

export class Faults {
  private faults: ActiveFault[] = [];
  private lagging = new Map<string, Lagging>();

  constructor(private readonly now: () => number) {}

  add(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.count ?? Number.POSITIVE_INFINITY, until: spec.forMs !== undefined ? this.now() + spec.forMs : Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
    this.lagging.clear();
  }

  list(): FaultSpec[] {
    this.expire();
    return this.faults.map((f) => f.spec);
  }

  private expire(): void {
    const now = this.now();
    this.faults = this.faults.filter((f) => f.remaining > 0 && f.until > now);
    for (const [id, l] of this.lagging) if (l.remaining <= 0 || l.until <= now) this.lagging.delete(id);
  }

  private matches(f: ActiveFault, method: string, template: string): boolean {
    const t = f.spec.pathTemplate;
    if (t === undefined) return true;
    return t.includes(" ") ? t === `${method} ${template}` : t === template;
  }

  /** The throttle or server-error fault a request meets (consuming one of its count), if any. */
  take(method: string, template: string): FaultSpec | undefined {
    this.expire();
    const f = this.faults.find((x) => x.spec.kind !== "eventual-consistency" && this.matches(x, method, template));
    if (!f) return undefined;
    f.remaining--;
    return f.spec;
  }

  /** After a successful create: the new ids start lagging when an eventual-consistency fault matches. */
  created(method: string, template: string, ids: string[]): void {
    this.expire();
    const f = this.faults.find((x) => x.spec.kind === "eventual-consistency" && this.matches(x, method, template));
    if (!f || ids.length === 0) return;
    f.remaining--;
    for (const id of ids) {
      this.lagging.set(id.toLowerCase(), { remaining: f.spec.count ?? Number.POSITIVE_INFINITY, until: f.spec.forMs !== undefined ? this.now() + f.spec.forMs : Number.POSITIVE_INFINITY });
    }
  }

  /** The lagging id a request path names (consuming one read), if any. */
  laggingIn(path: string): string | undefined {
    this.expire();
    const lower = path.toLowerCase();
    for (const [id, l] of this.lagging) {
      if (lower.split("/").includes(id)) {
        l.remaining--;
        return id;
      }
    }
    return undefined;
  }
}

/** Requests counted by `METHOD template`. */
export class Stats {
  private counts = new Map<string, number>();

  count(method: string, template: string): void {
    const key = `${method} ${template}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): { total: number; requests: Record<string, number> } {
    const requests = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    return { total: [...this.counts.values()].reduce((a, b) => a + b, 0), requests };
  }

  reset(): void {
    this.counts.clear();
  }
}

/** A path's template when no route matched: GUIDs and job ids become `{id}`. */
export function unmatchedTemplate(path: string): string {
  // A client's path lands in logs and in `stats` on a terminal: control characters are replaced
  // and the length is capped.
  const printable = path.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "?").slice(0, 300);
  return printable
    .split("/")
    .map((s) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s) || /^[\w]+\.[0-9a-f]{32}\.[0-9a-f-]{36}$/i.test(s) || s.length > 40 ? "{id}" : s))
    .join("/");
}
