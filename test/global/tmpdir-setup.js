// Every test run gets one scratch directory: tests (and the terraform, tsx and servers they start)
// create their temp dirs with os.tmpdir(), which reads TMPDIR, so pointing TMPDIR here before the
// workers start keeps the machine's /tmp clean; tmpdir-teardown.js removes it after the run.
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async () => {
  const root = mkdtempSync(join(tmpdir(), "entra-provisioning-tests-"));
  process.env.ENTRA_PROVISIONING_TEST_TMP = root;
  process.env.TMPDIR = root;
};
