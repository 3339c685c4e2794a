import MarkdownIt from "markdown-it";
/**
 * npm run review -- --base DIR --users USERS.json: each changed app says what it does to people,
 * escaped like everything else in the report.
 */
import { main as review } from "../../cli/review";
import { file, GROUPS, hrApp, outWith, USERS } from "./fixtures";

function run(args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = review(args, { stdout: { write: (s: string) => ((out += s), true) } as never, stderr: { write: (s: string) => ((err += s), true) } as never });
  return { code, out, err };
}

function changed() {
  const app = hrApp();
  app.users.mappings[0] = { target: "userName", source: 'Replace([userPrincipalName], "@contoso.com", , , "@contoso.net", , )', matching: 1, apply: "always" };
  app.users.scope = [{ name: "Contoso", all: [{ attribute: "userPrincipalName", operator: "REGEX MATCH", values: ["@(contoso\\.com|fabrikam\\.com)$"] }, { attribute: "accountEnabled", operator: "IS TRUE", values: [] }] }];
  return app;
}

const users = file("users.json", USERS);
const groups = file("groups.json", GROUPS);

test("the counts, in the app's section of the diff", () => {
  const r = run(["--out", outWith(changed()), "--base", outWith(hrApp()), "--users", users, "--groups", groups]);
  expect(r.code).toBe(0);
  expect(r.out).toContain("## prod/hr: HR portal (changed)\n\n- Users (of 4 in the users file): 1 user change `userName`; 1 leave scope; 1 enter scope\n- User mapping `userName` changed");
});

test("the counts in the JSON report", () => {
  const r = run(["--out", outWith(changed()), "--base", outWith(hrApp()), "--users", users, "--groups", groups, "--format", "json"]);
  expect(JSON.parse(r.out).apps[0].users).toEqual({ of: 4, enter: 1, leave: 1, change: { userName: 1 }, failing: 0 });
});

test("a hostile target attribute is escaped in the counts like everywhere else in the report", () => {
  const before = hrApp();
  const after = hrApp();
  const hostile = "urn:x:<img src=x onerror=alert(1)>|`**pwned**`\u001b[2J";
  before.users.mappings.push({ target: hostile, source: '"a"', apply: "always" });
  after.users.mappings.push({ target: hostile, source: '"b"', apply: "always" });
  const r = run(["--out", outWith(after), "--base", outWith(before), "--users", users, "--groups", groups]);
  expect(r.code).toBe(0);
  const line = r.out.split("\n").find((l) => l.startsWith("- Users")) as string;
  expect(line).toBe("- Users (of 4 in the users file): 2 users change `urn:x:<img src=x onerror=alert(1)>`\\|`` `**pwned**`␛[2J ``");
  // Rendered, the tag and the emphasis stay text inside code: nothing of the value becomes markup.
  const html = new MarkdownIt({ html: true }).render(line);
  expect(html).not.toMatch(/<img|<strong>/);
  expect(html).toContain("<code>urn:x:&lt;img src=x onerror=alert(1)&gt;</code>");
  expect(r.out).not.toContain("\u001b");
});

test("without a groups file, members of assigned groups are unassigned, and the report says so", () => {
  const r = run(["--out", outWith(changed()), "--base", outWith(hrApp()), "--users", users]);
  expect(r.out).toContain("- Users (of 4 in the users file): 1 user change `userName` (members of `Staff` are not in the groups file and count as unassigned)");
});

test("--users needs --base", () => {
  const r = run(["--users", users]);
  expect(r).toEqual({ code: 64, out: "", err: "review: --users needs --base: the counts compare two synth outputs\nusage: npm run review -- [--out DIR] [--base DIR [--users USERS.json] [--groups GROUPS.json] [--templates DIR]] [--format markdown|json] [--stack S] [--help]\n" });
});

test("a bad users file is one line naming the file and the position", () => {
  const bad = file("users.json", { value: [{ id: 7 }] });
  const r = run(["--out", outWith(changed()), "--base", outWith(hrApp()), "--users", bad]);
  expect(r).toEqual({ code: 2, out: "", err: `review: ${bad}: value[0].id: Invalid input: expected string, received number\n` });
});
