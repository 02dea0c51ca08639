/**
 * Jest environment for `npm run mutate`: once a test fails under a mutant, every later test of that
 * mutant's run is skipped, in this file and in the next ones.
 *
 * One failure is enough for Stryker to count the mutant killed, and jest's own `bail` is ignored when
 * it runs programmatically (https://github.com/jestjs/jest/issues/11766), so without this every killed
 * mutant would pay for the whole set of tests that cover it. jest-circus dispatches `test_start`
 * before it reads `test.mode`, which is what makes the skip possible. The dry run (no active mutant)
 * never skips: Stryker needs every test there to learn which tests cover which mutant.
 */
const { TestEnvironment } = require("jest-environment-node");

/** Stryker names the active mutant in this variable (jest-runner's mutantRun). */
const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";
// The environment class lives in the runner's process, outside the test's sandbox, so this survives
// from one test file to the next within a mutant's run.
const killed = Symbol.for("coder-refarch.mutation.killed-mutant");

class BailOnFirstFailureEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const mutant = process.env[ACTIVE_MUTANT];
    if (mutant === undefined) return;
    const failed =
      event.name === "hook_failure" || (event.name === "test_done" && event.test.errors.length > 0);
    if (failed) globalThis[killed] = mutant;
    if (event.name === "test_start" && globalThis[killed] === mutant) event.test.mode = "skip";
  }
}

module.exports = BailOnFirstFailureEnvironment;
