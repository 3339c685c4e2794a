#!/usr/bin/env node
// Package bin: runs cli/verify.ts through tsx, so no build step is needed.
require("tsx/cjs");
require("../verify.ts").runAsProcess(process.argv.slice(2));
