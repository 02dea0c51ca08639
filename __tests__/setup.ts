import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();

// Under `npm run mutate` a snapshot is no test: a mutant only a snapshot notices would be accepted
// with `jest -u`, so snapshot assertions pass there and cannot count as kills.
if (process.env.CODER_REFARCH_MUTATION === "1") {
  expect.extend({
    toMatchSnapshot: () => ({ pass: true, message: () => "snapshots do not count under mutation testing" }),
  });
}

// cdktf 0.21 records an unbounded stack trace for every token it creates (`captureStackTrace` in
// tokens/private/stack-trace.js, called with a fresh `{ stack: "" }`), and under jest every frame of
// it goes through source-map-support: two thirds of a deployment's synthesis in a test. The app skips
// them too (main.ts, lib/terraform/token-stack-traces.ts); the traces only decorate token errors and
// never reach the output. Only that exact call is skipped: errors, and jest's own traces, keep theirs.
const captureStackTrace = Error.captureStackTrace;
Error.captureStackTrace = function (target: object, below?: Parameters<typeof Error.captureStackTrace>[1]) {
  const isTokenTrace = Object.getPrototypeOf(target) === Object.prototype && Object.keys(target).length === 1 && (target as { stack?: unknown }).stack === "";
  if (!isTokenTrace) captureStackTrace.call(Error, target, below);
};
