/**
 * `npm run mutate:sample [-- --size N --seed S]`: the mutation score of lib/ and stacks/, estimated
 * from a uniform random sample of their mutants.
 *
 * The whole run (`npm run mutate`) tests about 6,700 mutants, most of them static to Stryker (so each
 * runs every related test file): a day on a two-core machine. A seeded uniform sample of 200 gives the
 * score within about 5 points (95%) in about two hours, and another seed gives an independent check.
 * Stryker has no sampling option, so this script lists every mutant with Stryker's own instrumenter,
 * picks the sample, and runs Stryker with a `mutate` range per sampled mutant; the sampled-only
 * ignorer keeps out the mutants nested inside those ranges. Mutants that share a sampled node (a
 * condition's `true`, `false` and `!==`) are tested too but only the sampled ones are scored.
 *
 * `--retest S` tests again the mutants sample S left undetected, after tests were added.
 *
 * Score as Stryker defines it: (killed + timeout) / (killed + timeout + survived + no coverage);
 * mutants that do not compile are not counted. The margin is a 95% Wilson score interval.
 */
const { spawnSync } = require("node:child_process");
const { mkdirSync, readFileSync, readdirSync, writeFileSync } = require("node:fs");
const { join, relative, sep } = require("node:path");

const ROOT = join(__dirname, "..", "..");
const REPORT_DIR = join(ROOT, "reports", "mutation");
const DEFAULT_SIZE = 200;
const DEFAULT_SEED = 1;
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

function parseArgs(argv) {
  const options = { size: DEFAULT_SIZE, seed: DEFAULT_SEED, retest: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], Number(argv[i + 1])];
    if (!["--size", "--seed", "--retest"].includes(flag) || !Number.isInteger(value) || value < 1) {
      throw new Error(`usage: npm run mutate:sample -- [--size N] [--seed S] | --retest S (positive integers); got ${argv.join(" ")}`);
    }
    options[flag.slice(2)] = value;
  }
  return options;
}

/** `lib/**\/*.ts`-style patterns as Stryker's `mutate` uses them: `**` any folders, `*` within a name. */
function globToRegExp(glob) {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  const body = escaped.split("**/").map((part) => part.replace(/\*/g, "[^/]*")).join("(?:.*/)?");
  return new RegExp(`^${body}$`);
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function filesToMutate(patterns) {
  const include = patterns.filter((p) => !p.startsWith("!")).map(globToRegExp);
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => globToRegExp(p.slice(1)));
  const roots = [...new Set(patterns.map((p) => p.replace(/^!/, "").split("/")[0]))];
  return roots
    .flatMap((root) => listFiles(join(ROOT, root)))
    .map((file) => relative(ROOT, file).split(sep).join("/"))
    .filter((file) => include.some((re) => re.test(file)) && !exclude.some((re) => re.test(file)))
    .sort();
}

/** mulberry32: a small seeded generator, so a seed always names the same sample. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(items, size, seed) {
  const next = random(seed);
  const pool = [...items];
  const count = Math.min(size, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

const mutantKey = (m) =>
  `${m.fileName}:${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column}:${m.mutatorName}:${m.replacement}`;

/** Stryker's `mutate` range: lines are 1-based there and 0-based in its mutants; columns 0-based in both. */
const mutateRange = (m) =>
  `${m.fileName}:${m.location.start.line + 1}:${m.location.start.column}-${m.location.end.line + 1}:${m.location.end.column}`;

function wilson(detected, total) {
  if (total === 0) return [0, 0];
  const z = 1.96;
  const p = detected / total;
  const centre = p + (z * z) / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total));
  const denominator = 1 + (z * z) / total;
  return [(centre - margin) / denominator, (centre + margin) / denominator];
}

async function listMutants(files) {
  const { Instrumenter } = await import("@stryker-mutator/instrumenter");
  const quiet = () => false;
  const logger = { isTraceEnabled: quiet, isDebugEnabled: quiet, isInfoEnabled: quiet, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, fatal: console.error };
  const input = files.map((name) => ({ name, content: readFileSync(join(ROOT, name), "utf8"), mutate: true }));
  const { mutants } = await new Instrumenter(logger).instrument(input, { plugins: null, excludedMutations: [], ignorers: [] });
  return mutants.map(({ fileName, location, mutatorName, replacement }) => ({ fileName: relative(ROOT, join(ROOT, fileName)).split(sep).join("/"), location, mutatorName, replacement }));
}

/** Each sampled mutant with the status the report gives it ("NotRun" when the report lacks it). */
function statusesOf(sampled, report) {
  const byKey = new Map();
  for (const [fileName, file] of Object.entries(report.files)) {
    for (const m of file.mutants) {
      // The report's positions are 1-based in lines and columns (mutation-testing-report-schema).
      const { start, end } = m.location;
      const location = { start: { line: start.line - 1, column: start.column - 1 }, end: { line: end.line - 1, column: end.column - 1 } };
      byKey.set(mutantKey({ ...m, location, fileName: relative(ROOT, join(ROOT, fileName)).split(sep).join("/") }), m.status);
    }
  }
  return sampled.map((m) => ({ ...m, status: byKey.get(mutantKey(m)) ?? "NotRun" }));
}

function tally(withStatus) {
  const counts = {};
  for (const { status } of withStatus) counts[status] = (counts[status] ?? 0) + 1;
  const detected = [...DETECTED].reduce((n, s) => n + (counts[s] ?? 0), 0);
  const valid = detected + [...UNDETECTED].reduce((n, s) => n + (counts[s] ?? 0), 0);
  return { counts, detected, valid, undetected: withStatus.filter((m) => UNDETECTED.has(m.status)) };
}

const score = (sampled, report) => tally(statusesOf(sampled, report));

/** Runs Stryker on exactly these mutants; returns its JSON report and the minutes it took. */
function runStryker(name, base, mutants) {
  mkdirSync(REPORT_DIR, { recursive: true });
  const reportFile = `reports/mutation/${name}.json`;
  const configFile = join(REPORT_DIR, `${name}.config.json`);
  const sampleFile = join(REPORT_DIR, `${name}.mutants.json`);
  writeFileSync(sampleFile, `${JSON.stringify(mutants, null, 2)}\n`);
  const config = {
    ...Object.fromEntries(Object.entries(base).filter(([key]) => key !== "$schema" && key !== "_comment")),
    mutate: mutants.map(mutateRange),
    plugins: ["@stryker-mutator/*", join(__dirname, "sampled-only-ignorer.js")],
    ignorers: ["sampled-only"],
    incremental: false,
    reporters: ["progress", "json"],
    jsonReporter: { fileName: reportFile },
  };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const started = Date.now();
  const env = { ...process.env, CODER_REFARCH_MUTATION: "1", CODER_REFARCH_MUTATION_SAMPLE: sampleFile };
  const run = spawnSync("npx", ["stryker", "run", relative(ROOT, configFile)], { cwd: ROOT, stdio: "inherit", env });
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  if (run.status !== 0) throw new Error(`stryker exited with ${run.status} after ${minutes} min`);
  return { report: JSON.parse(readFileSync(join(ROOT, reportFile), "utf8")), minutes };
}

function summary(title, { counts, detected, valid, undetected }) {
  const [low, high] = wilson(detected, valid);
  const pct = (x) => (100 * x).toFixed(1);
  return [
    title,
    `  ${Object.entries(counts).sort().map(([s, n]) => `${s} ${n}`).join(", ")}`,
    `  score ${pct(valid ? detected / valid : 0)}% (${detected}/${valid}), 95% interval ${pct(low)}-${pct(high)}%`,
    ...undetected.map((m) => `  ${m.status}: ${mutateRange(m)} ${m.mutatorName} -> ${m.replacement.replace(/\s+/g, " ").slice(0, 80)}`),
  ];
}

async function main() {
  const { size, seed, retest } = parseArgs(process.argv.slice(2));
  const base = JSON.parse(readFileSync(join(ROOT, "stryker.config.json"), "utf8"));
  if (retest !== undefined) {
    // The undetected mutants of an earlier sample, tested again after new tests: the sample's score
    // as it stands now. Tests written against that sample's survivors bias this upward; an
    // independent figure needs a new seed.
    const sampled = JSON.parse(readFileSync(join(REPORT_DIR, `sample-${retest}.mutants.json`), "utf8"));
    const before = statusesOf(sampled, JSON.parse(readFileSync(join(REPORT_DIR, `sample-${retest}.json`), "utf8")));
    const undetected = before.filter((m) => UNDETECTED.has(m.status)).map((m) => ({ fileName: m.fileName, location: m.location, mutatorName: m.mutatorName, replacement: m.replacement }));
    console.log(`mutate:sample --retest ${retest}: ${undetected.length} undetected of ${sampled.length}`);
    const { report, minutes } = runStryker(`sample-${retest}-retest`, base, undetected);
    // A mutant the retest did not find (its file changed since) keeps its earlier status.
    const now = new Map(statusesOf(undetected, report).filter((m) => m.status !== "NotRun").map((m) => [mutantKey(m), m.status]));
    const after = before.map((m) => ({ ...m, status: now.get(mutantKey(m)) ?? m.status }));
    const lines = [
      ...summary(`sample ${retest} before: ${sampled.length} mutants`, { ...tally(before), undetected: [] }),
      ...summary(`sample ${retest} after retesting its ${undetected.length} undetected mutants (${minutes} min)`, tally(after)),
    ];
    writeFileSync(join(REPORT_DIR, `sample-${retest}-retest.txt`), `${lines.join("\n")}\n`);
    console.log(lines.join("\n"));
    return;
  }
  const all = await listMutants(filesToMutate(base.mutate));
  const sampled = sample(all, size, seed);
  console.log(`mutate:sample: ${sampled.length} of ${all.length} mutants (seed ${seed})`);
  const { report, minutes } = runStryker(`sample-${seed}`, base, sampled);
  const lines = summary(`mutate:sample seed ${seed}: ${sampled.length} of ${all.length} mutants in ${minutes} min`, score(sampled, report));
  writeFileSync(join(REPORT_DIR, `sample-${seed}.txt`), `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
}

module.exports = { globToRegExp, sample, wilson, mutateRange, score };

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
