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
 *   is ever the first thing on a line.
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
 * A user string as markdown inline text: renders as exactly the characters given (control
 * characters as visible stand-ins), in a table cell, a list item or a heading alike.
 */
export function text(s: string): string {
  return printable(s)
    .replace(ALWAYS, "\\$&")
    .replace(UNDERSCORE, "\\_")
    .replace(ENTITY, "\\&")
    .replace(HASH, "$1\\#")
    .replace(/^([-+=>])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/**
 * A user value as inline code (ids, attribute names, expressions, filter values). Backticks in
 * the value get a longer fence, so the value is shown whole and unchanged. A pipe cannot be
 * escaped inside a code span the same way in a table and outside one (GFM unescapes `\|` only in
 * tables), so a value with a pipe is shown as `<code>` around escaped text instead: the same
 * rendering, in every place.
 */
export function code(s: string): string {
  const value = printable(s);
  if (value.length === 0) return "(empty)";
  if (value.includes("|")) return `<code>${text(s)}</code>`;
  const longestRun = (value.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0);
  const fence = "`".repeat(longestRun + 1);
  // CommonMark strips one space at each end when both are there; a value starting or ending with
  // a backtick needs a space so it does not merge with the fence.
  const pad = /^[` ]|[` ]$/.test(value) ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}
