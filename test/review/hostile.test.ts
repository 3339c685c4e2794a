/**
 * Review output is safe to paste into markdown, HTML and a terminal (issue 12, items 2 and 7):
 * hostile strings in every manifest field are rendered with a real CommonMark renderer
 * (markdown-it, with HTML on as GitHub allows some) and every change must stay visible: no HTML
 * comment, no injected tag or link, no forged heading, no split table row, no control character.
 */
import MarkdownIt from "markdown-it";
import { main } from "../../cli/review";
import { runCli } from "../support/cli";
import { diffManifests } from "../../cli/review/diff";
import { code, text } from "../../cli/review/markdown";
import { printable } from "../../cli/printable";
import type { AppManifest } from "../../manifest/schema";
import { AIRSTACK, SMARTFILE, clone, manifest, writeOut } from "./manifests";

const md = new MarkdownIt({ html: true });

/** The hostile corpus: each tries to end a line, open a block, a comment, a tag or a link, or drive the terminal. */
const HOSTILE = [
  "Evil\n<!--",
  "x\n# No provisioning changes.",
  "# No provisioning changes.",
  "a | b | c",
  "|---|---|",
  "``` fence",
  "tick ` and `` two",
  "`starts and ends`",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "![img](https://evil.example.com/x.png)",
  "<https://evil.example.com>",
  "\u001b[2J\u001b[31mred",
  "\u009b2Jcsi",
  "carriage\rreturn",
  "line\u2028separator\u2029paragraph",
  "bidi \u202egnp.exe\u202c",
  "zero\u200bwidth\ufeff",
  "tab\there",
  "-->",
  "&lt;b&gt; &#60;i&#62; &amp;",
  "**bold** _em_ __strong__ ~~gone~~ ~one~",
  "$\\color{white}{hidden}$",
  "1. ordered",
  "- bullet",
  "+ plus",
  "> quote",
  "=== setext",
  "trailing #",
  "back\\slash\\",
  "end with two spaces  ",
  "x".repeat(240),
];

/** What a reader sees of rendered HTML: the text, tags removed, entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, "&");
}

/** The tags review may produce; anything else came from a value. */
const ALLOWED_TAGS = new Set(["h1", "h2", "p", "ul", "li", "strong", "code", "blockquote", "table", "thead", "tbody", "tr", "th", "td"]);

function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)].map((m) => m[1].toLowerCase());
}

/** No control character, line or paragraph separator, bidi control or invisible format character except the newline ending each line. */
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

const review = (args: string[]) => runCli(main, args);

describe("text() and code(): one escaping, the same rendering in a table cell, a list item and a heading", () => {
  const contexts: Array<[string, (s: string) => string, (html: string) => string]> = [
    ["table cell", (s) => `| Setting | Value |\n|---|---|\n| x | ${s} |\n`, (h) => /<td>x<\/td>\n<td>(.*)<\/td>/.exec(h)?.[1] ?? `(no cell in ${h})`],
    ["list item", (s) => `- Setting: ${s}\n`, (h) => /^<ul>\n<li>Setting: (.*)<\/li>\n<\/ul>\n$/.exec(h)?.[1] ?? `(not one item: ${h})`],
    ["heading", (s) => `## prod/app: ${s}\n`, (h) => /^<h2>prod\/app: (.*)<\/h2>\n$/.exec(h)?.[1] ?? `(not one heading: ${h})`],
  ];
  for (const [where, place, extract] of contexts) {
    test.each(HOSTILE.map((s) => [JSON.stringify(s).slice(0, 60), s]))(`${where}: %s`, (_, s) => {
      for (const escape of [text, code]) {
        const html = md.render(place(escape(s)));
        const inner = extract(html);
        // Exactly the value, with unsafe characters as visible stand-ins; nothing else was made of
        // it. (A renderer trims the spaces that end a cell, item or heading; a code span keeps them.)
        expect(visible(inner)).toBe(escape === code ? printable(s) : printable(s).trimEnd());
        expect(tags(inner).filter((t) => t !== "code")).toEqual([]);
        expect(escape(s)).not.toMatch(TERMINAL_UNSAFE);
      }
    });
  }

  test("code() shows a value with backticks whole (a longer fence), and a value with a pipe as code spans around an escaped pipe", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x`")).toBe("`` `x` ``");
    expect(code("a|b")).toBe("`a`\\|`b`");
    expect(code("|a||b|")).toBe("\\|`a`\\|\\|`b`\\|");
    expect(code("")).toBe("(empty)");
    expect(text("TF_VAR_x_secret_token AT&T alice_contoso.com#EXT#@contoso.com")).toBe("TF_VAR_x_secret_token AT&T `alice_contoso.com#EXT#@contoso.com`");
    expect(text("line\nbreak \u001b[2J")).toBe("line\u240abreak \u241b\\[2J");
  });
});

/** An app with a hostile string in every string field the manifest schema lets through. */
function hostileApp(id: string, s: string, n: number): AppManifest {
  const app = clone(SMARTFILE);
  app.id = id;
  app.displayName = s;
  app.connector = { key: s, galleryName: s };
  // The schema refuses whitespace and control characters in a URL (as synth does); the rest stays.
  app.tenantUrl = `https://user:SENTINEL-pass@demo${n}.example.com/scim/${s.slice(0, 40).replace(/[\s\u0000-\u001f\u007f-\u009f]/g, "")}`;
  app.tokenVariable = s;
  app.tokenEnv = s;
  app.notifications = { email: s, sendOnFailure: true };
  app.assignments = [{ principalType: "group", principal: s, role: s }];
  app.users.matchingAttribute = s;
  app.users.mappings = [
    { target: s, source: s, defaultValue: s, apply: "always" },
    { target: `t ${n}`, source: `Join(" ", [givenName], "${"y".repeat(9_000)}")`, apply: "always" },
  ];
  app.users.removed = [`${s} removed`];
  app.users.scope = [{ name: s, all: [{ attribute: s, operator: s, values: [s, s] }] }];
  app.users.removedScope = [`${s} gone`];
  app.users.requiredClauses = [{ attribute: s, operator: "EQUALS", values: [s] }];
  app.onDemand = { users: [s.slice(0, 100)], groups: [s] };
  app.users.targetAttributes = [{ name: s, type: "Binary" }];
  app.limitations = [s];
  app.warnings = [`${s} warned`];
  app.terraform = { [s]: s };
  return app;
}

/** Hostile strings are also the stack name (a directory name) where the file system allows it. */
const STACK = "prod <!-- | # \u001b[2J\n# forged";

/** In running text, spaces that end a value are trimmed with the cell or line they end. */
const INLINE = HOSTILE.filter((s) => s === s.trimEnd());

describe("the review report of hostile manifests", () => {
  const apps = INLINE.map((s, i) => hostileApp(`app${i}`, s, i));
  const r = review(["--out", writeOut(manifest(apps, STACK, "contoso.onmicrosoft.com\n<!--"))]);
  const html = md.render(r.out);

  test("exit 0; the terminal text has no control character; no URL credentials", () => {
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).not.toMatch(TERMINAL_UNSAFE);
    expect(r.out).not.toContain("SENTINEL-pass");
    expect(r.out).toContain("`https://***@demo0.example.com/scim/Evil<!--`");
  });

  test("every line is one review made: a heading, a list item, a table row, a warning, or a fixed sentence", () => {
    for (const line of r.out.split("\n")) {
      expect(line).toMatch(/^(|# Provisioning review|## .+|- .+|\| .+ \||\|---\|---\|(---\|---\|---\|)?|> \*\*Warning\*\* .+|\*\*(User|Group) mappings\*\* .+|(Assignments|User scope|Group scope|Removed from the app's mappings|Attributes added to the app's (user|group) schema).*|\(the app's\): not declared, so the app's own value stays \(Entra's default for a target the app does not map\)\.)$/);
    }
  });

  test("rendered: one h1, one h2 per app, no comment, no tag a value made, no link", () => {
    expect(tags(html).filter((t) => t === "h1")).toHaveLength(2); // open and close
    expect(html.match(/<h2>/g)).toHaveLength(apps.length);
    expect(html).not.toContain("<!--");
    expect(tags(html).filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
    expect(html.match(/<table>/g)).toHaveLength(apps.length * 3); // settings, user mappings, group mappings
  });

  test("every value is visible in the rendered HTML, in its place", () => {
    const shown = visible(html);
    INLINE.forEach((s, i) => {
      const p = printable(s);
      expect(shown).toContain(`${printable(STACK)}/app${i}: ${p}`); // the heading
      expect(shown).toContain(`Display name\n${p}`); // the settings table cell
      expect(shown).toContain(`Notifications\n${p} (email on failure)`);
      expect(shown).toContain(`group ${p} as ${p}`);
      expect(shown).toContain(`${p}: ${p} ${p} ${p}, ${p}`); // scoping filter in words (unknown operator as written)
      expect(shown).toContain(`Warning ${p}`);
      expect(shown).toContain(`Warning ${printable(`${s} warned`)}`);
      expect(shown).toContain(`schema (by name; a field not shown stays as the app has it, or String, single-valued, optional for a new one): ${p} (Binary)`);
    });
    // Each app's settings table has all its rows: no value split one.
    const rows = [...html.matchAll(/<table>\n<thead>\n<tr>\n<th>Setting<\/th>[\s\S]*?<\/table>/g)].map((t) => (t[0].match(/<tr>/g) ?? []).length);
    expect(rows).toEqual(apps.map(() => 12));
  });

  test("--format json: the manifests, without URL credentials, terminal-safe", () => {
    const j = review(["--out", writeOut(manifest(apps, STACK)), "--format", "json"]);
    expect(j.out).not.toMatch(TERMINAL_UNSAFE);
    expect(j.out).not.toContain("SENTINEL-pass");
    const parsed = JSON.parse(j.out);
    expect(parsed.stacks[0].apps[13].displayName).toBe(INLINE[13]);
    expect(parsed.stacks[0].apps[0].tenantUrl).toBe("https://***@demo0.example.com/scim/Evil<!--");
  });
});

describe("the review diff (--base) of hostile manifests: every change line stays visible", () => {
  /** The attack of issue 12: a display name that opens a comment, and a tenant URL moved to another host below it. */
  function pair(s: string) {
    const before = clone(AIRSTACK);
    before.id = "target";
    const after = clone(before);
    after.displayName = s;
    after.tenantUrl = "https://attacker.example.net/scim";
    after.provisioning = "on";
    after.users.mappings.push({ target: s, source: s, apply: "always" });
    after.users.targetAttributes = [{ name: s, multivalued: true }];
    after.warnings = [s];
    const victim = clone(AIRSTACK);
    victim.id = "victim";
    victim.displayName = s;
    const victimAfter = clone(victim);
    victimAfter.tenantUrl = "https://attacker.example.net/victim";
    return { base: manifest([before, victim]), current: manifest([after, victimAfter]) };
  }

  test.each(INLINE.map((s) => [JSON.stringify(s).slice(0, 60), s]))("%s", (_, s) => {
    const { base, current } = pair(s);
    const r = review(["--out", writeOut(current), "--base", writeOut(base)]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(TERMINAL_UNSAFE);
    const html = md.render(r.out);
    expect(html).not.toContain("<!--");
    expect(tags(html).filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
    // One h1 (not a forged "No provisioning changes."), one h2 per changed app, one <li> per change line.
    const changes = diffManifests([base], [current]);
    expect(changes.map((c) => c.app)).toEqual(["target", "victim"]);
    expect(html.match(/<h1>/g)).toEqual(["<h1>"]);
    expect(html).toContain("<h1>Provisioning changes</h1>");
    expect(html.match(/<h2>/g)).toHaveLength(2);
    expect(html.match(/<li>/g)).toHaveLength(changes.reduce((n, c) => n + c.lines.length, 0));
    const shown = visible(html);
    const p = printable(s);
    expect(shown).toContain("Tenant URL: https://api-as.lenovosoftware.com/0/as/common/scim → https://attacker.example.net/scim");
    expect(shown).toContain("Tenant URL: https://api-as.lenovosoftware.com/0/as/common/scim → https://attacker.example.net/victim");
    expect(shown).toContain(`Display name: Airstack → ${p}`);
    expect(shown).toContain(`User mapping ${p} added: ${p}`);
    expect(shown).toContain(`User attribute added to the app's schema: ${p} (multi-valued)`);
    expect(shown).toContain(`Warning ${p}`);
    expect(shown).toContain("Provisioning: off → on");
    // Each change line is its own list item, in order.
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => visible(m[1]));
    expect(items).toEqual(changes.flatMap((c) => c.lines.map((l) => visible(md.renderInline(l)))));
    expect(items.find((i) => i.startsWith("Tenant URL:"))).toBeDefined();
  });
});
