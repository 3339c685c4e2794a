/**
 * Reads GitHub workflow files (as YAML, with the `yaml` package) and lists what would let a pull
 * request reach a secret, or let a job that holds one run something it did not choose:
 *
 * - a job that runs on a pull-request event (its workflow file is the pull request's own, so the
 *   branch can rewrite the job) and holds or can request a secret: a `secrets.*` expression
 *   anywhere in it or in the workflow-level env and defaults it inherits, `secrets: inherit` or
 *   passed secrets of a reusable workflow call (followed into local reusable workflows), an
 *   `environment`, `id-token: write` or `write-all`, or no `permissions` at all (the repository
 *   default applies); `pull_request_target` is refused outright;
 * - an action or reusable workflow not pinned by a full commit SHA with its version in a comment;
 * - a job that holds a secret and restores a cache (actions/cache, a setup-* action's `cache`, or
 *   setup-node's automatic package-manager cache left on): a cache can be written by a job that
 *   ran other code, such as a pull request's;
 * - a privileged job of a workflow_run workflow that checks out the triggering run's head.
 *
 * `secrets.GITHUB_TOKEN` is not counted as a secret: its power is what `permissions` grants.
 */
import { parse } from "yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** Events whose run uses the workflow file of the pull request (its merge commit). */
const PULL_REQUEST_EVENTS = ["pull_request", "pull_request_review", "pull_request_review_comment"];
const SHA_PIN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/;
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

const isMap = (v: Json | undefined): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function events(workflow: Obj): string[] {
  const on = workflow.on ?? (workflow as Record<string, Json>)["true"]; // YAML 1.1 readers turn `on` into true
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.map(String);
  return isMap(on) ? Object.keys(on) : [];
}

/** Every string in a value, at any depth (keys are not expressions). */
function strings(value: Json | undefined): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isMap(value)) return Object.values(value).flatMap(strings);
  return [];
}

/** The `${{ }}` expressions of a value that read a secret other than GITHUB_TOKEN. */
function secretExpressions(value: Json | undefined): string[] {
  const found: string[] = [];
  for (const s of strings(value)) {
    for (const [whole, inner] of s.matchAll(EXPRESSION)) {
      const other = inner.replace(/\bsecrets\s*\.\s*GITHUB_TOKEN\b/g, "");
      if (/\bsecrets\b/.test(other)) found.push(whole.trim());
    }
  }
  return found;
}

/** The job's token permissions: its own, or the workflow's; undefined when neither says. */
function permissions(workflow: Obj, job: Obj): Json | undefined {
  return job.permissions ?? workflow.permissions;
}

function grants(perms: Json | undefined, scope: string): boolean {
  if (perms === "write-all") return true;
  return isMap(perms) && perms[scope] === "write";
}

function steps(job: Obj): Obj[] {
  return Array.isArray(job.steps) ? job.steps.filter(isMap) : [];
}

/** What makes a job hold a secret: named secrets, an environment, an OIDC token. Empty when none. */
function heldSecrets(workflow: Obj, job: Obj): string[] {
  const held = [...new Set(secretExpressions([workflow.env ?? null, workflow.defaults ?? null, job] as Json))];
  if (job.secrets === "inherit") held.push("secrets: inherit");
  else if (isMap(job.secrets)) held.push("secrets passed to a reusable workflow");
  if (job.environment !== undefined) held.push(`environment ${JSON.stringify(isMap(job.environment) ? job.environment.name : job.environment)}`);
  if (grants(permissions(workflow, job), "id-token")) held.push("id-token: write");
  return held;
}

/** Caches the job restores (what a step's `uses` and `with` ask for). */
function caches(job: Obj): string[] {
  const found: string[] = [];
  for (const step of steps(job)) {
    const uses = typeof step.uses === "string" ? step.uses.split("@")[0] : "";
    const w = isMap(step.with) ? step.with : {};
    if (/^actions\/cache(\/|$)/.test(uses)) found.push(uses);
    if (/^actions\/setup-[a-z]+$/.test(uses) && w.cache !== undefined && w.cache !== false && w.cache !== "false" && w.cache !== "") {
      found.push(`${uses} cache: ${String(w.cache)}`);
    }
    // setup-node 5 and later cache on their own when package.json names a package manager.
    if (uses === "actions/setup-node" && w["package-manager-cache"] !== false && w["package-manager-cache"] !== "false") {
      found.push(`${uses} without package-manager-cache: false`);
    }
    // setup-go caches by default.
    if (uses === "actions/setup-go" && w.cache !== false && w.cache !== "false") found.push(`${uses} without cache: false`);
  }
  return found;
}

export interface WorkflowFiles {
  /** File name (e.g. `provisioning-pr.yml`) to its text. */
  readonly [name: string]: string;
}

/** Every problem found, one line each: `<file>: <job>: what is wrong`. */
export function auditWorkflows(files: WorkflowFiles): string[] {
  const parsed = new Map(Object.entries(files).map(([name, text]) => [name, parse(text) as Obj]));
  const problems: string[] = [];

  for (const [name, text] of Object.entries(files)) {
    // Pins: every remote `uses:` by a full commit SHA, its version in a comment on the same line.
    for (const line of text.split("\n")) {
      const m = /^\s*(?:-\s+)?uses:\s*(\S+)(\s+#\s*(\S+))?/.exec(line);
      if (!m || m[1].startsWith("./")) continue;
      if (m[1].startsWith("docker://")) {
        if (!/@sha256:[0-9a-f]{64}$/.test(m[1])) problems.push(`${name}: ${m[1]} is not pinned by digest`);
      } else if (!SHA_PIN.test(m[1])) {
        problems.push(`${name}: ${m[1]} is not pinned by a full commit SHA`);
      } else if (!m[3] || !/^v?\d/.test(m[3])) {
        problems.push(`${name}: ${m[1]} has no version comment (# vX.Y.Z)`);
      }
    }

    const workflow = parsed.get(name)!;
    const on = events(workflow);
    const jobs = isMap(workflow.jobs) ? workflow.jobs : {};
    if (on.includes("pull_request_target")) problems.push(`${name}: pull_request_target runs with the repository's secrets on pull-request events; use workflow_run`);
    const fromPullRequest = on.some((e) => PULL_REQUEST_EVENTS.includes(e));

    for (const [jobName, job] of Object.entries(jobs)) {
      if (!isMap(job)) continue;
      const where = `${name}: ${jobName}`;
      const held = heldSecrets(workflow, job);
      if (fromPullRequest) {
        for (const h of held) problems.push(`${where}: runs on a pull request and holds ${h}`);
        const perms = permissions(workflow, job);
        if (perms === undefined) problems.push(`${where}: runs on a pull request without permissions (the repository's default token permissions apply)`);
        if (perms === "write-all") problems.push(`${where}: runs on a pull request with write-all`);
        // A local reusable workflow runs as part of this job, on the same event.
        if (typeof job.uses === "string" && job.uses.startsWith("./.github/workflows/")) {
          const called = parsed.get(job.uses.slice("./.github/workflows/".length));
          if (called && isMap(called.jobs)) {
            for (const [calledName, calledJob] of Object.entries(called.jobs)) {
              if (!isMap(calledJob)) continue;
              for (const h of heldSecrets(called, calledJob)) problems.push(`${where} -> ${job.uses}: ${calledName}: runs on a pull request and holds ${h}`);
            }
          }
        }
      }
      if (held.length > 0) {
        for (const c of caches(job)) problems.push(`${where}: holds ${held[0]} and restores a cache (${c}), which a job running other code can write`);
        if (on.includes("workflow_run")) {
          const checkouts = steps(job).filter((s) => typeof s.uses === "string" && s.uses.startsWith("actions/checkout@"));
          for (const s of checkouts) {
            if (strings(s.with ?? null).some((v) => /workflow_run\.(head_sha|head_branch|head_repository|pull_requests)|pull_request\.head/.test(v))) {
              problems.push(`${where}: holds ${held[0]} and checks out the triggering run's head (code from the pull request)`);
            }
          }
        }
      }
    }
  }
  return problems;
}
