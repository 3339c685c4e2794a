import { Testing } from "cdktf";
// Brings the type declarations of cdktf's jest matchers into every test file.
import "cdktf/lib/testing/adapters/jest";

// Registers cdktf's jest matchers (toHaveResourceWithProperties, toHaveDataSource, ...).
Testing.setupJest();
