#!/usr/bin/env node
/**
 * The command cdktf.json runs (`npx cdktf synth|diff|deploy` included): the compiled app, built
 * first when dist/ is missing or older than the sources, so cdktf never synthesizes a stale build.
 * The freshness check reads file times only (a few milliseconds); the build runs only when needed.
 */
const { spawnSync } = require("node:child_process");
const { join, resolve } = require("node:path");
const { staleBuildReason } = require("./build-freshness");

const ROOT = resolve(__dirname, "..");
const BUILT_APP = join(ROOT, "dist", "main.js");

const reason = staleBuildReason(ROOT, BUILT_APP);
if (reason) {
  process.stderr.write(`coder-refarch: ${reason}; building (npm run build) first\n`);
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  if (tsc.status !== 0) {
    process.stderr.write("coder-refarch: the build failed; fix the errors above, then run npm run build\n");
    process.exit(1);
  }
}
process.exitCode = require(BUILT_APP).main(process.argv.slice(2), process.env);
