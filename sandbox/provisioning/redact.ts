/**
 * The last line of defence for the secret token: every string the engine returns (status, logs,
 * errors, escrow) has any occurrence of a secret in a value replaced (keys are the engine's own), whatever put it there (a SCIM app
 * echoing the Authorization header in its error detail, a token pasted into a tenant URL).
 */
export const REDACTED = "[REDACTED]";

export function redactString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join(REDACTED);
  return out;
}

export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((s) => s.length > 0);
  if (live.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactString(v, live);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
