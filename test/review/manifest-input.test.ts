/**
 * Manifests are untrusted input (a pull request writes what CI then reads): issue 12, items 7
 * and 10. Every problem is one line on stderr, exit 2, with nothing of the file's content in it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as drift } from "../../cli/drift";
import { main } from "../../cli/review";
import { runCli } from "../support/cli";
import { MAX_MANIFEST_BYTES } from "../../cli/manifests";
import { AIRSTACK, SMARTFILE, clone, manifest, writeOut } from "./manifests";

const review = (args: string[]) => runCli(main, args);

/** A synth output whose prod manifest is this text. */
function outWith(text: string): { out: string; file: string } {
  const out = writeOut(manifest([AIRSTACK]));
  const file = join(out, "stacks", "prod", "provisioning.json");
  writeFileSync(file, text);
  return { out, file };
}

/** A synth output whose prod manifest is this JSON value (not checked against the schema first). */
const outWithJson = (value: unknown) => outWith(JSON.stringify(value));

const raw = () => JSON.parse(JSON.stringify(manifest([clone(AIRSTACK)]))) as Record<string, any>;

const SENTINEL = "SENTINEL-manifest-content-7f3a";

function expectOneLine(r: { code: number; out: string; err: string }, err: string) {
  expect(r).toEqual({ code: 2, out: "", err: `review: ${err}\n` });
  expect(r.err).not.toContain(SENTINEL);
}

describe("a very long string (issue 12 item 10: it was a RangeError)", () => {
  test("a 1 MB display name is one line naming the field and synth's cap", () => {
    const m = raw();
    m.apps[0].displayName = "x".repeat(1_000_000);
    const { out, file } = outWithJson(m);
    expectOneLine(review(["--out", out]), `${file}: apps.0.displayName: Too big: expected string to have <=256 characters; run 'npm run synth' to regenerate it`);
  });

  test.each([
    ["apps.0.tenantUrl", (m: any) => (m.apps[0].tenantUrl = `https://a.example.com/${"p".repeat(2048)}`), "Too big: expected string to have <=2048 characters"],
    ["apps.0.users.mappings.0.source", (m: any) => (m.apps[0].users.mappings[0].source = `"${"s".repeat(10_000)}"`), "Too big: expected string to have <=10000 characters"],
    ["apps.0.limitations.0", (m: any) => (m.apps[0].limitations = ["l".repeat(1025)]), "Too big: expected string to have <=1024 characters"],
    ["apps.0.notifications.email", (m: any) => (m.apps[0].notifications = { email: `${"e".repeat(250)}@x.io`, sendOnFailure: true }), "Too big: expected string to have <=254 characters"],
    ["apps.0.onDemand.users.0", (m: any) => (m.apps[0].onDemand = { users: [`${"u".repeat(110)}@x.io`], groups: [] }), "Too big: expected string to have <=113 characters"],
  ])("%s over synth's cap", (path, edit, message) => {
    const m = raw();
    edit(m);
    const { out, file } = outWithJson(m);
    expectOneLine(review(["--out", out]), `${file}: ${path}: ${message}; run 'npm run synth' to regenerate it`);
  });

  test("a manifest file over the size bound is refused before it is read", () => {
    const { out, file } = outWith("{}");
    truncateSync(file, MAX_MANIFEST_BYTES + 1); // sparse: no time, no disk
    expectOneLine(review(["--out", out]), `${file}: is ${MAX_MANIFEST_BYTES + 1} bytes; expected a manifest of at most ${MAX_MANIFEST_BYTES} bytes, as synth writes it`);
  });

  test("synth's own output at every cap still reads", () => {
    const app = clone(SMARTFILE);
    app.displayName = "d".repeat(256);
    app.users.mappings[0].source = `"${"s".repeat(9_998)}"`;
    app.users.mappings[0].defaultValue = "v".repeat(1024);
    app.notifications = { email: `${"e".repeat(64)}@${"d".repeat(185)}.com`, sendOnFailure: true };
    expect(review(["--out", writeOut(manifest([app]))]).code).toBe(0);
  });
});

describe("parse errors name a position, never the content", () => {
  test.each([
    [`${SENTINEL} {`, "not valid JSON at line 1, column 1"],
    [`{\n  "version": 1,\n  "stack": ${SENTINEL}\n}`, "not valid JSON at line 3, column 12"],
    [`{"stack": "${SENTINEL}"`, "not valid JSON: it ends early (unterminated string, object or list)"],
    [`{"stack": "${SENTINEL}\u0001"}`, "not valid JSON at line 1, column 42"],
    [`{"a": 1} ${SENTINEL}`, "not valid JSON at line 1, column 10"],
    ["\ufeff{}", "not valid JSON at line 1, column 1"],
  ])("%j", (text, error) => {
    const { out, file } = outWith(text);
    expectOneLine(review(["--out", out]), `${file}: cannot read manifest: ${error}; run 'npm run synth' to regenerate it`);
  });

  test("field paths are printed printable and short; values never", () => {
    const m = raw();
    m.apps[0].terraform = { [`\u001b[2J${SENTINEL}${"k".repeat(300)}`]: 5 };
    const { out, file } = outWithJson(m);
    const r = review(["--out", out]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`review: ${file}: apps.0.terraform.␛[2JSENTINEL-manifest-content-7f3akkkkkkkkkkkkkkkkkkkkkkkkkk… (334 characters): Invalid key in record; run 'npm run synth' to regenerate it\n`);
  });

  test("a value of the wrong type is named by type, not quoted", () => {
    const m = raw();
    m.apps[0].provisioning = SENTINEL;
    const { out, file } = outWithJson(m);
    expectOneLine(review(["--out", out]), `${file}: apps.0.provisioning: Invalid option: expected one of "on"|"off"; run 'npm run synth' to regenerate it`);
  });

  test("deep nesting in a field the tools do not read is no crash (JSON.parse and zod do not recurse into it)", () => {
    const m = raw();
    const text = JSON.stringify(m).replace(/}$/, `,"extra":${"[".repeat(200_000)}${"]".repeat(200_000)}}`);
    const { out } = outWith(text);
    expect(review(["--out", out]).code).toBe(0);
  });
});

describe("links, odd files and tampered structure", () => {
  const secretFile = () => {
    const dir = mkdtempSync(join(tmpdir(), "secret-"));
    const file = join(dir, "secret.json");
    writeFileSync(file, JSON.stringify({ token: SENTINEL }));
    return file;
  };

  test("a symlinked manifest file is refused, not read", () => {
    const { out, file } = outWith("{}");
    const target = secretFile();
    renameSync(file, `${file}.old`);
    symlinkSync(target, file);
    expectOneLine(review(["--out", out]), `${file}: is a symbolic link; expected the manifest file as synth writes it (links are not followed)`);
  });

  test("a symlinked stack directory is refused, also for --base and drift", () => {
    const elsewhere = writeOut(manifest([AIRSTACK], "other"));
    const out = writeOut(manifest([AIRSTACK]));
    const link = join(out, "stacks", "linked");
    symlinkSync(join(elsewhere, "stacks", "other"), link);
    const message = `${link}: is a symbolic link; expected a stack directory as synth writes it (links are not followed)`;
    expectOneLine(review(["--out", out]), message);
    expectOneLine(review(["--out", writeOut(manifest([AIRSTACK])), "--base", out]), message);
    // drift reads stacks through the same loader: exit 1, before any terraform runs.
    writeFileSync(join(elsewhere, "stacks", "other", "cdk.tf.json"), "{}");
    for (const args of [["--out", out], ["--out", out, "--stack", "prod", "--plan-json", "/nonexistent"]]) {
      let err = "";
      const code = drift(args, { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) } });
      expect({ code, err }).toEqual({ code: 1, err: `drift: ${message}\n` });
    }
  });

  test("a symlinked stacks directory is refused", () => {
    const elsewhere = writeOut(manifest([AIRSTACK]));
    const out = mkdtempSync(join(tmpdir(), "review-out-"));
    symlinkSync(join(elsewhere, "stacks"), join(out, "stacks"));
    expectOneLine(review(["--out", out]), `${join(out, "stacks")}: is a symbolic link; expected the stacks directory as synth writes it (links are not followed)`);
  });

  test("a FIFO (or any non-regular file) is refused without blocking", () => {
    const { out, file } = outWith("{}");
    renameSync(file, `${file}.old`);
    execFileSync("mkfifo", [file]);
    expectOneLine(review(["--out", out]), `${file}: is not a regular file; expected the manifest file synth writes`);
  });

  test("a directory where the manifest should be", () => {
    const { out, file } = outWith("{}");
    renameSync(file, `${file}.old`);
    mkdirSync(file);
    expectOneLine(review(["--out", out]), `${file}: is not a regular file; expected the manifest file synth writes`);
  });

  test("a manifest naming another stack than its directory", () => {
    const m = raw();
    m.stack = `staging\u001b[2J`;
    const { out, file } = outWithJson(m);
    expectOneLine(review(["--out", out]), `${file}: stack: names stack "staging␛[2J", not the directory it is in; run 'npm run synth' to regenerate it`);
  });

  test.each([
    ["two apps with one id", (m: any) => m.apps.push(clone(m.apps[0])), "apps.1.id: is the id of an earlier app too; expected unique app ids in a stack"],
    ["a target declared twice (case-insensitive)", (m: any) => m.apps[0].users.mappings.push({ ...m.apps[0].users.mappings[0], target: "USERNAME" }), "apps.0.users.mappings.1.target: names a target attribute a second time; expected one entry per target"],
    ["a declared target also removed", (m: any) => m.apps[0].users.removed.push("userName"), "apps.0.users.removed.0: names a target attribute a second time; expected one entry per target"],
    ["a filter name twice", (m: any) => (m.apps[0].users.scope = [{ name: "a", all: [] }, { name: "a", all: [] }]), "apps.0.users.scope.1.name: names a scoping filter a second time; expected unique filter names"],
    ["a tenant URL with a line break", (m: any) => (m.apps[0].tenantUrl = "https://a.example.com/\n# x"), "apps.0.tenantUrl: contains whitespace or control characters; expected a plain https URL"],
    ["mappings holding null", (m: any) => (m.apps[0].users.mappings = [null]), "apps.0.users.mappings.0: Invalid input: expected object, received null"],
    ["apps not a list", (m: any) => (m.apps = { 0: m.apps[0] }), "apps: Invalid input: expected array, received object"],
    ["the root not an object", () => undefined, "(root): Invalid input: expected object, received array"],
  ])("%s", (_, edit, message) => {
    const m = raw();
    const value = edit(m) === undefined && message.startsWith("(root)") ? [m] : m;
    const { out, file } = outWithJson(value);
    expectOneLine(review(["--out", out]), `${file}: ${message}; run 'npm run synth' to regenerate it`);
  });
});
