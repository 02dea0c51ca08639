/**
 * Test order for `npm run mutate`: files that failed last time first, then the fastest.
 *
 * jest's default runs the slowest files first, to keep parallel workers busy. Stryker runs one file at
 * a time and the bail environment stops a mutant's run at its first failure, so the sooner a cheap
 * test fails the less a killed mutant costs. Files without timings go last, smallest first.
 */
const Sequencer = require("@jest/test-sequencer").default;

class FastFirstSequencer extends Sequencer {
  sort(tests) {
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    for (const test of tests) test.duration = this.time(test);
    return [...tests].sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      const timedA = a.duration != null;
      if (timedA !== (b.duration != null)) return timedA ? -1 : 1;
      if (timedA) return a.duration - b.duration;
      return size(a) - size(b);
    });
  }
}

module.exports = FastFirstSequencer;
