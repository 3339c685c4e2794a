/**
 * npm run preview -- --app ID --users USERS.json [--groups GROUPS.json] [--out DIR] [--stack S]
 *                    [--template TEMPLATE_SCHEMA.json] [--base DIR] [--json]
 *
 * What each user receives from one app, computed offline from the synthesized manifest: in scope
 * or not (assignment, then scoping filters: which filter matched or which clause failed), and the
 * SCIM attributes the app's mappings send, evaluated with Entra's expression language
 * (expressions/). With --base, only the users whose scope or attributes differ between the two
 * synth outputs.
 */
import { loadManifests, ManifestError } from "./manifests";
import type { AppManifest, Manifest } from "../manifest/schema";
import { commandLineOrExit, EXIT_USAGE, failUsage, type CommandIo, type CommandSpec } from "./usage";
import { printable } from "./printable";
import { applyDeclarations, declaresWholeMapping, fromTemplate, type EffectiveMapping } from "./preview/effective";
import { InputError, readGroups, readTemplate, readUsers, type TemplateSchema } from "./preview/input";
import { renderJson, renderTable, type PreviewReport } from "./preview/render";
import { diffPreviews, missingGroups, previewUsers, type PreviewInput } from "./preview/run";
import { parseExpression, type ExpressionAst, type GraphGroup } from "../expressions";

/** Usage errors (and unreadable input) exit 64, as sysexits' EX_USAGE, as in every CLI. */
export { EXIT_USAGE };

export const PREVIEW_COMMAND: CommandSpec = {
  command: "npm run preview --",
  summary:
    "What each user receives from one app: in scope or not (and why), and the SCIM attributes its\n" +
    "mappings send, evaluated offline over Graph users; with --base, only the users that differ.",
  options: [
    { name: "app", arg: "ID", description: "the app's id in the stack (its construct id)", required: true },
    { name: "users", arg: "USERS.json", description: "users as GET /users returns them ({ \"value\": [...] } or an array)", required: true },
    { name: "groups", arg: "GROUPS.json", description: "groups with members (GET /groups?$expand=members), for group assignments", default: "none" },
    { name: "out", arg: "DIR", description: "synth output", default: "cdktf.out" },
    { name: "stack", arg: "S", description: "the stack holding the app", default: "the one stack that has the app" },
    { name: "template", arg: "TEMPLATE_SCHEMA.json", description: "the app's template job schema (GET .../schema), which the declarations change", default: "none; required unless mappingMode is replace" },
    { name: "base", arg: "DIR", description: "another synth output to compare with (show only users that differ)", default: "no comparison" },
    { name: "json", description: "print JSON instead of a table" },
  ],
  exitCodes: [
    [0, "the preview was printed"],
    [1, "the preview was printed, and some in-scope user has a mapping that cannot be evaluated (Entra would fail that user)"],
    [EXIT_USAGE, "usage or input error (option, manifest, users, groups or template file); nothing was printed to stdout"],
  ],
};

interface Values {
  app?: string;
  users?: string;
  groups?: string;
  out?: string;
  stack?: string;
  template?: string;
  base?: string;
  json?: boolean;
}

class UsageProblem extends Error {}

/** The app with this id, in the given stack or in the one stack that has it. */
function findApp(manifests: readonly Manifest[], id: string, out: string, stack: string | undefined): { manifest: Manifest; app: AppManifest } {
  const found = manifests.flatMap((m) => m.apps.filter((a) => a.id === id).map((app) => ({ manifest: m, app })));
  if (found.length === 0) {
    const ids = manifests.flatMap((m) => m.apps.map((a) => `${m.stack}/${a.id}`));
    throw new UsageProblem(`--app: no app ${JSON.stringify(printable(id, 80))} in ${printable(out)}${stack ? ` (stack ${printable(stack)})` : ""}; apps found: ${ids.map((i) => printable(i, 80)).join(", ") || "none"}`);
  }
  if (found.length > 1) throw new UsageProblem(`--app: ${JSON.stringify(printable(id, 80))} is an app of stacks ${found.map((f) => printable(f.manifest.stack, 80)).join(", ")}; pass --stack`);
  return found[0];
}

/** Function names used by an object mapping's expressions. */
function functionsUsed(mapping: EffectiveMapping): { functions: Set<string>; attributes: Set<string> } {
  const functions = new Set<string>();
  const attributes = new Set<string>();
  const walk = (n: ExpressionAst | null) => {
    if (n === null) return;
    if (n.kind === "call") {
      functions.add(n.name);
      n.args.forEach(walk);
    } else if (n.kind === "comparison") {
      walk(n.left);
      walk(n.right);
    } else if (n.kind === "attribute") attributes.add(n.name.toLowerCase());
  };
  for (const m of mapping.objectMapping.attributeMappings) {
    const text = m.source?.expression ?? (m.source?.type === "Attribute" ? `[${m.source.name}]` : null);
    if (!text) continue;
    try {
      walk(parseExpression(text));
    } catch {
      // Reported per user by the evaluation.
    }
  }
  return { functions, attributes };
}

/** What the reader must know about values this app's mappings produce. */
function notesFor(mapping: EffectiveMapping, app: AppManifest, missing: readonly string[]): string[] {
  const { functions, attributes } = functionsUsed(mapping);
  const notes: string[] = [];
  if (functions.has("SelectUniqueValue")) notes.push("SelectUniqueValue is not checked against the app's existing accounts: its first rule with a value is shown.");
  if (functions.has("Guid") || functions.has("RandomString")) notes.push("Guid() and RandomString() values are illustrations (reproducible per user); Entra generates its own.");
  if (functions.has("Now")) notes.push("Now() is the time of this preview.");
  if (attributes.has("manager")) notes.push("manager shows the manager's Entra object id; Entra sends the id of the manager's account in the app.");
  if (["SingleAppRoleAssignment", "AppRoleAssignmentsComplex", "AssertiveAppRoleAssignmentsComplex"].some((f) => functions.has(f))) {
    notes.push("Roles are shown by the assignment's role display name; a role's value in the app may differ.");
  }
  if (app.scope === "assignedOnly" && missing.length > 0) {
    notes.push(`Assigned groups not in the groups file (their members count as unassigned): ${missing.map((g) => JSON.stringify(g)).join(", ")}.`);
  }
  return notes;
}

function mappingsInWords(app: AppManifest, template: string | undefined): string {
  if (template === undefined) return "the declared mappings (mappingMode replace)";
  return app.mappingMode === "replace" && app.users.mappings.length > 0
    ? `the declared mappings (mappingMode replace), with the scoping filters of ${template}`
    : `the template ${template}, with the app's declared changes`;
}

export function main(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }, now: Date = new Date()): number {
  const parsed = commandLineOrExit("preview", PREVIEW_COMMAND, argv, io);
  if (typeof parsed === "number") return parsed;
  const values = parsed as Values;
  const usage = (message: string) => failUsage(io, "preview", PREVIEW_COMMAND, message);
  if (values.app === undefined) return usage("--app is required");
  if (values.users === undefined) return usage("--users is required");
  const out = values.out ?? "cdktf.out";
  try {
    const { manifest, app } = findApp(loadManifests({ outDir: out, stack: values.stack }), values.app, out, values.stack);
    let template: TemplateSchema | undefined;
    if (values.template !== undefined) template = readTemplate(values.template);
    else if (!declaresWholeMapping(app)) {
      throw new UsageProblem(
        `--template: ${manifest.stack}/${app.id} changes its gallery template's mappings (mappingMode ${app.mappingMode}); pass --template TEMPLATE_SCHEMA.json, the job or template schema (GET .../schema)`,
      );
    }
    const users = readUsers(values.users);
    const groups: GraphGroup[] = values.groups !== undefined ? readGroups(values.groups) : [];
    const missing = app.scope === "assignedOnly" ? missingGroups(app, groups) : [];
    if (missing.length > 0 && values.groups === undefined) {
      throw new UsageProblem(`--groups: ${manifest.stack}/${app.id} assigns groups (${missing.map((g) => JSON.stringify(g)).join(", ")}); pass --groups GROUPS.json (GET /groups?$expand=members) to see who they assign`);
    }
    const input: PreviewInput = { users, groups, now };
    const initial = fromTemplate(template, "users");
    // With --base, the job holds what the base deployed; the app's declarations apply over that.
    let baseApp: AppManifest | undefined;
    if (values.base !== undefined) {
      const baseManifests = loadManifests({ outDir: values.base, stack: manifest.stack, noneIsEmpty: true });
      baseApp = baseManifests.flatMap((m) => m.apps).find((a) => a.id === app.id);
    }
    const baseMapping = baseApp === undefined ? undefined : applyDeclarations(baseApp, "users", initial);
    const mapping = applyDeclarations(app, "users", baseMapping ?? initial);
    const previews = previewUsers(app, mapping, input);
    const report: PreviewReport = {
      stack: manifest.stack,
      app: app.id,
      displayName: app.displayName,
      mappings: mappingsInWords(app, values.template),
      notes: notesFor(mapping, app, missing),
      users: previews,
    };
    let shown: PreviewReport = report;
    if (values.base !== undefined) {
      const before = baseApp === undefined || baseMapping === undefined ? undefined : previewUsers(baseApp, baseMapping, input);
      shown = { ...report, base: values.base, diffs: diffPreviews(before, previews) };
    }
    io.stdout.write(values.json ? renderJson(shown) : renderTable(shown));
    return previews.some((u) => u.inScope && u.errors !== undefined) ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageProblem) return usage(err.message);
    if (err instanceof ManifestError || err instanceof InputError) {
      io.stderr.write(`preview: ${printable(err.message)}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
