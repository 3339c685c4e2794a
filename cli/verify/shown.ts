/**
 * The one boundary between what verify learns and what it prints (table and --json alike).
 *
 * Server-chosen text (Content-Type, Location, a SCIM error's detail, ids, header values) and
 * manifest strings are input from others: a server can reflect the token back, and a pull request
 * writes the manifest. Whatever ends up printed passes here, so it is:
 * - redacted: every token read in the run and the credentials of any URL, in every form a server
 *   may reflect them in (raw, percent-encoded, JSON-escaped, any case; cli/redaction.ts, the same
 *   as drift, review and import), are replaced by `***`, and `https://user:pass@host` becomes
 *   `https://***@host`;
 * - printable: control characters (ESC of an escape sequence, newlines, C1 controls),
 *   bidirectional-override characters and line separators become visible stand-ins (cli/printable.ts,
 *   the same as review and drift), so one value is one line and a tampered value stays visible as
 *   such (`␛[2J`);
 * - short: server text is cut to SERVER_TEXT_MAX characters where it is quoted, and every printed
 *   string to PRINTED_MAX, so a huge header cannot flood the report.
 */
import { printable, redactUrl } from "../printable";
import { Secrets } from "../redaction";

/** Characters of one server-chosen value quoted in a message. */
export const SERVER_TEXT_MAX = 200;
/** Characters of any one printed string (a whole message with our advice around quoted text). */
export const PRINTED_MAX = 2000;

/** One line a terminal shows as it is (cli/printable.ts, shared with review and drift). */
export { printable };

/** Cuts to `max` characters, marking the cut. */
export function capped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 3))}...` : text;
}

/** The run's secrets: cli/redaction.ts, the redaction every command shares. */
export { Secrets };

/**
 * A server-chosen value quoted in a message: redacted, one printable line, at most `max`
 * characters. Redaction comes before the cut, so a cut can never leave half a token behind.
 */
export function serverText(value: unknown, secrets: Secrets, max = SERVER_TEXT_MAX): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return capped(printable(secrets.redact(text)), max);
}

/** The tenant URL as printed: credentials in it (`user:pass@`) become `***`. */
export function shownUrl(tenantUrl: string): string {
  try {
    const url = new URL(tenantUrl);
    if (url.username === "" && url.password === "") return capped(printable(tenantUrl), PRINTED_MAX);
    url.username = "***";
    url.password = "";
    return capped(printable(url.toString()), PRINTED_MAX);
  } catch {
    return capped(printable(redactUrl(tenantUrl)), PRINTED_MAX);
  }
}

/**
 * A report as it may be printed: every string in it (at any depth) redacted, printable and at
 * most PRINTED_MAX long. Numbers and booleans are kept; keys are verify's own.
 */
export function shownReport<T>(report: T, secrets: Secrets): T {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return capped(printable(secrets.redact(value)), PRINTED_MAX);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(report) as T;
}
