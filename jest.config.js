/** Tests run from TypeScript through swc: type-checking is `npm run typecheck`'s job, not jest's. */
const { join } = require("node:path");

const mutation = process.env.CODER_REFARCH_MUTATION === "1";
// Absolute: Stryker's jest runner wraps the environment and does not expand <rootDir>.
const mutationSupport = (name) => join(__dirname, "scripts", "mutation", name);

module.exports = {
  testEnvironment: mutation ? mutationSupport("bail-environment.js") : "node",
  // Under mutation Stryker asks jest for the tests related to the mutated file, which jest finds only
  // through files it has indexed: the sources must be inside the roots for that walk to reach a test.
  roots: mutation ? ["<rootDir>"] : ["<rootDir>/__tests__"],
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/cdktf.out/", "<rootDir>/.stryker-tmp/", "<rootDir>/reports/"],
  // Under `npm run mutate` two files prove nothing and cost seconds for every mutant they cover: the
  // HCL round trip (its JSON and its HCL come from the same mutated code, so it checks only the
  // converter) and the README snippet's type check (a mutant that type-checks passes it by definition;
  // Stryker's TypeScript checker has already set aside those that do not).
  testPathIgnorePatterns: mutation ? ["/node_modules/", "/__tests__/hcl-output\\.test\\.ts$", "/__tests__/readme-library\\.test\\.ts$"] : ["/node_modules/"],
  ...(mutation ? { testSequencer: mutationSupport("fast-first-sequencer.js") } : {}),
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // A folder per run for temporary files and the shared syntheses, removed at the end (not under
  // mutation, where Stryker runs jest in its sandbox and each test must synthesize on its own).
  ...(mutation ? {} : { globalSetup: "<rootDir>/__tests__/global-setup.js", globalTeardown: "<rootDir>/__tests__/global-teardown.js" }),
  // Every core: the suites are independent, and the machines have two.
  maxWorkers: "100%",
  reporters: ["default", "<rootDir>/scripts/plain-summary-reporter.js"],
};
