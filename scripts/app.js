#!/usr/bin/env node
/**
 * The command cdktf.json runs (`npx cdktf synth|diff|deploy` included): the compiled app, built
 * first when dist/ is missing or was built from other sources, so cdktf never synthesizes a stale
 * build. The check reads the sources' digests (milliseconds); the build runs only when needed.
 */
const { join, resolve } = require("node:path");
const { buildIfStale } = require("./build");

const ROOT = resolve(__dirname, "..");

// A notice, on stdout: cdktf labels everything the app writes to stderr "[ERROR]".
const status = buildIfStale((reason) => process.stdout.write(`coder-refarch: ${reason}; building (npm run build) first\n`));
if (status !== 0) {
  process.stderr.write("coder-refarch: the build failed; fix the errors above, then run npm run build\n");
  process.exit(1);
}
process.exitCode = require(join(ROOT, "dist", "main.js")).main(process.argv.slice(2), process.env);
