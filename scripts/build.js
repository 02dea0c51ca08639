#!/usr/bin/env node
/**
 * `npm run build`: compiles the app and library into dist/ with tsc (incremental), or does nothing
 * when dist/ was built from exactly the sources there are now (scripts/build-freshness.js), which
 * spares every npm script a compiler start. `--quiet` prints nothing when nothing was built.
 */
const { spawnSync } = require("node:child_process");
const { dirname, join, resolve } = require("node:path");
const { recordBuild, staleBuildReason } = require("./build-freshness");

const ROOT = resolve(__dirname, "..");

/**
 * The compiler: TypeScript 7 (the native port, installed as `typescript-native`), about four times
 * faster than TypeScript 5 on this project and emitting the same JavaScript. TypeScript 5 stays for
 * the tools that need its JavaScript API (typescript-eslint, Stryker's checker), which 7.0 lacks.
 * Its bin is not in the package's exports, so it is found from the package folder.
 */
const TSC = join(dirname(require.resolve("typescript-native/package.json")), "bin", "tsc");

/** Builds when needed; returns tsc's exit status (0 when nothing was needed). `notice` receives the reason for a build. */
function buildIfStale(notice) {
  const reason = staleBuildReason(ROOT, join(ROOT, "dist", "main.js"));
  if (!reason) return 0;
  notice(reason);
  const tsc = spawnSync(process.execPath, [TSC, "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  if (tsc.status !== 0) return tsc.status ?? 1;
  recordBuild(ROOT);
  return 0;
}

module.exports = { buildIfStale, TSC };

if (require.main === module) {
  process.exitCode = buildIfStale((reason) => process.stdout.write(`coder-refarch: ${reason}; building\n`));
}
