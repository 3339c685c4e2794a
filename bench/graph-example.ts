/**
 * The Graph-cost bench's third program: the example tenant (stacks/example-tenant.ts, the four
 * gallery apps the sandbox's main job deploys) as `npm run synth` writes it, to `<outdir>`. Its
 * apps share principals (pilot.user@contoso.com is assigned to two apps and provisioned on demand
 * by one), which the bench's own workload does not.
 * Usage: tsx bench/graph-example.ts <N, ignored: always 4 apps> <outdir>
 */
import { App } from "../constructs";
import { ExampleTenantStack } from "../stacks/example-tenant";

export const EXAMPLE_STACK = "example-tenant";
export const EXAMPLE_APPS = 4;

export function graphExample(outdir: string): void {
  const app = new App({ outdir });
  new ExampleTenantStack(app, EXAMPLE_STACK);
  app.synth();
}

if (require.main === module) graphExample(process.argv[3]);
