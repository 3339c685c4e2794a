/**
 * A hostile pull request against the review comment. The `review` job runs the pull request's
 * code (npm ci, synth, test), so whatever that job builds or holds is the author's: a comment it
 * wrote could say "No provisioning changes." over a tenant URL change, and a pull-requests: write
 * token left in .git/config would let it post anything. So the comment is built by the BASE
 * branch's review, in its own job, from the manifests the pull request uploaded (as verify is),
 * names the commit it describes, never leaves an older diff standing, and never exceeds what a
 * comment holds. The step scripts run here with bash, a stand-in `npm` and a stand-in `gh`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stepScript as stepScriptOf, workflow } from "../support/workflows";

const text = workflow("provisioning-pr.yml");
const code = text
  .split("\n")
  .filter((l) => !l.trim().startsWith("#"))
  .map((l) => l.replace(/ # .*$/, ""))
  .join("\n");

/** One job's text: from `  <name>:` to the next job. */
function job(name: string): string {
  const jobs = code.slice(code.indexOf("\njobs:\n"));
  const start = jobs.indexOf(`\n  ${name}:\n`);
  if (start < 0) return "";
  const rest = jobs.slice(start + 1);
  const next = rest.slice(1).search(/\n {2}[A-Za-z_-]+:\n/);
  return next < 0 ? rest : rest.slice(0, next + 1);
}

const stepScript = (step: string) => stepScriptOf(text, step);

const HEAD = "0123456789abcdef0123456789abcdef01234567";

interface StepRun {
  status: number | null;
  /** The body posted: a new comment's, or the edited one's. */
  comment?: string;
  /** The id of the comment edited in place, when one was. */
  edited?: string;
  gh: string;
  summary: string;
}

/**
 * Runs the diff step, then the comment step, as GitHub would (bash -e -o pipefail), in a directory
 * with (or without) the uploaded manifests; `npm` prints `diff` (or fails), `gh pr view` answers
 * `currentHead`, and `gh pr comment` copies the body it was given.
 */
function runCommentSteps(options: { diff?: string; reviewFails?: boolean; uploaded?: boolean; currentHead?: string; baseSynth?: string; comments?: unknown[][] }): StepRun {
  const dir = mkdtempSync(join(tmpdir(), "pr-comment-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  if (options.uploaded !== false) mkdirSync(join(dir, "pr-out", "stacks"), { recursive: true });
  writeFileSync(join(dir, "diff.txt"), options.diff ?? "No provisioning changes.\n");
  writeFileSync(join(bin, "npm"), options.reviewFails ? "#!/bin/sh\necho 'review: hostile' >&2\nexit 2\n" : `#!/bin/sh\ncat '${join(dir, "diff.txt")}'\n`);
  writeFileSync(
    join(bin, "gh"),
    [
      "#!/bin/sh",
      `echo "$*" >> '${join(dir, "gh.log")}'`,
      `if [ "$1 $2" = "pr view" ]; then echo '${options.currentHead ?? HEAD}'; exit 0; fi`,
      // gh api --paginate prints one JSON array per page; PATCH reads its JSON body from stdin.
      `if [ "$1" = api ]; then case "$*" in *"-X PATCH"*) cat > '${join(dir, "patch.json")}'; echo "$*" | sed 's#.*issues/comments/\\([^ ]*\\).*#\\1#' > '${join(dir, "edited")}';; *) cat '${join(dir, "comments.json")}';; esac; exit 0; fi`,
      'while [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" ' + `'${join(dir, "comment.md")}'; fi; shift; done`,
    ].join("\n") + "\n",
  );
  writeFileSync(join(dir, "comments.json"), (options.comments ?? [[]]).map((page) => JSON.stringify(page)).join("\n"));
  for (const f of ["npm", "gh"]) chmodSync(join(bin, f), 0o755);
  const summary = join(dir, "summary.md");
  writeFileSync(summary, "");
  const env = { PATH: `${bin}:/usr/bin:/bin`, GITHUB_STEP_SUMMARY: summary, HEAD_SHA: HEAD, PR: "7", GH_TOKEN: "not-a-token", BASE_SYNTH: options.baseSynth ?? "ok" };
  let status: number | null = 0;
  for (const step of ["Provisioning diff", "Comment on the pull request"]) {
    const r = spawnSync("bash", ["-e", "-o", "pipefail", "-c", stepScript(step)], { cwd: dir, env, encoding: "utf8" });
    status = r.status;
    if (status !== 0) break;
  }
  const read = (f: string) => {
    try {
      return readFileSync(join(dir, f), "utf8");
    } catch {
      return undefined;
    }
  };
  const patch = read("patch.json");
  return {
    status,
    comment: patch !== undefined ? JSON.parse(patch).body : read("comment.md"),
    edited: read("edited")?.trim(),
    gh: read("gh.log") ?? "",
    summary: readFileSync(summary, "utf8"),
  };
}

describe("provisioning-pr.yml: the review comment", () => {
  test("the job that runs the pull request's code can write no comment: no pull-requests permission, no token left in .git/config", () => {
    const review = job("review");
    expect(review).toContain("- run: npm test");
    expect(review).not.toMatch(/pull-requests:|gh pr comment|GH_TOKEN/);
    expect(review).toMatch(/actions\/checkout@[0-9a-f]{40}\n\s+with:\n(\s+[a-z-]+: .*\n)*?\s+persist-credentials: false/);
  });

  test("the comment is built by the base branch's review from the uploaded manifests, in a job that runs no pull request code", () => {
    const comment = job("comment");
    expect(comment).toContain("needs: review");
    expect(comment).toContain("pull-requests: write");
    expect(comment).toContain("ref: ${{ github.event.pull_request.base.sha }}");
    expect(comment).not.toMatch(/head_ref|npm test|secrets\.|TF_VAR_/);
    expect(comment).toContain("name: pr-manifests");
    expect(stepScript("Provisioning diff")).toContain("npm run -s review -- --out pr-out --base cdktf.out --format markdown");
  });

  test("the comment names the commit it describes", () => {
    const r = runCommentSteps({ diff: "# Provisioning changes\n\n- Tenant URL: a → b\n" });
    expect(r.status).toBe(0);
    expect(r.comment).toContain(`of ${HEAD}`);
    expect(r.comment).toContain("- Tenant URL: a → b\n");
    expect(r.comment!.startsWith("<!-- provisioning-review -->\n")).toBe(true);
  });

  test("a pull request that uploaded no manifests, or whose manifests review refuses, replaces the older diff with a note", () => {
    for (const r of [runCommentSteps({ uploaded: false }), runCommentSteps({ reviewFails: true })]) {
      expect(r.status).toBe(0);
      expect(r.comment).toContain("there is no provisioning diff for this commit");
      expect(r.comment).not.toContain("No provisioning changes.");
    }
  });

  test("a diff longer than a comment holds is not posted cut, and does not leave the older comment standing", () => {
    const line = `- Display name: ${"x".repeat(200)}\n`;
    const r = runCommentSteps({ diff: "# Provisioning changes\n\n" + line.repeat(400) + "- Tenant URL: https://a → https://evil\n" });
    expect(r.status).toBe(0);
    expect(r.comment!.length).toBeLessThan(65_536);
    expect(r.comment).toMatch(/more than a comment holds/);
    expect(r.comment).not.toContain("Display name");
    expect(r.summary).toContain("- Tenant URL: https://a → https://evil\n");
  });

  test("an older run never replaces the diff of the pull request's current head", () => {
    const r = runCommentSteps({ currentHead: "f".repeat(40) });
    expect(r.status).toBe(0);
    expect(r.gh).not.toMatch(/pr comment/);
  });

  test("the comment edited is the one with the marker that the workflow's bot wrote, not the bot's latest nor a look-alike", () => {
    const bot = { login: "github-actions[bot]" };
    const r = runCommentSteps({
      diff: "# Provisioning changes\n\n- Tenant URL: a → b\n",
      comments: [
        [
          { id: 11, user: { login: "mallory" }, body: "<!-- provisioning-review -->\nNo provisioning changes." },
          { id: 12, user: bot, body: "<!-- provisioning-review -->\nProvisioning diff of an older commit" },
        ],
        [{ id: 13, user: bot, body: "Coverage report (another workflow's comment)" }],
      ],
    });
    expect(r.status).toBe(0);
    expect(r.edited).toBe("12");
    expect(r.comment).toContain("- Tenant URL: a → b\n");
    expect(r.gh).not.toMatch(/edit-last|pr comment/);
  });

  test("without such a comment a new one is posted", () => {
    const r = runCommentSteps({ comments: [[{ id: 13, user: { login: "github-actions[bot]" }, body: "Coverage report" }], []] });
    expect(r.status).toBe(0);
    expect(r.edited).toBeUndefined();
    expect(r.gh).toMatch(/^pr comment 7 --body-file review\.md$/m);
    expect(r.comment!.startsWith("<!-- provisioning-review -->\n")).toBe(true);
  });
});
