/**
 * Text that is safe to print to a terminal, a log or a CI job summary: the one place where the
 * CLIs (review, drift, manifest errors) turn a string from a user, a manifest or a plan into
 * something that cannot move the cursor, clear the screen, recolour, reorder or split a line.
 *
 * Nothing is dropped silently: each unsafe character is shown as a visible stand-in, so a
 * reviewer sees that a value holds one.
 */

/**
 * Characters a terminal or a renderer acts on rather than shows: C0 and C1 controls and DEL
 * (ESC starts ANSI sequences, CSI U+009B is a one-byte ESC[, CR/LF/VT/FF/NEL split lines), the
 * Unicode line and paragraph separators, bidirectional overrides and isolates (they reorder what is
 * shown: "Trojan Source"), zero-width and other invisible format characters, the interlinear
 * annotation controls, and lone surrogates (not text at all).
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Does the text hold a character a terminal would act on? */
export function hasUnsafeCharacters(s: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(s);
  UNSAFE.lastIndex = 0;
  return found;
}

/**
 * C0 controls and DEL become their Unicode control pictures (a newline shows as ␊, ESC as ␛),
 * everything else unsafe as ‹U+XXXX›. Neither stand-in is a control character, and neither uses
 * a character that markdown acts on, so the result can be escaped for markdown afterwards.
 */
function standIn(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return `‹U+${code.toString(16).toUpperCase().padStart(4, "0")}›`;
}

/**
 * The text with every unsafe character replaced by a visible stand-in; cut to `max` characters
 * (with "…" and the full length) when given, for messages that must stay one short line.
 * @param max longest result before the note on the length. @default - no cut (a report shows every value whole)
 */
export function printable(s: string, max?: number): string {
  const cut = max !== undefined && s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
  return cut.replace(UNSAFE, standIn);
}

// `scheme://userinfo@`: userinfo never contains "/", "\\", "@", whitespace, "?" or "#".
const URL_CREDENTIALS = /([A-Za-z][A-Za-z0-9+.-]*:[\\/]{2})[^/\\\s@?#]*@/g;

/**
 * Text with the user information of every URL in it (`user:pass@`) replaced by `***@`:
 * credentials in a tenant URL are a secret in the wrong place, and must not reach a PR comment,
 * a log or a terminal. Works on the text as written (no URL parsing, which would normalize what
 * the reviewer should see). verify, review and drift all redact with this.
 */
export function redactUrl(text: string): string {
  return text.replace(URL_CREDENTIALS, "$1***@");
}

/**
 * The host[:port] as a reader takes it from the URL as written: after `scheme://` and the user
 * information up to the first `@` (what redactUrl shows as `***@`). The parser splits at the last.
 */
const WRITTEN_HOST = /^[A-Za-z][A-Za-z0-9+.-]*:[\\/]{2}(?:[^/\\?#@]*@)?([^/\\?#]*)/;

/**
 * The host a URL really names, when it differs from what its text seems to say
 * (`https://vendor.com%2eevil.example/`, look-alike letters, `a@vendor.com@evil.example`);
 * undefined when the text says what the parser reads, or when it is no URL. Review and drift show
 * it beside the URL, because a deploy sends the token to this host.
 */
export function misleadingHost(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return undefined;
  }
  const written = WRITTEN_HOST.exec(url)?.[1];
  return written?.toLowerCase() === host ? undefined : host;
}

/**
 * JSON for stdout that is also safe in a terminal: JSON.stringify escapes C0 controls but keeps
 * C1 controls, line separators and bidi overrides as they are; those become \uXXXX escapes
 * (the same JSON value).
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
