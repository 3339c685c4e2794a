/**
 * The project's `App`: cdktf's App that turns a user error into its one house-format line.
 *
 * Guardrails throw a ValidationError from a construct's constructor, which runs in the user's own
 * program (`new ScimProvisionedApp(...)` at the top level of main.ts), outside anything this
 * library could wrap. So the first App of a process registers an `uncaughtException` (and
 * `unhandledRejection`) handler:
 * a ValidationError prints its lines (`<stack>/<app>: <field>: what is wrong; what is expected`)
 * and exits 1, without a stack trace; a duplicate construct id from the constructs library is
 * reworded into one line the same way; anything else is printed as Node prints it (with its
 * stack: that is a bug to report) and also exits 1. Jest workers are left alone: jest reports
 * errors itself.
 */
import { App as CdktfApp, type AppConfig } from "cdktf";
import { ValidationError } from "./errors";

let installed = false;

/** One line for a user error, or undefined when the error is not one. */
export function oneLineError(err: unknown): string | undefined {
  if (err instanceof ValidationError) return err.message;
  // constructs 10: `There is already a Construct with name 'x' in EntraTenantStack [prod]`.
  const duplicate = err instanceof Error ? /^There is already a Construct with name '(.*)' in \S+ \[(.*)\]$/.exec(err.message) : null;
  if (duplicate) {
    const [, name, scope] = duplicate;
    return `${scope}/${name}: id: "${name}" is already used by another construct in ${scope}; expected a unique id`;
  }
  return undefined;
}

function installOneLineErrors(): void {
  if (installed || process.env.JEST_WORKER_ID !== undefined) return;
  installed = true;
  const report = (err: unknown) => {
    const line = oneLineError(err);
    process.stderr.write(`${line ?? (err instanceof Error ? (err.stack ?? String(err)) : String(err))}\n`);
    process.exit(1);
  };
  process.on("uncaughtException", report);
  // An app written as `async function main() { ... }` fails by rejection instead.
  process.on("unhandledRejection", report);
}

export class App extends CdktfApp {
  constructor(config?: AppConfig) {
    super(config);
    installOneLineErrors();
  }
}
