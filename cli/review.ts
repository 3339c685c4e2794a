/**
 * npm run review -- [--out DIR] [--base DIR [--users USERS.json [--groups GROUPS.json] [--templates DIR]]]
 *                   [--format markdown|json] [--stack S]
 *
 * Renders every app as a reviewer thinks of it; with --base (another synth output, e.g. main's)
 * only what changed: the text for a pull-request comment. With --users, each changed app also
 * says what the change does to people ("312 users change userName; 4 leave scope"), evaluated as
 * `npm run preview --base` does. Exit 0, 2 on a manifest or input error, 64 on a usage error.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Manifest } from "../manifest/schema";
import { ManifestError, loadManifests } from "./manifests";
import { diffManifests, renderDiff, type AppChange } from "./review/diff";
import { renderReport } from "./review/report";
import { printable, printableJson } from "./printable";
import { InputError, readGroups, readTemplate, readUsers, type TemplateSchema } from "./preview/input";
import { Secrets } from "./redaction";
import { effectInWords, userEffects, type UserEffect } from "./review/effect";
import { type CommandSpec, commandLineOrExit, failUsage } from "./usage";

export const REVIEW_COMMAND: CommandSpec = {
  command: "npm run review --",
  summary:
    "Renders every synthesized app as a reviewer thinks of it; with --base (another synth output,\n" +
    "e.g. main's) only what changed: the text of a pull-request comment.",
  options: [
    { name: "out", arg: "DIR", description: "synth output to report on", default: "cdktf.out" },
    { name: "base", arg: "DIR", description: "synth output to compare against (show only changes)", default: "no comparison" },
    { name: "users", arg: "USERS.json", description: "users (GET /users): count who each change affects", default: "no counts", under: "base" },
    { name: "groups", arg: "GROUPS.json", description: "groups with members (GET /groups?$expand=members), for group assignments", default: "none", under: "base" },
    { name: "templates", arg: "DIR", description: "template schemas, one <app id>.json per app, for the counts", default: "declared mappings only", under: "base" },
    { name: "format", arg: "markdown|json", description: "output format", default: "markdown" },
    { name: "stack", arg: "S", description: "only this stack", default: "every stack" },
  ],
  exitCodes: [
    [0, "the report was printed"],
    [2, "manifest error (none synthesized, unreadable, or no stack matches --stack); nothing was printed to stdout"],
  ],
};

/**
 * @param env where secrets to keep out of the report are read (TF_VAR_ values, ARM_/AZURE_
 * secrets; cli/redaction.ts). @default process.env
 */
export function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }, env: NodeJS.ProcessEnv = process.env): number {
  const parsed = commandLineOrExit("review", REVIEW_COMMAND, argv, io);
  if (typeof parsed === "number") return parsed;
  const values = parsed as { out?: string; base?: string; format?: string; stack?: string; users?: string; groups?: string; templates?: string };
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "json") {
    return failUsage(io, "review", REVIEW_COMMAND, `--format takes markdown or json, got ${printable(JSON.stringify(format.slice(0, 40)))}`);
  }
  for (const option of ["users", "groups", "templates"] as const) {
    if (values[option] !== undefined && values.base === undefined) {
      return failUsage(io, "review", REVIEW_COMMAND, `--${option} needs --base: the counts compare two synth outputs`);
    }
  }
  if ((values.groups !== undefined || values.templates !== undefined) && values.users === undefined) {
    return failUsage(io, "review", REVIEW_COMMAND, `--${values.groups !== undefined ? "groups" : "templates"} needs --users`);
  }
  try {
    // A manifest holds no secret by design, but a value can copy one (a token pasted into a display
    // name): every string is redacted before it is rendered or escaped (cli/redaction.ts).
    const loaded = loadManifests({ outDir: values.out, stack: values.stack });
    const loadedBase = values.base !== undefined ? loadBase(values.base, values.stack) : undefined;
    const secrets = Secrets.fromEnvironment(env);
    for (const app of [...loaded, ...(loadedBase ?? [])].flatMap((m) => m.apps)) secrets.addUrlCredentials(app.tenantUrl);
    const current = secrets.redactDeep(loaded);
    if (loadedBase !== undefined) {
      const base = secrets.redactDeep(loadedBase);
      const changes = diffManifests(base, current);
      let effects: UserEffect[] = [];
      if (values.users !== undefined) {
        effects = userEffects(base, current, {
          users: readUsers(values.users),
          groups: values.groups !== undefined ? readGroups(values.groups) : undefined,
          templates: readTemplates(values.templates, current),
          now: new Date(),
        });
        attachEffects(changes, effects);
      }
      const json = () => ({ changed: changes.length > 0, apps: changes.map(({ effect, ...c }) => ({ ...c, ...usersJson(effects, c) })) });
      io.stdout.write(format === "json" ? printableJson(json()) + "\n" : renderDiff(changes));
    } else {
      // redactDeep also took URL credentials (`user:pass@`) out of every string, tenant URLs included.
      io.stdout.write(format === "json" ? printableJson({ stacks: current }) + "\n" : renderReport(current));
    }
    return 0;
  } catch (err) {
    if (err instanceof ManifestError || err instanceof InputError) {
      io.stderr.write(`review: ${printable(err.message)}\n`);
      return 2;
    }
    throw err;
  }
}

/** `<DIR>/<app id>.json` for each app that has one. */
function readTemplates(dir: string | undefined, manifests: readonly Manifest[]): Map<string, TemplateSchema> {
  const templates = new Map<string, TemplateSchema>();
  if (dir === undefined) return templates;
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (err) {
    throw new InputError(`${dir}: cannot read the templates directory (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  for (const app of manifests.flatMap((m) => m.apps)) {
    if (files.includes(`${app.id}.json`)) templates.set(app.id, readTemplate(join(dir, `${app.id}.json`)));
  }
  return templates;
}

/** Each effect on the change of its app (an app whose users change always has a manifest change). */
function attachEffects(changes: AppChange[], effects: readonly UserEffect[]): void {
  for (const e of effects) {
    const change = changes.find((c) => c.stack === e.stack && c.app === e.app);
    if (change) change.effect = effectInWords(e);
  }
}

function usersJson(effects: readonly UserEffect[], c: AppChange): Record<string, unknown> {
  const e = effects.find((x) => x.stack === c.stack && x.app === c.app);
  if (e === undefined) return {};
  return { users: { of: e.users, enter: e.counts.enter, leave: e.counts.leave, change: Object.fromEntries(e.counts.attributes), failing: e.counts.failing } };
}

/**
 * The base synth output. A stack or a whole output with no manifest yet (the base branch predates
 * it, or its synth failed and CI left an empty stacks dir) is compared against nothing, so every
 * app shows as added; a base directory that does not exist at all is a usage error (a typo).
 */
function loadBase(outDir: string, stack: string | undefined): Manifest[] {
  return loadManifests({ outDir, stack, noneIsEmpty: true });
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
