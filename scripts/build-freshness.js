/**
 * Whether the compiled app (dist/) was built from the sources as they are now: index.ts, main.ts,
 * lib/, stacks/ and the TypeScript settings. Judged by content, not file times: an incremental
 * `tsc` rewrites only what changed, so after a touch or a branch switch that changes nothing
 * dist/main.js stays older than the sources for good, and a time-based check would rebuild every
 * run. The build records a digest of every source (recordBuild); a source whose digest differs, or
 * one added or removed since, makes the build stale.
 */
const { createHash } = require("node:crypto");
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require("node:fs");
const { join, relative } = require("node:path");

const SOURCES = ["index.ts", "main.ts", "lib", "stacks", "tsconfig.json", "tsconfig.build.json"];

/** Where the build keeps the digests of what it was built from, relative to the project root. */
const BUILD_RECORD = join("dist", "build-sources.json");

/** Each source file's SHA-256, by path relative to the root (sorted, so the record is stable). */
function sourceDigests(root) {
  const digests = {};
  const visit = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else {
      digests[relative(root, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  for (const source of SOURCES) visit(join(root, source));
  return digests;
}

/** Why the build in `root` is not current, in words; undefined when it is. */
function staleBuildReason(root, builtApp) {
  if (!existsSync(builtApp)) return `${relative(root, builtApp)} does not exist`;
  const recordPath = join(root, BUILD_RECORD);
  if (!existsSync(recordPath)) return `${BUILD_RECORD} (what the last build was made from) does not exist`;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(recordPath, "utf8"));
  } catch {
    return `${BUILD_RECORD} cannot be read`;
  }
  const current = sourceDigests(root);
  for (const [path, digest] of Object.entries(current)) {
    if (!(path in recorded)) return `${path} was added after the last build`;
    if (recorded[path] !== digest) return `${path} changed after the last build`;
  }
  const removed = Object.keys(recorded).find((path) => !(path in current));
  return removed ? `${removed} was removed after the last build` : undefined;
}

/** Records what a successful build was made from; call it after tsc succeeded. */
function recordBuild(root) {
  writeFileSync(join(root, BUILD_RECORD), `${JSON.stringify(sourceDigests(root), null, 2)}\n`);
}

module.exports = { staleBuildReason, recordBuild, sourceDigests, SOURCES, BUILD_RECORD };
