/**
 * Jest reporter that ends a run with one plain line, "N passed, N failed, N skipped", which CI
 * systems that do not parse jest's own summary can read.
 */
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`;
    // At exit, so it is the last line, after jest's own summary.
    process.once("exit", () => process.stdout.write(line));
  }
}

module.exports = PlainSummaryReporter;
