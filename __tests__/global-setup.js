/**
 * Once per test run, before any suite:
 * - dist/ is built if it is not current (scripts/build.js), because the suites that run the npm
 *   scripts, the deploy wrapper or the packed library need it; one build here, not one per suite
 *   racing the others to write the same files;
 * - a folder for everything the run writes (TMPDIR points into it, so every mkdtemp of the tests
 *   lands there) and the cache of synthesized deployments the suites share
 *   (__tests__/support/synth.ts). global-teardown.js removes it all.
 */
const { mkdirSync, mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { buildIfStale } = require("../scripts/build");

module.exports = async function globalSetup() {
  if (buildIfStale((reason) => process.stdout.write(`\ncoder-refarch: ${reason}; building dist/ for the tests\n`)) !== 0) {
    throw new Error("the build failed (npm run build shows why); the tests of the scripts and the packed library need it");
  }
  const root = mkdtempSync(join(tmpdir(), "coder-refarch-test-run-"));
  mkdirSync(join(root, "tmp"));
  mkdirSync(join(root, "synth"));
  process.env.CODER_REFARCH_TEST_RUN = root;
  process.env.TMPDIR = join(root, "tmp");
  process.env.CODER_REFARCH_SYNTH_CACHE = join(root, "synth");
};
