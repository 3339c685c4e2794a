/**
 * Tests that deploy with the real providers: they need terraform, azuread and msgraph built by
 * `npm run providers` (a msgraph stand-in counts, and is named in a NOTE line), and the terraform
 * CLI config that points terraform at them. Elsewhere the file is one skipped test whose name
 * says what is missing, as describeWithRealProviders (test/support/real-providers.ts) does.
 */
import { installationEnv, installed, installedParts } from "../../../cli/providers/install";

const parts = installedParts();
const found = installed();

/** Why nothing can be deployed here, or undefined when everything is installed. */
export const notDeployable: string | undefined = parts.missing.length > 0 ? parts.missing.join("; ") : "missing" in found ? found.missing : undefined;

/** TF_CLI_CONFIG_FILE (and the stand-in's switches) for terraform and cdktf; empty when not deployable. */
export const providersEnv: Record<string, string> = notDeployable === undefined && !("missing" in found) ? installationEnv(found) : {};

/** `describe` that runs where the providers are installed, and otherwise one skipped test naming the reason. */
export function describeWithDeployableProviders(name: string, fn: () => void): void {
  if (notDeployable === undefined) {
    const standIn = parts.providers.find((p) => p.source.name === "msgraph")?.build.standIn;
    if (standIn) process.stderr.write(`NOTE: "${name}" deploys with a msgraph stand-in built from ${standIn.builtFrom}${standIn.lacks.length ? `, without ${standIn.lacks.join(", ")}` : ""}\n`);
    describe(name, fn);
    return;
  }
  // Written when declared: jest runs no hooks in a block whose tests are all skipped.
  process.stderr.write(`SKIPPED: "${name}" needs the real providers: ${notDeployable}\n`);
  describe(name, () => {
    test.skip(`SKIPPED (real providers not installed: ${notDeployable}): ${name}`, () => undefined);
  });
}
