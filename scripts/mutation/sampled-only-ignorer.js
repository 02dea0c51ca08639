/**
 * Stryker ignorer plugin for `npm run mutate:sample`: only the sampled mutants are tested.
 *
 * A `mutate` range per sampled mutant keeps out every node larger than the range, but a sampled
 * block or function would still bring every mutant nested inside it (a sample of 200 became 649
 * mutants). This ignorer leaves a node alone when it is a sampled mutant's node or contains one, and
 * ignores it otherwise; an ignored node's descendants are ignored with it. A node can carry several
 * mutators, so a few unsampled mutants on a sampled node are still tested; sample.js counts only the
 * sampled ones. The sample file is named by CODER_REFARCH_MUTATION_SAMPLE (sample.js writes it).
 */
const { readFileSync } = require("node:fs");

const REASON = "not in the sample (npm run mutate:sample)";
let sampled;

/** Sampled locations per file; lines 0-based as Stryker's mutants have them. */
function locations() {
  if (!sampled) {
    const file = process.env.CODER_REFARCH_MUTATION_SAMPLE;
    if (!file) throw new Error("sampled-only ignorer: CODER_REFARCH_MUTATION_SAMPLE names no sample file");
    sampled = new Map();
    for (const m of JSON.parse(readFileSync(file, "utf8"))) {
      if (!sampled.has(m.fileName)) sampled.set(m.fileName, []);
      sampled.get(m.fileName).push(m.location);
    }
  }
  return sampled;
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column <= b.column);

function shouldIgnore(fileName, loc) {
  if (!loc) return undefined;
  // Babel counts lines from 1, Stryker's mutants from 0.
  const start = { line: loc.start.line - 1, column: loc.start.column };
  const end = { line: loc.end.line - 1, column: loc.end.column };
  const normalized = fileName.split("\\").join("/");
  for (const [file, spots] of locations()) {
    if (!normalized.endsWith(`/${file}`) && normalized !== file) continue;
    const keep = spots.some((spot) => before(start, spot.start) && before(spot.end, end));
    return keep ? undefined : REASON;
  }
  return REASON;
}

// What @stryker-mutator/api's declareValuePlugin(PluginKind.Ignore, ...) returns; that package is
// ESM-only, and this file stays CommonJS so the tests can load it.
exports.strykerPlugins = [
  {
    kind: "Ignore",
    name: "sampled-only",
    value: { shouldIgnore: (path) => shouldIgnore(path.hub?.file?.opts?.filename ?? "", path.node.loc) },
  },
];
exports.shouldIgnore = shouldIgnore;
