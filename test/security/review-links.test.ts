/**
 * A value in the PR comment cannot become a link, a mention or a reference (issue 21, item 3).
 * GitHub links text that no markdown escape stops: autolinks (`https://...`, `www.`, emails) while
 * rendering, and `@user`, `@org/team`, `#123`, `GH-123` and commit SHAs in every text node outside
 * code afterwards. The renderer here is markdown-it with linkify on (which also links bare
 * domains) plus those GitHub rules applied to every text token, as GitHub applies them to text
 * nodes; a test fails on any link, mention or reference the report did not make itself.
 */
import MarkdownIt from "markdown-it";
import { main } from "../../cli/review";
import { code, text } from "../../cli/review/markdown";
import type { AppManifest } from "../../manifest/schema";
import { clone, manifest, SMARTFILE, writeOut } from "../review/manifests";
import { runCli } from "../support/cli";

/** GitHub's rules for text outside code and links (GFM autolinks, then its mention and reference filters). */
const GITHUB_RULES: Array<[string, RegExp]> = [
  ["URL autolink", /\b(?:https?|ftp):\/\/[^\s<]*[A-Za-z0-9]/i],
  ["www autolink", /(?:^|[\s*_~(])www\.[A-Za-z0-9-]+/i],
  ["email autolink", /[A-Za-z0-9.+_-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+/],
  ["mention", /(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?/],
  ["issue reference", /(?:^|[^A-Za-z0-9_&])(?:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)?#\d+\b/],
  ["GH reference", /\bGH-\d+\b/i],
  ["commit SHA", /\b(?=[a-f]*\d)[0-9a-f]{7,40}\b/i],
];

/** markdown-it with linkify, and GitHub's rules recorded for every text token outside a link. */
function renderer(): { md: InstanceType<typeof MarkdownIt>; found: string[] } {
  const md = new MarkdownIt({ html: true, linkify: true });
  // Stricter than GitHub: bare domains (`evil.com`) and emails are linked too.
  md.linkify.set({ fuzzyLink: true, fuzzyEmail: true });
  const found: string[] = [];
  md.core.ruler.push("github_references", (state) => {
    type Tok = (typeof state.tokens)[number];
    const walk = (tokens: Tok[]) => {
      let inLink = 0;
      for (const t of tokens) {
        if (t.type === "link_open") inLink++;
        if (t.type === "link_close") inLink--;
        if (t.type === "text" && inLink === 0) {
          for (const [rule, re] of GITHUB_RULES) {
            const m = re.exec(t.content);
            if (m) found.push(`${rule}: ${m[0].trim()}`);
          }
        }
        if (t.children) walk(t.children);
      }
    };
    walk(state.tokens);
  });
  return { md, found };
}

/** Links and autolinks in rendered HTML, and what the GitHub rules found in text. */
function links(markdown: string): string[] {
  const { md, found } = renderer();
  const html = md.render(markdown);
  return [...[...html.matchAll(/<a\s[^>]*>[\s\S]*?<\/a>/g)].map((m) => m[0]), ...found];
}

/** What each place of a value must survive: links, mentions, references of every kind. */
const HOSTILE = [
  "https://evil.example/approve",
  "Approve at https://evil.example/approve now",
  "HTTPS://EVIL.EXAMPLE/X",
  "ftp://files.evil.example",
  "www.evil.example",
  "see WWW.evil.com/login",
  "evil.com",
  "(smartfile.com)",
  "@org/team",
  "cc @alice please",
  "fixes #123",
  "#1",
  "owner/repo#42",
  "GH-7",
  "alice@evil.example",
  "a5c3785ed8d6a35868bc169f07e40e889087fd2e",
  "commit 1a2b3c4",
  "mailto:alice@evil.example",
  "https://evil.example/a|b|c",
  "`code` then https://evil.example",
  "[approve](https://evil.example)",
  "<https://evil.example>",
  "*www.evil.example*",
  "_@alice_",
];

/** Our own words around the values, with nothing GitHub links. */
const PLACES: Array<[string, (s: string) => string]> = [
  ["table cell", (s) => `| Setting | Value |\n|---|---|\n| x | ${s} |\n`],
  ["list item", (s) => `- Setting: ${s} → ${s}\n`],
  ["heading", (s) => `## prod/app: ${s} (changed)\n`],
];

describe("no value becomes a link, a mention or a reference", () => {
  test("the renderer sees what GitHub (or linkify) links: each raw value is caught", () => {
    for (const s of HOSTILE) expect([s, PLACES.some(([, place]) => links(place(s)).length > 0)]).toEqual([s, true]);
  });

  test.each(PLACES)("text() and code() in a %s", (_, place) => {
    for (const s of HOSTILE) {
      expect([s, links(place(text(s)))]).toEqual([s, []]);
      expect([s, links(place(code(s)))]).toEqual([s, []]);
    }
  });

  test("words without a trigger stay text; a word with one is a code span", () => {
    expect(text("Approve at https://evil.example/approve now")).toBe("Approve at `https://evil.example/approve` now");
    expect(text("cc @org/team and fixes #12")).toBe("cc `@org/team` and fixes `#12`");
    expect(text("SmartFile Users")).toBe("SmartFile Users");
    expect(text("iProva 2.0 #EXT#")).toBe("iProva 2.0 \\#EXT#");
  });

  test("the review report and diff of an app whose every string is hostile make no link", () => {
    const hostile = (s: string, n: number): AppManifest => {
      const app = clone(SMARTFILE);
      app.id = `app${n}`;
      app.displayName = s;
      app.notifications = { email: s, sendOnFailure: true };
      app.assignments = [{ principalType: "group", principal: s, role: s }];
      app.users.scope = [{ name: s, all: [{ attribute: "department", operator: "EQUALS", values: [s] }] }];
      app.users.removedScope = [`${s} gone`];
      app.onDemand = { users: [], groups: [s] };
      app.limitations = [s];
      return app;
    };
    const apps = HOSTILE.map(hostile);
    const report = runCli(main, ["--out", writeOut(manifest(apps))]);
    expect(report.code).toBe(0);
    expect(links(report.out)).toEqual([]);
    const base = HOSTILE.map((_, n) => ({ ...clone(SMARTFILE), id: `app${n}` }));
    const diff = runCli(main, ["--out", writeOut(manifest(apps)), "--base", writeOut(manifest(base))]);
    expect(diff.code).toBe(0);
    expect(diff.out).toContain("# Provisioning changes");
    expect(links(diff.out)).toEqual([]);
  });
});
