import { Testing } from "cdktf";

// Registers cdktf's jest matchers (toHaveResourceWithProperties, toHaveDataSource, ...).
Testing.setupJest();
