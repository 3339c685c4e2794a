/**
 * Everything a user is pointed to exists in the repository they have: every relative link of the
 * README and docs/ (with its #anchor), every file they name, and every file an error message or
 * other program text names (docs/mappings.md, say). Names of files the tools write
 * (cdk.tf.json, provisioning.json, ...) and placeholders (FILE.ts) are not files to find;
 * another project's files are named by a link to it, never by a bare path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";

const root = join(__dirname, "..", "..");

/** Every file and directory of the repository, relative to its root (no dependencies, no outputs). */
function repositoryPaths(dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (["node_modules", ".git", "cdktf.out", "coverage"].includes(name)) return [];
    const path = join(dir, name);
    const rel = relative(root, path);
    return statSync(path).isDirectory() ? [rel, ...repositoryPaths(path)] : [rel];
  });
}
const PATHS = repositoryPaths();
const BASENAMES = new Set(PATHS.map((p) => p.split("/").pop()));

/** What the tools write (not in a clone) and how docs spell an argument's placeholder. */
const WRITTEN = new Set(["cdk.tf.json", "provisioning.json", "manifest.json", "plan.json", "refresh.json", "last-run.json", "schema.json"]);
const isPlaceholder = (name: string) => /^[A-Z][A-Z_]*\.[a-z.]+$/.test(name);

const DOCS = ["README.md", "bench/README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const PACKAGE = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const DEPENDENCIES = new Set([...Object.keys(PACKAGE.dependencies), ...Object.keys(PACKAGE.devDependencies)]);

/** File names in prose: `path/to/x.ts`, `x.md`, not inside a URL. */
const FILE_NAME = /(?<![\w./<>$@-])(?:\.{1,2}\/)?(?:[\w.-]+\/)*[\w.-]*[\w-]\.(?:md|ts|js|yml|yaml)(?![\w/-])/g;

/** Where a named file resolves, or undefined when it does not. */
function resolveName(name: string, fromDir: string): string | undefined {
  const base = name.split("/").pop() as string;
  if (WRITTEN.has(base) || isPlaceholder(base)) return "(written by the tools, or a placeholder)";
  if (!name.includes("/")) return BASENAMES.has(name) ? name : undefined;
  for (const candidate of [resolve(fromDir, name), resolve(root, name)]) {
    const rel = relative(root, candidate);
    if (!rel.startsWith("..") && existsSync(candidate)) return rel;
  }
  // A tree listing (README's Layout): `verify/trust.ts` under `cli/`.
  const suffix = PATHS.find((p) => p.endsWith(`/${name}`));
  if (suffix) return suffix;
  // A dependency's own file, there after npm ci: `cdktf/lib/...`.
  const pkg = name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0];
  if (DEPENDENCIES.has(pkg) && existsSync(join(root, "node_modules", name))) return `node_modules/${name}`;
  return undefined;
}

/** GitHub's anchor of a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

/** Relative links of a markdown file that do not resolve: `target (why)`. */
function brokenLinks(doc: string): string[] {
  const file = join(root, doc);
  const text = readFileSync(file, "utf8");
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, anchor] = target.split("#");
    const resolved = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
    if (relative(root, resolved).startsWith("..") || !existsSync(resolved)) {
      broken.push(`${target} (no such file in the repository)`);
    } else if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
      broken.push(`${target} (no such heading)`);
    }
  }
  return broken;
}

/** File names in a markdown file's prose that name nothing in the repository. */
function unknownNames(doc: string): string[] {
  const text = readFileSync(join(root, doc), "utf8").replace(/https?:\/\/[^\s)>`"]+/g, "");
  const names = [...new Set([...text.matchAll(FILE_NAME)].map((m) => m[0]))];
  return names.filter((name) => resolveName(name, dirname(join(root, doc))) === undefined);
}

/** Every string a program prints or throws could hold, with the file it is in. */
function programStrings(): Array<{ file: string; text: string }> {
  const sources = PATHS.filter((p) => p.endsWith(".ts") && !p.startsWith("test/") && !p.endsWith(".d.ts"));
  return sources.flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const found: Array<{ file: string; text: string }> = [];
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) found.push({ file, text: node.text });
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  });
}

describe("links and file names in the README and docs/", () => {
  test.each(DOCS)("%s: every relative link resolves (file and heading)", (doc) => {
    expect(brokenLinks(doc)).toEqual([]);
  });

  test.each(DOCS)("%s: every file it names is in the repository (or a dependency's, or one the tools write)", (doc) => {
    expect(unknownNames(doc)).toEqual([]);
  });

  test("no pointer to notes outside the repository", () => {
    for (const doc of DOCS) expect([doc, readFileSync(join(root, doc), "utf8").match(/\.\.\/shared|reference\/[\w-]+\.md|graph-sync\.md|terraform-side\.md/g)]).toEqual([doc, null]);
  });

  test("the checks can fail: a missing file, a missing heading and an unknown name are reported", () => {
    expect(resolveName("docs/no-such-page.md", root)).toBeUndefined();
    expect(resolveName("graph-sync.md", root)).toBeUndefined();
    expect(resolveName("verify/trust.ts", root)).toBe("cli/verify/trust.ts");
    expect(resolveName("cdk.tf.json", root)).toBeDefined();
    expect(anchorsOf(join(root, "README.md")).has("several-tenants-in-one-app")).toBe(true);
    expect(anchorsOf(join(root, "README.md")).has("no-such-section")).toBe(false);
  });
});

describe("files named by program text (error messages, help, generated code)", () => {
  const named = programStrings().flatMap(({ file, text }) => [...text.matchAll(FILE_NAME)].map((m) => ({ file, name: m[0] })));

  test("there are some to check (docs/mappings.md among them)", () => {
    expect(named.map((n) => n.name)).toContain("docs/mappings.md");
  });

  test("each exists in the repository", () => {
    expect(named.filter(({ file, name }) => resolveName(name, dirname(join(root, file))) === undefined)).toEqual([]);
  });
});

describe("docs/mappings.md, the reference an unknown function's message points to", () => {
  const doc = readFileSync(join(root, "docs", "mappings.md"), "utf8");

  test("documents every function of the catalogue with its arguments as synth takes them", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FUNCTIONS } = require("../../constructs/schema") as typeof import("../../constructs/schema");
    const rows = [...doc.matchAll(/^\| `(\w+)` \| `([^`]+)` \| (\d*) ?\|/gm)].map((m) => [m[1], m[2], m[3]]);
    const expected = [...FUNCTIONS.values()].map((f) => {
      const fixed = f.params.map((p) => (p.optional ? `[${p.key}]` : p.key));
      const rest = f.rest ? [f.rest.pairs ? `${f.rest.key(1)}, ${f.rest.key(2)}, ${f.rest.key(3)}, ${f.rest.key(4)}, ...` : `${f.rest.key(1)}, ${f.rest.key(2)}, ...`] : [];
      return [f.name, `${f.name}(${[...fixed, ...rest].join(", ")})`, f.rest ? String(f.rest.min) : ""];
    });
    expect(rows).toEqual(expected);
    expect(rows).toHaveLength(44); // the reference's 43 and AssertiveAppRoleAssignmentsComplex
  });

  test("lists every scoping operator with its number of values", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { OPERATORS } = require("../../constructs/schema/operators") as typeof import("../../constructs/schema/operators");
    const rows = [...doc.matchAll(/^\| `([^`]+)` \| ([01]) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual([...OPERATORS.values()].map((o) => [o.name, o.arity === "unary" ? 0 : 1]));
  });
});
