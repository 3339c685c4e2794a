/**
 * The CI examples in .github/workflows: their token variables match the apps synth declares, the
 * deploy uses OIDC only, and the drift step's shell script really fails the job on drift (run
 * here with bash and a stand-in `npm`).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readManifest } from "../../cli/manifests";
import { stepScript, workflow } from "../support/workflows";

const root = join(__dirname, "..", "..");
const tokenEnvs = readManifest(join(root, "test", "fixtures", "plans", "manifest", "stacks", "example-tenant", "provisioning.json"))
  .apps.map((a) => a.tokenEnv)
  .sort();

describe("CI workflow examples", () => {
  test.each(["provisioning-pr-verify.yml", "provisioning-deploy.yml", "provisioning-drift.yml"])("%s sets exactly the token variables the example tenant declares", (name) => {
    const names = [...new Set(workflow(name).match(/TF_VAR_\w+(?=:)/g))].sort();
    expect(names).toEqual(tokenEnvs);
  });

  test("deploy: OIDC federation, no client secret", () => {
    const text = workflow("provisioning-deploy.yml");
    expect(text).toContain("id-token: write");
    expect(text).toContain('ARM_USE_OIDC: "true"');
    expect(text).toContain("ARM_CLIENT_ID: ${{ vars.ARM_CLIENT_ID }}");
    expect(text).toContain("ARM_TENANT_ID: ${{ vars.ARM_TENANT_ID }}");
    const code = text.split("\n").filter((l) => !l.trim().startsWith("#")).map((l) => l.replace(/ # .*$/, "")).join("\n");
    expect(code).not.toMatch(/CLIENT_SECRET|client_secret/i);
    expect(text).toContain("npx cdktf deploy --auto-approve '*'");
  });

  test("pull request: the review diff against the base synth becomes the comment", () => {
    const text = workflow("provisioning-pr.yml");
    expect(text).toContain("npm run -s review -- --out pr-out --base cdktf.out --format markdown");
    expect(text).toContain("gh pr comment");
    expect(text).toMatch(/on:\n {2}pull_request:/);
  });

  test("pull request: no job of the pull request's workflow holds a secret; verify runs the default branch's code from workflow_run", () => {
    const pr = workflow("provisioning-pr.yml").split("\n").filter((l) => !l.trim().startsWith("#")).join("\n");
    expect(pr).not.toMatch(/secrets\.|TF_VAR_|ARM_|id-token|environment:/);
    const text = workflow("provisioning-pr-verify.yml");
    expect(text).toMatch(/on:\n {2}workflow_run:\n {4}workflows: \[provisioning-pr\]\n {4}types: \[completed\]\n/);
    const code = text.split("\n").filter((l) => !l.trim().startsWith("#")).join("\n");
    expect(code).toContain("environment: production");
    expect(code).toContain("npm run verify -- --out pr-out --trust-base cdktf.out");
    expect(code).toContain("run-id: ${{ github.event.workflow_run.id }}");
    expect(code).toContain("name: pr-manifests");
    // The verify job never runs the pull request's code: no checkout of its head, no npm test.
    expect(code).not.toMatch(/ref:|head_ref|npm test/);
    expect(pr).toContain("path: cdktf.out/stacks/*/provisioning.json");
  });

  describe("the drift step's script", () => {
    function runDriftStep(exitCode: number, output: string) {
      const dir = mkdtempSync(join(tmpdir(), "drift-step-"));
      writeFileSync(join(dir, "npm"), `#!/bin/sh\nprintf '%s\\n' '${output}'\nexit ${exitCode}\n`);
      chmodSync(join(dir, "npm"), 0o755);
      const summary = join(dir, "summary.md");
      writeFileSync(summary, "");
      const r = spawnSync("bash", ["-e", "-c", stepScript(workflow("provisioning-drift.yml"), "Drift")], {
        cwd: dir,
        env: { PATH: `${dir}:/usr/bin:/bin`, GITHUB_STEP_SUMMARY: summary },
        encoding: "utf8",
      });
      return { status: r.status, summary: readFileSync(summary, "utf8"), stdout: r.stdout };
    }

    test("drift (exit 2) fails the job with the report in the summary", () => {
      const r = runDriftStep(2, "example-tenant: 1 change(s) outside code");
      expect(r.status).toBe(2);
      expect(r.summary).toBe(
        "## Provisioning drift\nChanged outside code (re-deploy to restore what code declares, or change the code to match):\n```\nexample-tenant: 1 change(s) outside code\n```\n",
      );
      expect(r.stdout).toBe("example-tenant: 1 change(s) outside code\n");
    });

    test("a reported value holding a code fence cannot close the summary's fence", () => {
      const r = runDriftStep(2, "- SmartFile: display name changed outside code: a → ```` x");
      expect(r.summary).toBe(
        "## Provisioning drift\nChanged outside code (re-deploy to restore what code declares, or change the code to match):\n`````\n- SmartFile: display name changed outside code: a → ```` x\n`````\n",
      );
    });

    test("no drift passes; an error fails", () => {
      expect(runDriftStep(0, "example-tenant: no drift")).toMatchObject({ status: 0, summary: expect.stringContaining("No changes outside code.") });
      expect(runDriftStep(1, "drift: terraform is not on PATH")).toMatchObject({ status: 1, summary: expect.stringContaining("Drift check failed (exit 1):") });
    });
  });
});
