/**
 * Stand-ins: a provider built from a local source checkout, for a machine whose Go module proxy
 * refuses the version synth pins (this happens: some proxies answer `403 This module version is not
 * available` for a provider module). `npm run providers -- install --stand-in msgraph=<checkout>`
 * builds the checkout into the pinned version's cache slot and records, in build.json, that it is
 * a stand-in, where it came from, and which arguments our synthesized configuration writes that the
 * stand-in's schema lacks. Every later `npm run providers` first tries the pinned version again and
 * replaces the stand-in as soon as the proxy serves it; `status` always names a stand-in as one.
 *
 * Only msgraph can stand in: azuread's prebuilt cdktf classes are generated for one exact version.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MSGRAPH_WITHOUT_ENVIRONMENT_ENV } from "../../constructs/msgraph/stand-in";
import { installAtomically, type BuildRecord, type StandIn } from "./cache";
import { cliConfigText } from "./cli-config";
import { goVersion, runGo } from "./go";
import type { ProviderSource } from "./sources";
import type { TerraformBinary } from "./terraform-binary";

/** The provider-block arguments synth writes for msgraph, checked against a stand-in's schema. */
const WRITTEN_PROVIDER_ARGUMENTS = ["tenant_id", "environment"] as const;

/** `--stand-in name=dir` into its parts, or a one-line usage problem. */
export function parseStandIn(value: string): { name: string; dir: string } | string {
  const m = /^([a-z]+)=(.+)$/.exec(value);
  if (!m) return `--stand-in: expected <provider>=<source checkout>, e.g. msgraph=../terraform-provider-msgraph`;
  if (m[1] !== "msgraph") return `--stand-in: only msgraph can stand in (azuread's cdktf classes are generated for one exact version); got ${JSON.stringify(m[1])}`;
  return { name: m[1], dir: resolve(m[2]) };
}

function gitCommit(dir: string): string | undefined {
  const r = spawnSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The provider block's argument names in a built provider's schema (terraform providers schema -json). */
function providerArguments(terraform: TerraformBinary, source: ProviderSource, buildDir: string): Set<string> {
  const dir = mkdtempSync(join(tmpdir(), "stand-in-schema-"));
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { [source.name]: { source: source.address } } } }));
    writeFileSync(join(dir, "terraform.rc"), cliConfigText([{ source, dir: buildDir }]));
    const r = spawnSync(terraform.command, ["providers", "schema", "-json"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, TF_CLI_CONFIG_FILE: join(dir, "terraform.rc"), CHECKPOINT_DISABLE: "1" },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`the stand-in built, but terraform could not read its schema: ${(r.stderr || "").trim().split("\n").find((l) => l.trim()) ?? `exit ${r.status}`}`);
    const schemas = JSON.parse(r.stdout).provider_schemas as Record<string, { provider?: { block?: { attributes?: Record<string, unknown> } } }>;
    const key = Object.keys(schemas).find((k) => k.endsWith(`/${source.address}`));
    return new Set(Object.keys((key && schemas[key].provider?.block?.attributes) || {}));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds `checkout` into `slot` as a stand-in for `source` (vendored modules when it has them). */
export async function buildStandIn(slot: string, source: ProviderSource, checkout: string, terraform: TerraformBinary): Promise<BuildRecord> {
  if (!existsSync(join(checkout, "go.mod"))) throw new Error(`--stand-in ${source.name}: ${checkout} is not a Go module (no go.mod)`);
  const go = goVersion();
  const commit = gitCommit(checkout);
  const builtFrom = `${checkout}${commit ? ` @ ${commit}` : ""}`;
  const binary = `terraform-provider-${source.name}`;
  return installAtomically(slot, async (tmp) => {
    const vendored = existsSync(join(checkout, "vendor", "modules.txt"));
    await runGo(["build", "-trimpath", "-o", join(tmp, binary), "."], { cwd: checkout, what: `${source.name} stand-in from ${checkout}`, extraEnv: { GOFLAGS: vendored ? "-mod=vendor" : "-mod=mod" } });
    const known = providerArguments(terraform, source, tmp);
    const standIn: StandIn = { builtFrom, lacks: WRITTEN_PROVIDER_ARGUMENTS.filter((a) => !known.has(a)) };
    return { name: source.name, version: source.version, source: `stand-in for ${source.module}@${source.moduleVersion}, built from ${builtFrom}`, binary, go, standIn };
  });
}

/** The environment synth needs for a stand-in (constructs/msgraph/stand-in.ts). */
export function standInEnv(build: BuildRecord): Record<string, string> {
  return build.standIn?.lacks.includes("environment") ? { [MSGRAPH_WITHOUT_ENVIRONMENT_ENV]: "1" } : {};
}
