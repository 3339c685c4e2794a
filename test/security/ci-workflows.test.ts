/**
 * The CI workflows against a pull request that edits them (issue 21, item 1). A `pull_request` run
 * uses the pull request's own copy of the workflow, so a job there must not hold, or be able to
 * request, a secret: the audit (test/support/workflow-audit.ts) reads the YAML and fails on a
 * secret or `id-token: write` reachable from such a job, on an action not pinned by commit SHA, and
 * on a job holding a secret that restores a cache. It passes on ours and fails on each edit a
 * branch could make.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { auditWorkflows } from "../support/workflow-audit";

const dir = join(__dirname, "..", "..", ".github", "workflows");
const ours: Record<string, string> = Object.fromEntries(readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => [f, readFileSync(join(dir, f), "utf8")]));

/** What the audit adds when the pull request's review job (which caches npm) holds `held`. */
const reviewCaches = (held: string) => [
  `provisioning-pr.yml: review: holds ${held} and restores a cache (actions/setup-node cache: npm), which a job running other code can write`,
  `provisioning-pr.yml: review: holds ${held} and restores a cache (actions/setup-node without package-manager-cache: false), which a job running other code can write`,
];

/** Our workflows with one file's text edited. */
function edited(file: string, edit: (text: string) => string): Record<string, string> {
  const text = edit(ours[file]);
  expect(text).not.toBe(ours[file]); // the edit applied
  return { ...ours, [file]: text };
}

describe("the CI workflows a pull request could edit", () => {
  test("ours pass: no secret or OIDC token reachable from a pull request, every action pinned by SHA, no cache where a token is", () => {
    expect(Object.keys(ours).sort()).toEqual(["provisioning-deploy.yml", "provisioning-drift.yml", "provisioning-pr-verify.yml", "provisioning-pr.yml"]);
    expect(auditWorkflows(ours)).toEqual([]);
  });

  test("the tokens are used only in jobs of the production environment, none of which runs on a pull request", () => {
    for (const [file, text] of Object.entries(ours)) {
      const workflow = parse(text);
      expect(workflow.env ?? {}).not.toHaveProperty("TF_VAR_iprova_secret_token");
      for (const [name, job] of Object.entries<any>(workflow.jobs)) {
        const usesSecrets = /\$\{\{\s*secrets\./.test(JSON.stringify(job));
        if (usesSecrets || job.permissions?.["id-token"] === "write") {
          expect([file, name, job.environment]).toEqual([file, name, "production"]);
          expect(Object.keys(workflow.on)).not.toContain("pull_request");
        }
      }
    }
  });

  test("a pull request that hands its review job a secret fails", () => {
    const files = edited("provisioning-pr.yml", (t) => t.replace("  review:\n    runs-on: ubuntu-latest\n", "  review:\n    runs-on: ubuntu-latest\n    env:\n      LEAK: ${{ secrets.IPROVA_SECRET_TOKEN }}\n"));
    expect(auditWorkflows(files)).toEqual(["provisioning-pr.yml: review: runs on a pull request and holds ${{ secrets.IPROVA_SECRET_TOKEN }}", ...reviewCaches("${{ secrets.IPROVA_SECRET_TOKEN }}")]);
  });

  test("a secret in a step, in the workflow's env, or the whole secrets context fails", () => {
    const step = edited("provisioning-pr.yml", (t) => t.replace("      - run: npm test\n", "      - run: npm test\n        env:\n          T: ${{ secrets['AIRSTACK_SECRET_TOKEN'] }}\n"));
    expect(auditWorkflows(step)).toEqual(["provisioning-pr.yml: review: runs on a pull request and holds ${{ secrets['AIRSTACK_SECRET_TOKEN'] }}", ...reviewCaches("${{ secrets['AIRSTACK_SECRET_TOKEN'] }}")]);
    const top = edited("provisioning-pr.yml", (t) => t.replace('env:\n  CHECKPOINT_DISABLE: "1"\n', 'env:\n  CHECKPOINT_DISABLE: "1"\n  ALL: ${{ toJSON(secrets) }}\n'));
    expect(auditWorkflows(top)).toEqual([
      "provisioning-pr.yml: review: runs on a pull request and holds ${{ toJSON(secrets) }}",
      ...reviewCaches("${{ toJSON(secrets) }}"),
      "provisioning-pr.yml: comment: runs on a pull request and holds ${{ toJSON(secrets) }}",
    ]);
  });

  test("a pull request job that enters the production environment or requests an OIDC token fails", () => {
    const env = edited("provisioning-pr.yml", (t) => t.replace("  review:\n    runs-on: ubuntu-latest\n", "  review:\n    runs-on: ubuntu-latest\n    environment: production\n"));
    expect(auditWorkflows(env)).toEqual(['provisioning-pr.yml: review: runs on a pull request and holds environment "production"', ...reviewCaches('environment "production"')]);
    const oidc = edited("provisioning-pr.yml", (t) => t.replace("  review:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n", "  review:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      id-token: write\n"));
    expect(auditWorkflows(oidc)).toEqual(["provisioning-pr.yml: review: runs on a pull request and holds id-token: write", ...reviewCaches("id-token: write")]);
    const all = edited("provisioning-pr.yml", (t) => t.replace("permissions:\n  contents: read\n", "permissions: write-all\n").replace("  review:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n", "  review:\n    runs-on: ubuntu-latest\n"));
    expect(auditWorkflows(all)).toEqual([
      "provisioning-pr.yml: review: runs on a pull request and holds id-token: write",
      "provisioning-pr.yml: review: runs on a pull request with write-all",
      ...reviewCaches("id-token: write"),
    ]);
  });

  test("a pull request that calls a reusable workflow holding secrets, or passes it ours, fails", () => {
    const files = {
      ...edited("provisioning-pr.yml", (t) => `${t}  leak:\n    permissions:\n      contents: read\n    uses: ./.github/workflows/provisioning-deploy.yml\n    secrets: inherit\n`),
    };
    expect(auditWorkflows(files)).toEqual([
      "provisioning-pr.yml: leak: runs on a pull request and holds secrets: inherit",
      "provisioning-pr.yml: leak -> ./.github/workflows/provisioning-deploy.yml: deploy: runs on a pull request and holds ${{ secrets.IPASS_SECRET_TOKEN }}",
      "provisioning-pr.yml: leak -> ./.github/workflows/provisioning-deploy.yml: deploy: runs on a pull request and holds ${{ secrets.IPROVA_SECRET_TOKEN }}",
      "provisioning-pr.yml: leak -> ./.github/workflows/provisioning-deploy.yml: deploy: runs on a pull request and holds ${{ secrets.AIRSTACK_SECRET_TOKEN }}",
      "provisioning-pr.yml: leak -> ./.github/workflows/provisioning-deploy.yml: deploy: runs on a pull request and holds ${{ secrets.SMARTFILE_SECRET_TOKEN }}",
      'provisioning-pr.yml: leak -> ./.github/workflows/provisioning-deploy.yml: deploy: runs on a pull request and holds environment "production"',
      "provisioning-pr.yml: leak -> ./.github/workflows/provisioning-deploy.yml: deploy: runs on a pull request and holds id-token: write",
    ]);
  });

  test("pull_request_target is refused", () => {
    const files = edited("provisioning-pr-verify.yml", (t) => t.replace("  workflow_run:\n    workflows: [provisioning-pr]\n    types: [completed]\n", "  pull_request_target:\n"));
    expect(auditWorkflows(files)).toContain("provisioning-pr-verify.yml: pull_request_target runs with the repository's secrets on pull-request events; use workflow_run");
  });

  test("an action pinned by tag, by a short SHA or without its version comment fails", () => {
    const tag = edited("provisioning-deploy.yml", (t) => t.replace("actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803 # v6.1.0", "actions/checkout@v6"));
    expect(auditWorkflows(tag)).toEqual(["provisioning-deploy.yml: actions/checkout@v6 is not pinned by a full commit SHA"]);
    const short = edited("provisioning-drift.yml", (t) => t.replace("hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e", "hashicorp/setup-terraform@dfe3c3f"));
    expect(auditWorkflows(short)).toEqual(["provisioning-drift.yml: hashicorp/setup-terraform@dfe3c3f is not pinned by a full commit SHA"]);
    const bare = edited("provisioning-pr.yml", (t) => t.replace("@b7c566a772e6b6bfb58ed0dc250532a479d7789f # v6.0.0", "@b7c566a772e6b6bfb58ed0dc250532a479d7789f"));
    expect(auditWorkflows(bare)).toEqual(["provisioning-pr.yml: actions/upload-artifact@b7c566a772e6b6bfb58ed0dc250532a479d7789f has no version comment (# vX.Y.Z)"]);
  });

  test("a job holding the tokens that restores a cache fails: setup-node's cache, its automatic cache, actions/cache", () => {
    const npm = edited("provisioning-deploy.yml", (t) => t.replace("          package-manager-cache: false # no cache in a job that holds the tokens\n", "          cache: npm\n"));
    expect(auditWorkflows(npm)).toEqual([
      "provisioning-deploy.yml: deploy: holds ${{ secrets.IPASS_SECRET_TOKEN }} and restores a cache (actions/setup-node cache: npm), which a job running other code can write",
      "provisioning-deploy.yml: deploy: holds ${{ secrets.IPASS_SECRET_TOKEN }} and restores a cache (actions/setup-node without package-manager-cache: false), which a job running other code can write",
    ]);
    const cache = edited("provisioning-pr-verify.yml", (t) =>
      t.replace("      - run: npm ci\n", "      - uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0\n        with:\n          path: ~/.npm\n          key: npm\n      - run: npm ci\n"),
    );
    expect(auditWorkflows(cache)).toEqual([
      "provisioning-pr-verify.yml: verify: holds ${{ secrets.IPASS_SECRET_TOKEN }} and restores a cache (actions/cache), which a job running other code can write",
    ]);
  });

  test("the workflow_run job never checks out the pull request's head", () => {
    const files = edited("provisioning-pr-verify.yml", (t) => t.replace("          persist-credentials: false # the default branch (workflow_run checks out github.sha)\n", "          ref: ${{ github.event.workflow_run.head_sha }}\n"));
    expect(auditWorkflows(files)).toEqual(["provisioning-pr-verify.yml: verify: holds ${{ secrets.IPASS_SECRET_TOKEN }} and checks out the triggering run's head (code from the pull request)"]);
  });
});
