/**
 * Runs a cdktf app the way `npm run synth` and `cdktf synth` do, turning guardrail failures into
 * their one-line messages on stderr and exit code 1, without a stack trace.
 */
import { App } from "cdktf";
import { ValidationError } from "./errors";

export function runSynth(declare: (app: App) => void): void {
  try {
    const app = new App();
    declare(app);
    app.synth();
  } catch (err) {
    if (err instanceof ValidationError) {
      process.stderr.write(err.message + "\n");
      process.exit(1);
    }
    throw err;
  }
}
