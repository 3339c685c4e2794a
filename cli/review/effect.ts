/**
 * What a pull request does to people, for the review diff: with a users file, each changed app's
 * declarations (base and pull request) are evaluated over the users, as `npm run preview --base`
 * does, and counted ("312 users change userName; 4 leave scope"). Markdown, escaped like the rest
 * of the report (markdown.ts).
 */
import type { GraphGroup, GraphUser } from "../../expressions";
import type { AppManifest, Manifest } from "../../manifest/schema";
import { applyDeclarations, fromTemplate } from "../preview/effective";
import type { TemplateSchema } from "../preview/input";
import { countChanges, diffPreviews, missingGroups, previewUsers, type ChangeCounts } from "../preview/run";
import { code, text } from "./markdown";

export interface UserEffect {
  readonly stack: string;
  readonly app: string;
  readonly users: number;
  readonly counts: ChangeCounts;
  /** What the counts could not see, in words (markdown). */
  readonly caveats: readonly string[];
}

export interface EffectInput {
  readonly users: readonly GraphUser[];
  readonly groups: readonly GraphGroup[] | undefined;
  /** Template schemas by app id (`--templates DIR`). */
  readonly templates: ReadonlyMap<string, TemplateSchema>;
  readonly now: Date;
}

function appsOf(manifests: readonly Manifest[]): Map<string, { stack: string; app: AppManifest }> {
  return new Map(manifests.flatMap((m) => m.apps.map((app): [string, { stack: string; app: AppManifest }] => [JSON.stringify([m.stack, app.id]), { stack: m.stack, app }])));
}

/** The effect on the users of every app that is in either output and whose users are affected. */
export function userEffects(base: readonly Manifest[], current: readonly Manifest[], input: EffectInput): UserEffect[] {
  const before = appsOf(base);
  const after = appsOf(current);
  const effects: UserEffect[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key);
    const now = after.get(key);
    const { stack, app } = (now ?? was) as { stack: string; app: AppManifest };
    const template = input.templates.get(app.id);
    const initial = fromTemplate(template, "users");
    const groups = input.groups ?? [];
    const baseMapping = was ? applyDeclarations(was.app, "users", initial) : undefined;
    const beforeUsers = was && baseMapping ? previewUsers(was.app, baseMapping, { users: input.users, groups, now: input.now }) : undefined;
    // A removed app provisions nobody: everyone in scope before leaves it.
    const afterUsers = now ? previewUsers(now.app, applyDeclarations(now.app, "users", baseMapping ?? initial), { users: input.users, groups, now: input.now }) : input.users.map((u) => ({ id: u.id, userPrincipalName: null, inScope: false, attributes: {} }));
    const diffs = diffPreviews(beforeUsers, afterUsers);
    if (diffs.length === 0) continue;
    const caveats: string[] = [];
    if (template === undefined && app.mappingMode === "merge") caveats.push("the app's template mappings and filters are not known here (pass --templates DIR with <app>.json): only declared ones are evaluated");
    const missing = [...new Set([...(was ? missingGroups(was.app, groups) : []), ...(now ? missingGroups(now.app, groups) : [])])];
    if (missing.length > 0 && app.scope === "assignedOnly") caveats.push(`members of ${missing.map(code).join(", ")} are not in the groups file and count as unassigned`);
    effects.push({ stack, app: app.id, users: input.users.length, counts: countChanges(diffs), caveats });
  }
  return effects;
}

/** "312 users change `userName`; 4 leave scope", markdown. */
export function effectInWords(e: UserEffect): string {
  const users = (n: number) => `${n} user${n === 1 ? "" : "s"}`;
  const parts = e.counts.attributes.map(([a, n]) => `${users(n)} change ${code(a)}`);
  if (e.counts.leave > 0) parts.push(`${e.counts.leave} leave scope`);
  if (e.counts.enter > 0) parts.push(`${e.counts.enter} enter scope`);
  if (e.counts.failing > 0) parts.push(`${users(e.counts.failing)} with mappings that fail to evaluate`);
  const caveats = e.caveats.length > 0 ? ` (${e.caveats.join("; ")})` : "";
  return `Users (of ${e.users} in the users file): ${parts.join("; ")}${caveats}`;
}

export { text };
