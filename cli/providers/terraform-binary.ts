/**
 * The terraform that plans and applies: `terraform` >= 1.5 on PATH when there is one, else
 * `tofu`, else OpenTofu built once through the module proxy into the cache. cdktf and our tests
 * run a binary other than `terraform` through TERRAFORM_BINARY_NAME.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { entryDir, installAtomically, readBuild, type BuildRecord } from "./cache";
import { goVersion, runGo } from "./go";
import { MINIMUM_TERRAFORM, OPENTOFU } from "./sources";

export interface TerraformBinary {
  /** What to run: a name on PATH or an absolute path. */
  readonly command: string;
  readonly flavour: "terraform" | "opentofu";
  readonly version: string;
  /** Set when the command is not plain `terraform`: cdktf needs TERRAFORM_BINARY_NAME. */
  readonly needsBinaryName: boolean;
}

/** `terraform version -json` (both binaries answer it); undefined when the command does not run. */
function versionOf(command: string): string | undefined {
  const r = spawnSync(command, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" }, timeout: 30_000 });
  if (r.error || r.status !== 0) return undefined;
  try {
    const v = (JSON.parse(r.stdout) as { terraform_version?: unknown }).terraform_version;
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

export function atLeastMinimum(version: string): boolean {
  const parts = version.replace(/^v/, "").split(/[.-]/).slice(0, 3).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < 3; i++) {
    const have = parts[i] ?? 0;
    if (have !== MINIMUM_TERRAFORM[i]) return have > MINIMUM_TERRAFORM[i];
  }
  return true;
}

function tofuDir(root: string): string {
  return entryDir(root, "tools", "tofu", OPENTOFU.version.replace(/^v/, ""));
}

/** A usable binary already on this machine (PATH, TERRAFORM_BINARY_NAME or the cache), if any. */
export function findTerraform(root: string, env: NodeJS.ProcessEnv = process.env): TerraformBinary | undefined {
  const named = env.TERRAFORM_BINARY_NAME;
  const candidates: Array<[string, TerraformBinary["flavour"]]> = [];
  if (named) candidates.push([named, /tofu/.test(named) ? "opentofu" : "terraform"]);
  candidates.push(["terraform", "terraform"], ["tofu", "opentofu"]);
  const cached = readBuild(tofuDir(root));
  if (cached) candidates.push([join(tofuDir(root), cached.binary), "opentofu"]);
  for (const [command, flavour] of candidates) {
    const version = versionOf(command);
    if (version !== undefined && atLeastMinimum(version)) return { command, flavour, version, needsBinaryName: command !== "terraform" };
  }
  return undefined;
}

/** Builds OpenTofu's main package from the module the proxy serves. */
export async function buildOpenTofu(root: string): Promise<BuildRecord> {
  const go = goVersion();
  const what = `OpenTofu ${OPENTOFU.version}`;
  return installAtomically(tofuDir(root), async (tmp) => {
    // `go install` refuses a module with replace directives; building inside the downloaded
    // module (it is then the main module, replaces and all) is the supported way.
    const info = JSON.parse(await runGo(["mod", "download", "-json", `${OPENTOFU.module}@${OPENTOFU.version}`], { what })) as { Dir?: string };
    if (!info.Dir) throw new Error(`${what}: go mod download named no folder`);
    await runGo(["build", "-mod=readonly", "-trimpath", "-o", join(tmp, "tofu"), OPENTOFU.package], { cwd: info.Dir, what, extraEnv: { GOFLAGS: "" } });
    return { name: "tofu", version: OPENTOFU.version.replace(/^v/, ""), source: `${OPENTOFU.module}@${OPENTOFU.version}`, binary: "tofu", go };
  });
}
