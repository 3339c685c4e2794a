#!/usr/bin/env node
// Package bin: runs cli/verify.ts through tsx, so no build step is needed.
require("tsx/cjs");
const { main, unexpected } = require("../verify.ts");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // main reports its own errors; this is the last line of defence against a stack trace.
    process.stderr.write(unexpected(err));
    process.exitCode = 2;
  },
);
