/** Synthesizes the example tenant (the four seeded apps) into a temp dir, as `npm run synth` does. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "../../constructs";
import { ExampleTenantStack } from "../../stacks/example-tenant";

export function synthExample(): string {
  const outdir = mkdtempSync(join(tmpdir(), "example-out-"));
  const app = new App({ outdir });
  new ExampleTenantStack(app);
  app.synth();
  return outdir;
}
