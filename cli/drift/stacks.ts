/**
 * The stacks drift checks: every directory under <out>/stacks that holds a cdk.tf.json (what
 * terraform runs on). Each must have its provisioning.json beside it, or drift could not say
 * which app a resource belongs to: that is an error, not a silent skip. A stack directory that is
 * a symbolic link is refused (terraform would run wherever it points).
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, type Manifest } from "../../manifest/schema";
import { ManifestError, readManifest, stackNames } from "../manifests";

export interface SynthesizedStack {
  readonly stack: string;
  /** The stack's working directory for terraform. */
  readonly dir: string;
  readonly manifest: Manifest;
}

export function synthesizedStacks(outDir: string, only?: string): SynthesizedStack[] {
  const stacksDir = join(outDir, "stacks");
  const stacks = stackNames(outDir, "cdk.tf.json");
  if (only !== undefined && !stacks.includes(only)) {
    throw new ManifestError(`stack '${only}' has no cdk.tf.json under ${stacksDir}; stacks found: ${stacks.join(", ") || "none"}`);
  }
  const selected = only !== undefined ? [only] : stacks;
  if (selected.length === 0) throw new ManifestError(`${stacksDir}: no cdk.tf.json found; run 'npm run synth' first`);
  return selected.map((stack) => {
    const dir = join(stacksDir, stack);
    const file = join(dir, MANIFEST_FILE);
    if (lstatSync(file, { throwIfNoEntry: false }) === undefined) {
      throw new ManifestError(`${dir}: has cdk.tf.json but no ${MANIFEST_FILE}; run 'npm run synth' to write it (drift needs it to name apps and settings)`);
    }
    return { stack, dir, manifest: readManifest(file, stack) };
  });
}
