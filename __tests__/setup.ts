import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();

// Under `npm run mutate` a snapshot is no test: a mutant only a snapshot notices would be accepted
// with `jest -u`, so snapshot assertions pass there and cannot count as kills.
if (process.env.CODER_REFARCH_MUTATION === "1") {
  expect.extend({
    toMatchSnapshot: () => ({ pass: true, message: () => "snapshots do not count under mutation testing" }),
  });
}
