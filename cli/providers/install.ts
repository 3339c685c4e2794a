/**
 * What `npm run providers` does, as functions the CLI and the tests share: find or build the two
 * providers and a terraform, and write the CLI config whose dev_overrides point terraform at them.
 */
import { existsSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot, entryDir, installAtomically, readBuild, type BuildRecord } from "./cache";
import { goVersion, runGo } from "./go";
import { providerSources, type ProviderSource } from "./sources";
import { cliConfigText } from "./cli-config";
import { buildStandIn, standInEnv } from "./stand-in";
import { buildOpenTofu, findTerraform, type TerraformBinary } from "./terraform-binary";

export { cliConfigText };

export interface InstalledProvider {
  readonly source: ProviderSource;
  /** The folder dev_overrides names. */
  readonly dir: string;
  readonly build: BuildRecord;
}

export interface Installation {
  readonly terraform: TerraformBinary;
  readonly providers: readonly InstalledProvider[];
  /** The terraform CLI config with dev_overrides for both providers (TF_CLI_CONFIG_FILE). */
  readonly cliConfigFile: string;
}

export function providerDir(root: string, source: ProviderSource): string {
  return entryDir(root, "providers", source.name, source.version);
}

/** Hooks a caller gives: told before a build starts, and of a stand-in in use. */
interface InstallHooks {
  readonly onBuild: (what: string) => void;
  readonly onStandIn: (line: string) => void;
}

/**
 * The provider's build: from the cache, else built now through the module proxy. A cached stand-in
 * is replaced as soon as the proxy serves the pinned version; while it does not, a stand-in (the
 * cached one, or one built now from `standInCheckout`) is used and named through `onStandIn`.
 */
async function ensureProvider(root: string, source: ProviderSource, terraform: () => Promise<TerraformBinary>, hooks: InstallHooks, standInCheckout?: string): Promise<InstalledProvider> {
  const dir = providerDir(root, source);
  const cached = readBuild(dir);
  if (cached && !cached.standIn) return { source, dir, build: cached };
  const go = goVersion();
  const what = `${source.name} ${source.version}`;
  if (!cached) hooks.onBuild(what);
  try {
    const build = await installAtomically(dir, async (tmp) => {
      await runGo(["install", "-trimpath", `${source.module}@${source.moduleVersion}`], { what, extraEnv: { GOBIN: tmp } });
      return { name: source.name, version: source.version, source: `${source.module}@${source.moduleVersion}`, binary: `terraform-provider-${source.name}`, go };
    });
    return { source, dir, build };
  } catch (err) {
    if (!cached && standInCheckout === undefined) throw err;
    const reason = (err as Error).message.split("\n")[0];
    let build = cached;
    if (standInCheckout !== undefined) {
      hooks.onBuild(`${source.name} stand-in from ${standInCheckout}`);
      build = await buildStandIn(dir, source, standInCheckout, await terraform());
    }
    const standIn = build!.standIn!;
    hooks.onStandIn(`${reason}; using the stand-in built from ${standIn.builtFrom}${standIn.lacks.length > 0 ? ` (it lacks ${standIn.lacks.join(", ")})` : ""}`);
    return { source, dir, build: build! };
  }
}

/** Where the filesystem mirror lives: what `terraform init` (and so `cdktf deploy`) installs from. */
export function mirrorDir(root: string): string {
  return join(root, "mirror");
}

/** terraform's platform name for this machine, e.g. linux_amd64. */
function platform(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch === "ia32" ? "386" : process.arch;
  return `${process.platform}_${arch}`;
}

/**
 * An unpacked filesystem mirror of the builds (symlinks), for the registry host terraform and the
 * one OpenTofu resolve a short address to. dev_overrides alone is not enough: `terraform init`
 * (which cdktf deploy and drift run) still asks the registry about overridden providers.
 */
export function ensureMirror(root: string, providers: readonly InstalledProvider[]): void {
  for (const host of ["registry.terraform.io", "registry.opentofu.org"]) {
    for (const p of providers) {
      const dir = join(mirrorDir(root), host, p.source.address, p.source.version, platform());
      const link = join(dir, `terraform-provider-${p.source.name}_v${p.source.version}`);
      const target = join(p.dir, p.build.binary);
      let current: string | undefined;
      try {
        current = readlinkSync(link);
      } catch {
        current = undefined;
      }
      if (current === target) continue;
      mkdirSync(dir, { recursive: true });
      rmSync(link, { force: true });
      symlinkSync(target, link);
    }
  }
}

function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  const tmp = `${file}.partial-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export interface InstallOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Told before a build starts. */
  readonly onBuild?: (what: string) => void;
  /** Told, in one line, when a stand-in is used instead of the pinned version. */
  readonly onStandIn?: (line: string) => void;
  /** provider name -> a local source checkout to build as a stand-in if the proxy refuses it. */
  readonly standIns?: Readonly<Record<string, string>>;
}

/** Finds or builds everything; throws one-line errors (GoError, SourceError, Error). */
export async function install(options: InstallOptions = {}): Promise<Installation> {
  const env = options.env ?? process.env;
  const hooks: InstallHooks = { onBuild: options.onBuild ?? (() => undefined), onStandIn: options.onStandIn ?? (() => undefined) };
  const root = cacheRoot(env);
  mkdirSync(root, { recursive: true });
  let found: TerraformBinary | undefined;
  const terraform = async (): Promise<TerraformBinary> => {
    found ??= findTerraform(root, env);
    if (!found) {
      hooks.onBuild("OpenTofu (no terraform >= 1.5 on PATH)");
      await buildOpenTofu(root);
      found = findTerraform(root, env);
      if (!found) throw new Error("OpenTofu was built but does not answer `tofu version -json`");
    }
    return found;
  };
  const providers: InstalledProvider[] = [];
  for (const source of providerSources()) providers.push(await ensureProvider(root, source, terraform, hooks, options.standIns?.[source.name]));
  ensureMirror(root, providers);
  const cliConfigFile = join(root, "terraform.rc");
  writeIfChanged(cliConfigFile, cliConfigText(providers, mirrorDir(root)));
  return { terraform: await terraform(), providers, cliConfigFile };
}

/** What is installed, building nothing: each provider found, the terraform, and what is missing. */
export interface InstalledParts {
  readonly terraform?: TerraformBinary;
  readonly providers: readonly InstalledProvider[];
  /** One line per missing piece; empty when everything is there. */
  readonly missing: readonly string[];
}

export function installedParts(env: NodeJS.ProcessEnv = process.env): InstalledParts {
  const root = cacheRoot(env);
  const providers: InstalledProvider[] = [];
  const missing: string[] = [];
  let sources: readonly ProviderSource[] = [];
  try {
    sources = providerSources();
  } catch (err) {
    missing.push((err as Error).message);
  }
  for (const source of sources) {
    const dir = providerDir(root, source);
    const build = readBuild(dir);
    if (build) providers.push({ source, dir, build });
    else missing.push(`${source.name} ${source.version} is not built (run npm run providers)`);
  }
  const terraform = findTerraform(root, env);
  if (!terraform) missing.push("no terraform >= 1.5 (run npm run providers)");
  return { terraform, providers, missing };
}

/**
 * The whole installation as it is, building nothing (what `env` prints and tests use), or the
 * first thing missing.
 */
export function installed(env: NodeJS.ProcessEnv = process.env): Installation | { readonly missing: string } {
  const parts = installedParts(env);
  if (parts.missing.length > 0 || !parts.terraform) return { missing: parts.missing[0] ?? "no terraform" };
  const cliConfigFile = join(cacheRoot(env), "terraform.rc");
  if (!existsSync(cliConfigFile) || readFileSync(cliConfigFile, "utf8") !== cliConfigText(parts.providers, mirrorDir(cacheRoot(env)))) {
    return { missing: "the terraform CLI config is missing or stale (run npm run providers)" };
  }
  return { terraform: parts.terraform, providers: parts.providers, cliConfigFile };
}

/** The environment a terraform (or cdktf) process needs to use the installation. */
export function installationEnv(installation: Installation): Record<string, string> {
  const env: Record<string, string> = { TF_CLI_CONFIG_FILE: installation.cliConfigFile };
  for (const p of installation.providers) Object.assign(env, standInEnv(p.build));
  if (installation.terraform.needsBinaryName) env.TERRAFORM_BINARY_NAME = installation.terraform.command;
  return env;
}
