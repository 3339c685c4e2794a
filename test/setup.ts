import { Testing } from "cdktf";
// Brings the type declarations of cdktf's jest matchers into every test file.
import "cdktf/lib/testing/adapters/jest";

// Registers cdktf's jest matchers (toHaveResourceWithProperties, toHaveDataSource, ...).
Testing.setupJest();

// A shell that ran `eval "$(npm run -s providers -- env)"` with a stand-in msgraph carries this
// variable, which changes what synth writes; tests synthesize as a plain machine does, and the
// tests that deploy give it to their child processes themselves.
delete process.env.ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT;
