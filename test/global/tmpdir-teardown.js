// Removes the scratch directory tmpdir-setup.js made for this run.
const { rmSync } = require("node:fs");

module.exports = async () => {
  const root = process.env.ENTRA_PROVISIONING_TEST_TMP;
  if (root) rmSync(root, { recursive: true, force: true });
};
