/**
 * .NET regular expressions (what Replace and the REGEX MATCH scoping operators run) on
 * JavaScript's engine. The common syntax is the same in both: classes, quantifiers, anchors,
 * named groups `(?<name>...)`, back references. Translated here: `(?'name'...)` groups, `\A`,
 * `\Z`, `\z`, a leading inline `(?i)` / `(?m)` / `(?s)`, and .NET's replacement syntax
 * (`${name}`, `$1`, `$$`, `$&`, `` $` ``, `$'`, `$+`, `$_`). Refused (one line) rather than run
 * differently: atomic groups, possessive quantifiers, inline options elsewhere than at the start,
 * conditionals, and Unicode block names.
 */
import { EvaluationError } from "./errors";

const cache = new Map<string, RegExp>();
const MAX_CACHE = 512;

/** Characters JavaScript's `u` mode allows after a backslash without meaning something else. */
const U_MODE_ESCAPABLE = /[\^$\\.*+?()[\]{}|/-]/;

function translate(pattern: string, where: string): { source: string; flags: string } {
  let flags = "";
  let p = pattern;
  const leading = /^\(\?([imsx]+)\)/.exec(p);
  if (leading) {
    if (leading[1].includes("x")) throw new EvaluationError(`${where}: the .NET option (?x) is not supported; remove the option from the pattern`);
    for (const f of leading[1]) if (!flags.includes(f)) flags += f;
    p = p.slice(leading[0].length);
  }
  if (/\(\?>|\(\?\(|[*+?}]\+|\(\?[imnsx-]+[:)]/.test(p)) {
    throw new EvaluationError(`${where}: the pattern uses .NET syntax JavaScript cannot run the same way (atomic or conditional groups, possessive quantifiers, inline options); expected a plain regular expression`);
  }
  if (/\\[pP]\{Is/.test(p)) throw new EvaluationError(`${where}: Unicode block names (\\p{Is...}) are not supported; use a category such as \\p{L}`);
  p = p.replace(/\(\?'([A-Za-z_][A-Za-z0-9_]*)'/g, "(?<$1>").replace(/\\k'([A-Za-z_][A-Za-z0-9_]*)'/g, "\\k<$1>");
  // Outside classes: \A start of input, \Z and \z end of input.
  p = p.replace(/\\\\|\\A|\\Z|\\z/g, (m) => (m === "\\\\" ? m : m === "\\A" ? "^" : "$"));
  if (/\\[pP]\{/.test(p)) {
    // Unicode categories need JavaScript's u mode, which refuses escapes .NET ignores (`\@`).
    p = p.replace(/\\(.)/gsu, (m, c: string) => (U_MODE_ESCAPABLE.test(c) || /[A-Za-z0-9]/.test(c) ? m : c));
    flags += "u";
  }
  return { source: p, flags };
}

/** The pattern compiled (cached: the same few patterns run for every user). */
export function dotnetRegExp(pattern: string, where: string, global = false, indices = false): RegExp {
  const key = `${global ? "g" : "-"}${indices ? "d" : "-"}${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    const { source, flags } = translate(pattern, where);
    try {
      re = new RegExp(source, flags + (global ? "g" : "") + (indices ? "d" : ""));
    } catch (err) {
      throw new EvaluationError(`${where}: ${JSON.stringify(pattern)} is not a valid regular expression (${(err as Error).message.split("\n")[0].replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "")})`);
    }
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** .NET Regex.IsMatch: a match anywhere in the text (patterns anchor themselves with ^ and $). */
export function isMatch(pattern: string, text: string, where: string): boolean {
  return dotnetRegExp(pattern, where).test(text);
}

/** One match's groups: numbered captures and named ones. */
interface MatchGroups {
  readonly match: RegExpExecArray;
  readonly input: string;
}

/** Expands .NET's replacement pattern for one match. Unknown groups stay as written, as in .NET. */
function substitute(replacement: string, { match, input }: MatchGroups): string {
  const named = match.groups ?? {};
  return replacement.replace(/\$(\$|&|`|'|\+|_|\{([^}]*)\}|(\d+))/g, (whole, token: string, name: string | undefined, num: string | undefined) => {
    if (token === "$") return "$";
    if (token === "&") return match[0];
    if (token === "`") return input.slice(0, match.index);
    if (token === "'") return input.slice(match.index + match[0].length);
    if (token === "+") return match.length > 1 ? (match[match.length - 1] ?? "") : "";
    if (token === "_") return input;
    if (name !== undefined) {
      if (Object.prototype.hasOwnProperty.call(named, name)) return named[name] ?? "";
      if (/^\d+$/.test(name) && Number(name) < match.length) return match[Number(name)] ?? "";
      return whole;
    }
    // $12 is group 12 if there is one, else group 1 followed by "2" (.NET takes the longest valid number).
    const digits = num as string;
    for (let len = digits.length; len > 0; len--) {
      const n = Number(digits.slice(0, len));
      if (n < match.length) return (match[n] ?? "") + digits.slice(len);
    }
    return whole;
  });
}

/** .NET Regex.Replace(input, pattern, replacement): every match replaced. */
export function regexReplace(input: string, pattern: string, replacement: string, where: string): string {
  const re = dotnetRegExp(pattern, where, true);
  const plain = !replacement.includes("$");
  let out = "";
  let last = 0;
  for (let match = re.exec(input); match !== null; match = re.exec(input)) {
    out += input.slice(last, match.index) + (plain ? replacement : substitute(replacement, { match, input }));
    last = match.index + match[0].length;
    if (match[0].length === 0) re.lastIndex++; // an empty match: step past it, as .NET does
  }
  return out + input.slice(last);
}

/**
 * Replaces, in every match, only the text the named group captured (Replace with regexGroupName
 * and replacementValue): `(?<streetNumber>^\d*)` with "888" turns "545 Tremont Street" into
 * "888 Tremont Street".
 */
export function replaceGroup(input: string, pattern: string, group: string, replacement: string, where: string): string {
  const re = dotnetRegExp(pattern, where, true, true);
  assertGroup(re, pattern, group, where);
  let out = "";
  let last = 0;
  for (let match = re.exec(input); match !== null; match = re.exec(input)) {
    if (match[0].length === 0) re.lastIndex++;
    const span = groupSpan(match, group);
    if (span === undefined) continue; // the group did not take part in this match
    out += input.slice(last, span[0]) + substitute(replacement, { match, input });
    last = span[1];
  }
  return out + input.slice(last);
}

/** The text the named group captures in the first match, or null (Replace with replacementAttributeName). */
export function captureGroup(input: string, pattern: string, group: string, where: string): string | null {
  const re = dotnetRegExp(pattern, where);
  assertGroup(re, pattern, group, where);
  const m = re.exec(input);
  if (!m) return null;
  return groupValue(m, group) ?? null;
}

function groupValue(m: RegExpExecArray, group: string): string | undefined {
  if (m.groups && Object.prototype.hasOwnProperty.call(m.groups, group)) return m.groups[group];
  if (/^\d+$/.test(group)) return m[Number(group)];
  return undefined;
}

const groupsCache = new WeakMap<RegExp, { names: ReadonlySet<string>; count: number }>();

/** The group names and the number of groups of a compiled pattern (from a match of the empty alternative). */
function groupsOf(re: RegExp): { names: ReadonlySet<string>; count: number } {
  let groups = groupsCache.get(re);
  if (groups === undefined) {
    const probe = new RegExp(`(?:${re.source})|`, re.flags.replace(/[gd]/g, "")).exec("") as RegExpExecArray;
    groups = { names: new Set(Object.keys(probe.groups ?? {})), count: probe.length };
    groupsCache.set(re, groups);
  }
  return groups;
}

function assertGroup(re: RegExp, pattern: string, group: string, where: string): void {
  const { names, count } = groupsOf(re);
  if (names.has(group) || (/^\d+$/.test(group) && Number(group) < count)) return;
  throw new EvaluationError(`${where}: the pattern ${JSON.stringify(pattern)} has no group named ${JSON.stringify(group)}`);
}

/** Start and end of the group's capture in the input (the `d` flag's indices). */
function groupSpan(m: RegExpExecArray, group: string): [number, number] | undefined {
  const indices = m.indices;
  if (indices === undefined) return undefined;
  const span = indices.groups && Object.prototype.hasOwnProperty.call(indices.groups, group) ? indices.groups[group] : /^\d+$/.test(group) ? indices[Number(group)] : undefined;
  return span === undefined ? undefined : [span[0], span[1]];
}
