/**
 * The one escaping of user strings for review's markdown (a pull-request comment, also read in a
 * terminal). Every string that comes from a manifest (display names, tenant URLs, emails, ids,
 * mapping targets and expressions, filter names and values, principals, limitations) goes through
 * `text` or `code` here, whatever it lands in: a table cell, a list item, a heading.
 *
 * The rules hold in every one of those places at once, so no caller has to know where it is:
 * - no line break survives (printable.ts turns it into a visible ␊), so a value cannot end its
 *   line and start a block of its own (a heading, an HTML comment, a fence, a table row);
 * - every character CommonMark or GitHub acts on inside a line is backslash-escaped where it can
 *   act: emphasis, code, links and images, raw HTML and comments, entities, table pipes,
 *   strikethrough, math;
 * - a value that begins with a block marker (`-`, `+`, `=`, `1.`) is escaped there too, in case it
 *   is ever the first thing on a line;
 * - nothing in a value becomes a link, a mention or a reference. GitHub links text that no escape
 *   stops: autolinks (`https://...`, `www.`, emails) and, after rendering, `@user`, `@org/team`,
 *   `#123`, `GH-123` and commit SHAs in any text node outside code. So every word of a value that
 *   holds such a trigger (`://`, `www.`, `@`, `#` before a digit, `GH-` before a digit, a dot before
 *   letters as in a domain, a run of 7 or more hex digits) is shown as a code span, where neither
 *   GitHub nor any other renderer links anything. Words without one stay text.
 */
import { printable } from "../printable";

/**
 * ASCII punctuation that acts inside a line, wherever it stands: backslash escapes, code,
 * emphasis, links and images, raw HTML, comments and autolinks, table pipes, strikethrough (GFM),
 * math (GitHub). The rest is escaped only where it can act (below), so common values such as
 * `TF_VAR_x_token`, `AT&T` or `#EXT#` stay readable in a terminal.
 */
const ALWAYS = /[\\`*[\]<|~$]/g;
/** `_` opens or closes emphasis unless it sits between two letters or digits. */
const UNDERSCORE = /(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
/** `&` starts an entity only before `name;` or `#123;`. */
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;
/** `#` starts a heading, or closes one, only at the start or after a space. */
const HASH = /(^|\s)#/g;

/**
 * A word (no spaces) that GitHub or another renderer could turn into a link, a mention or a
 * reference. Deliberately wide: a domain-like `name.tld` is linked by linkify-style renderers even
 * though GitHub's own autolinker wants `www.` or a scheme.
 */
const LINK_TRIGGER = /:\/\/|www\.|@|#\d|\bGH-\d|[A-Za-z0-9-]\.[A-Za-z]{2,}|(?<![0-9a-f])(?=[a-f]*\d)[0-9a-f]{7,}(?![0-9a-f])/i;

/** One word as escaped markdown text (the escapes of `text`, without the link triggers). */
function escapeWord(word: string, first: boolean): string {
  const escaped = word.replace(ALWAYS, "\\$&").replace(UNDERSCORE, "\\_").replace(ENTITY, "\\&").replace(HASH, "$1\\#");
  return first ? escaped.replace(/^([-+=>])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2") : escaped;
}

/**
 * A user string as markdown inline text: renders as exactly the characters given (control
 * characters as visible stand-ins), in a table cell, a list item or a heading alike; a word that
 * could become a link, a mention or a reference is a code span.
 */
export function text(s: string): string {
  return printable(s)
    .split(/( +)/)
    .map((part, i) => (i % 2 === 1 || part === "" ? part : LINK_TRIGGER.test(part) ? linkWord(part, i === 0) : escapeWord(part, i === 0)))
    .join("");
}

/**
 * A word holding a link trigger: its core as a code span, with opening and closing punctuation
 * around it left as text, so "(see https://x.example/a)." reads as prose with the address in code.
 * Punctuation alone cannot start a link, a mention or a reference.
 */
function linkWord(word: string, first: boolean): string {
  const lead = /^[("'\[]+/.exec(word)?.[0] ?? "";
  const rest = word.slice(lead.length);
  const trail = /[).,;:!?'"\]]+$/.exec(rest)?.[0] ?? "";
  const core = rest.slice(0, rest.length - trail.length);
  if (core === "" || !LINK_TRIGGER.test(core)) return codeSpans(word);
  return `${lead ? escapeWord(lead, first) : ""}${codeSpans(core)}${trail ? escapeWord(trail, false) : ""}`;
}

/**
 * A user value as inline code (ids, attribute names, expressions, filter values). Backticks in
 * the value get a longer fence, so the value is shown whole and unchanged. Nothing in a code span
 * becomes a link, a mention or a reference, on GitHub or elsewhere.
 */
export function code(s: string): string {
  const value = printable(s);
  if (value.length === 0) return "(empty)";
  return codeSpans(value);
}

/**
 * Printable text as code spans. A pipe cannot be escaped inside a code span the same way in a
 * table and outside one (GFM unescapes `\|` only in tables), so a value with pipes is one code span
 * per piece, joined by escaped pipes in text: `a|b` is `` `a`\|`b` ``, the same rendering
 * everywhere (a text pipe cannot start anything).
 */
function codeSpans(value: string): string {
  return value
    .split("|")
    .map((piece) => {
      if (piece === "") return "";
      const longestRun = (piece.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0);
      const fence = "`".repeat(longestRun + 1);
      // CommonMark strips one space at each end when both are there; a piece starting or ending
      // with a backtick or a space needs one more so it does not merge with the fence.
      const pad = /^[` ]|[` ]$/.test(piece) ? " " : "";
      return `${fence}${pad}${piece}${pad}${fence}`;
    })
    .join("\\|");
}
