/**
 * JSON.parse for files the CLIs read (manifests, plans) with errors that never quote the input.
 * Node 20's JSON.parse messages carry a snippet of the text ("Unexpected token 'x', "...<the
 * file's first bytes>..." is not valid JSON"); a manifest or a plan may hold anything, so the
 * message is rebuilt from the position alone.
 */

export type JsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const at = firstSyntaxError(text);
    if (at < 0) return { ok: false, error: "not valid JSON" };
    if (at >= text.length) return { ok: false, error: "not valid JSON: it ends early (unterminated string, object or list)" };
    const before = text.slice(0, at);
    const line = (before.match(/\n/g) ?? []).length + 1;
    const column = at - (before.lastIndexOf("\n") + 1) + 1;
    return { ok: false, error: `not valid JSON at line ${line}, column ${column}` };
  }
}

class SyntaxAt {
  constructor(readonly at: number) {}
}

const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * Offset of the first JSON syntax error (RFC 8259), text.length when the text ends early, or -1
 * when there is none. Iterative, so a deeply nested document cannot overflow the stack.
 */
export function firstSyntaxError(text: string): number {
  const n = text.length;
  let i = 0;
  const fail = (at: number): never => {
    throw new SyntaxAt(at);
  };
  const space = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const string = () => {
    if (text[i] !== '"') fail(i);
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail(i);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e === "u") {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) fail(i);
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else fail(i);
    }
    fail(n);
  };
  const key = () => {
    space();
    string();
    space();
    if (text[i] !== ":") fail(i);
    i++;
  };
  const open: Array<"}" | "]"> = [];
  try {
    for (;;) {
      space();
      if (i >= n) fail(n);
      const c = text[i];
      if (c === "{" || c === "[") {
        i++;
        space();
        const close = c === "{" ? "}" : "]";
        if (text[i] !== close) {
          open.push(close);
          if (c === "{") key();
          continue; // a value follows
        }
        i++;
      } else if (c === '"') string();
      else {
        SCALAR.lastIndex = i;
        if (!SCALAR.test(text)) fail(i);
        i = SCALAR.lastIndex;
      }
      // After a value: close what it ends, or a comma before the next value.
      for (;;) {
        space();
        if (open.length === 0) {
          if (i < n) fail(i);
          return -1;
        }
        if (i >= n) fail(n);
        const close = open[open.length - 1];
        if (text[i] === close) {
          open.pop();
          i++;
          continue;
        }
        if (text[i] !== ",") fail(i);
        i++;
        if (close === "}") key();
        break;
      }
    }
  } catch (err) {
    if (err instanceof SyntaxAt) return err.at;
    throw err;
  }
}
