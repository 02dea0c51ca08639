/**
 * Whether the compiled app is older than what it is built from: main.ts, lib/, stacks/ and the
 * TypeScript settings. Returns the reason in words, or undefined when the build is current.
 */
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join, relative } = require("node:path");

const SOURCES = ["main.ts", "lib", "stacks", "tsconfig.json", "tsconfig.build.json"];

function newestSource(root) {
  let newest = { path: undefined, mtimeMs: 0 };
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stat.mtimeMs > newest.mtimeMs) {
      newest = { path, mtimeMs: stat.mtimeMs };
    }
  };
  for (const source of SOURCES) visit(join(root, source));
  return newest;
}

function staleBuildReason(root, builtApp) {
  if (!existsSync(builtApp)) return `${relative(root, builtApp)} does not exist`;
  const built = statSync(builtApp).mtimeMs;
  const newest = newestSource(root);
  if (newest.mtimeMs > built) return `${relative(root, newest.path)} changed after the last build`;
  return undefined;
}

module.exports = { staleBuildReason, SOURCES };
