/**
 * The apps a verify run probes, plain or --deep: the manifests under --out, narrowed by --stack and
 * --app, each app's token source checked (token.ts) before anything is sent.
 */
import { loadManifests } from "../manifests";
import { printable, capped } from "./shown";
import { checkTokenSources, type Target } from "./token";

/** Thrown for a selection that matches nothing in what was synthesized (exit 2, like a manifest error). */
export class SelectionError extends Error {}

export interface Selection {
  /** @default "cdktf.out" */
  readonly outDir?: string;
  readonly stack?: string;
  readonly app?: string;
}

export function selectTargets(options: Selection): Target[] {
  const manifests = loadManifests({ outDir: options.outDir, stack: options.stack });
  const all = manifests.flatMap((m) => m.apps.map((app) => ({ stack: m.stack, app })));
  // Every app of the manifests read, not only the selected one: a tampered manifest is refused whole.
  checkTokenSources(all);
  const targets = all.filter((t) => options.app === undefined || t.app.id === options.app);
  if (targets.length === 0) {
    // Each stack once, with its own apps: ids repeat across tenants, so an id alone says too little.
    const apps = capped(printable(manifests.map((m) => `${m.stack}: ${m.apps.map((a) => a.id).join(", ") || "none"}`).join("; ")), 400);
    if (options.app === undefined) throw new SelectionError(`no app to probe; apps by stack: ${apps}`);
    throw new SelectionError(`--app ${JSON.stringify(capped(printable(options.app), 80))}: no such app; apps by stack: ${apps}`);
  }
  return targets;
}
