/**
 * The cdktf app. `npm run synth` runs it with tsx (as `cdktf synth` and `cdktf deploy` do, through
 * cdktf.json) and it writes cdktf.out/stacks/<stack>/{cdk.tf.json,provisioning.json}.
 */
import { runSynth } from "./constructs";
import { ExampleTenantStack } from "./stacks/example-tenant";

runSynth((app) => {
  new ExampleTenantStack(app);
});
