/**
 * The Node version package.json promises is the one every installed package supports: `npm ci`
 * on the oldest promised Node prints no EBADENGINE warning. The lockfile records each package's
 * `engines.node`, so this reads it instead of installing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as semver from "semver";

const root = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** Every installed package whose declared Node range rejects `node`, as "path@version (range)". */
function rejecting(node: string): string[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const engines = entry.engines;
    const range = engines && !Array.isArray(engines) ? engines.node : undefined;
    if (!path || !range || semver.satisfies(node, range)) return [];
    return [`${path}@${entry.version} (node ${range})`];
  });
}

describe("engines", () => {
  const oldest = semver.minVersion(pkg.engines.node)?.version as string;

  test("package.json promises Node 20", () => {
    expect(semver.major(oldest)).toBe(20);
  });

  test("every package in the lockfile supports the oldest promised Node", () => {
    expect(rejecting(oldest)).toEqual([]);
  });

  test("every package in the lockfile supports the Node running the tests", () => {
    expect(rejecting(process.versions.node)).toEqual([]);
  });

  test("the check can fail: a package asking for Node 22 is reported", () => {
    lock.packages["node_modules/@example/needs-22"] = { version: "1.0.0", engines: { node: ">=22.0.0" } };
    try {
      expect(rejecting(oldest)).toEqual(["node_modules/@example/needs-22@1.0.0 (node >=22.0.0)"]);
    } finally {
      delete lock.packages["node_modules/@example/needs-22"];
    }
  });

  test("dependencies and overrides are pinned to exact versions", () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.overrides };
    const loose = Object.entries(all).filter(([, v]) => semver.valid(v) === null);
    expect(loose).toEqual([]);
  });

  test("the lockfile installs the pinned versions", () => {
    const direct = { ...pkg.dependencies, ...pkg.devDependencies };
    const installed = Object.fromEntries(Object.keys(direct).map((name) => [name, lock.packages[`node_modules/${name}`]?.version]));
    expect(installed).toEqual(direct);
    for (const [name, version] of Object.entries(pkg.overrides ?? {})) {
      const copies = Object.entries(lock.packages).filter(([path]) => path.endsWith(`node_modules/${name}`));
      expect(copies.map(([path, e]) => `${path}@${e.version}`)).toEqual(copies.map(([path]) => `${path}@${version}`));
    }
  });
});
