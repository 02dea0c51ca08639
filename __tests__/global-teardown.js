/** Removes what the test run wrote (global-setup.js); KEEP_TEST_RUN=1 keeps it to look at. */
const { rmSync } = require("node:fs");

module.exports = async function globalTeardown() {
  const root = process.env.CODER_REFARCH_TEST_RUN;
  if (root && !process.env.KEEP_TEST_RUN) rmSync(root, { recursive: true, force: true });
};
