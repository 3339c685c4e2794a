/**
 * The cdktf app: `npm run synth` (cdktf synth) runs this file with tsx.
 * A guardrail failure prints its one-line messages and exits 1, without a stack trace.
 */
import { App, ValidationError } from "./constructs";
import { ExampleTenantStack } from "./stacks/example-tenant";

try {
  const app = new App();
  new ExampleTenantStack(app);
  app.synth();
} catch (err) {
  if (err instanceof ValidationError) {
    process.stderr.write(err.message + "\n");
    process.exit(1);
  }
  throw err;
}
