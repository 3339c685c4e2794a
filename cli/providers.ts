/**
 * npm run providers -- [install|env|status] [--json]
 *
 * Builds the real azuread and msgraph providers, at exactly the versions synth pins, with the
 * machine's Go through the module proxy; caches them outside the repository; writes a terraform
 * CLI config whose dev_overrides use them; provides OpenTofu when no terraform >= 1.5 is on PATH.
 * `env` prints the export lines a shell needs. Exit 0, 1 when something is missing, 64 on usage.
 */
import { cacheRoot } from "./providers/cache";
import { install, installationEnv, installed, type Installation } from "./providers/install";
import { parseStandIn } from "./providers/stand-in";
import { printable } from "./printable";
import { type CommandSpec, commandLineOrExit, EXIT_USAGE, usageError } from "./usage";

export const PROVIDERS_COMMAND: CommandSpec = {
  command: "npm run providers -- [install|env|status]",
  summary:
    "install (the default) builds the azuread and msgraph providers synth pins, with Go through the\n" +
    "module proxy, into a cache outside the repository, and a terraform CLI config (dev_overrides)\n" +
    "that uses them; OpenTofu is built when no terraform >= 1.5 is on PATH. A second run takes\n" +
    "seconds. env prints the export lines for a shell (npm run -s providers -- env); status tells\n" +
    "what is installed without building anything.",
  options: [
    { name: "json", description: "status as JSON" },
    {
      name: "stand-in",
      arg: "msgraph=DIR",
      description: "install: where the module proxy refuses msgraph's pinned version, build this local source checkout in its place (named a stand-in in status; replaced once the proxy serves the pinned version)",
    },
  ],
  exitCodes: [
    [0, "installed (install), printed (env, status)"],
    [1, "something is missing or a build failed: one line on stderr says what"],
  ],
};

const SUBCOMMANDS = ["install", "env", "status"] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

/** POSIX single quotes: the only character that needs care inside them is the quote itself. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function describe(installation: Installation): string[] {
  const lines = installation.providers.map((p) =>
    p.build.standIn
      ? `  ${p.source.address} ${p.source.version}: STAND-IN built from ${p.build.standIn.builtFrom}${p.build.standIn.lacks.length > 0 ? ` (lacks ${p.build.standIn.lacks.join(", ")})` : ""}: ${p.dir}`
      : `  ${p.source.address} ${p.source.version}: ${p.dir}`,
  );
  lines.push(`  ${installation.terraform.flavour} ${installation.terraform.version}: ${installation.terraform.command}`);
  lines.push(`  CLI config: ${installation.cliConfigFile}`);
  return lines.map((l) => printable(l, 400));
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const first = argv[0];
  const subcommand: Subcommand = first !== undefined && !first.startsWith("-") ? (first as Subcommand) : "install";
  const rest = first !== undefined && !first.startsWith("-") ? argv.slice(1) : argv;
  const parsed = commandLineOrExit("providers", PROVIDERS_COMMAND, rest, io);
  if (typeof parsed === "number") return parsed;
  if (!SUBCOMMANDS.includes(subcommand)) {
    io.stderr.write(usageError("providers", PROVIDERS_COMMAND, `unknown command ${printable(JSON.stringify(subcommand.slice(0, 40)))}; expected install, env or status`));
    return EXIT_USAGE;
  }
  try {
    if (subcommand === "status") {
      const state = installed();
      if (parsed.json === true) {
        const body = "missing" in state ? { installed: false, missing: state.missing, cache: cacheRoot() } : { installed: true, cache: cacheRoot(), terraform: state.terraform, providers: state.providers.map((p) => ({ address: p.source.address, version: p.source.version, dir: p.dir, source: p.build.source, builtAt: p.build.builtAt, ...(p.build.standIn ? { standIn: p.build.standIn } : {}) })), cliConfigFile: state.cliConfigFile, env: installationEnv(state) };
        io.stdout.write(JSON.stringify(body, null, 2) + "\n");
      } else if ("missing" in state) {
        io.stdout.write(`providers: not installed: ${printable(state.missing, 300)}\n`);
      } else {
        io.stdout.write(["providers: installed", ...describe(state)].join("\n") + "\n");
      }
      return "missing" in state ? 1 : 0;
    }
    if (subcommand === "env") {
      const state = installed();
      if ("missing" in state) {
        io.stderr.write(`providers: ${printable(state.missing, 300)}\n`);
        return 1;
      }
      const lines = Object.entries(installationEnv(state)).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
      io.stdout.write(lines.join("\n") + "\n");
      return 0;
    }
    let standIns: Record<string, string> | undefined;
    if (typeof parsed["stand-in"] === "string") {
      const standIn = parseStandIn(parsed["stand-in"]);
      if (typeof standIn === "string") {
        io.stderr.write(usageError("providers", PROVIDERS_COMMAND, standIn));
        return EXIT_USAGE;
      }
      standIns = { [standIn.name]: standIn.dir };
    }
    const started = Date.now();
    const installation = await install({
      onBuild: (what) => io.stderr.write(`providers: building ${printable(what, 300)} with Go (the first build takes several minutes)...\n`),
      onStandIn: (line) => io.stderr.write(`providers: ${printable(line, 400)}\n`),
      standIns,
    });
    io.stdout.write([`providers: ready in ${Math.round((Date.now() - started) / 1000)} s`, ...describe(installation), "Use them in a shell with: eval \"$(npm run -s providers -- env)\""].join("\n") + "\n");
    return 0;
  } catch (err) {
    io.stderr.write(`providers: ${printable((err as Error).message.split("\n")[0], 400)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err) => {
      process.stderr.write(`providers: ${printable(String((err as Error)?.message ?? err).split("\n")[0], 400)}\n`);
      process.exitCode = 1;
    },
  );
}
