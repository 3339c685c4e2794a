#!/usr/bin/env node
// Package bin: runs cli/verify.ts through tsx, so no build step is needed.
require("tsx/cjs");
const { main } = require("../verify.ts");
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
