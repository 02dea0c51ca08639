#!/usr/bin/env node
/**
 * Benchmark: the app behind `cdktf synth` (cdktf.json's "app" command, without the CLI) against
 * `node -e "require('cdktf')"`, run alternately on this machine so both see the same load.
 * Reports medians, their ratio and the app's peak memory; exits 1 when the ratio exceeds 3 or the
 * peak exceeds 300 MB. Run with `npm run bench` (which builds first).
 */
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join, resolve } = require("node:path");

const ROOT = resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const MAX_RATIO = 3;
const MAX_PEAK_MB = 300;
const preload = join(__dirname, "report-peak-memory.js");

const appCommand = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app.split(" ");
if (appCommand[0] !== "node") throw new Error(`cdktf.json's app is not a node command: ${appCommand.join(" ")}`);

function measure(args, outdir) {
  const rssFile = join(outdir, "rss");
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", preload, ...args], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: join(outdir, "cdktf.out"), CODER_REFARCH_RSS_FILE: rssFile },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed:\n${result.stderr}`);
  const peakKib = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
  rmSync(rssFile);
  return { seconds, peakMb: peakKib / 1024 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const scratch = mkdtempSync(join(tmpdir(), "coder-refarch-bench-"));
const baseline = [];
const app = [];
try {
  measure(appCommand.slice(1), scratch); // warm the file cache for both
  for (let i = 0; i < RUNS; i++) {
    baseline.push(measure(["-e", "require('cdktf')"], scratch));
    app.push(measure(appCommand.slice(1), scratch));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const baselineSeconds = median(baseline.map((r) => r.seconds));
const appSeconds = median(app.map((r) => r.seconds));
const ratio = appSeconds / baselineSeconds;
const peak = Math.max(...app.map((r) => r.peakMb));
console.log(`runs: ${RUNS} alternating`);
console.log(`baseline  node -e "require('cdktf')": median ${baselineSeconds.toFixed(3)} s`);
console.log(`app       ${appCommand.join(" ")}: median ${appSeconds.toFixed(3)} s, peak ${peak.toFixed(0)} MB`);
console.log(`ratio ${ratio.toFixed(2)} (limit ${MAX_RATIO}); peak ${peak.toFixed(0)} MB (limit ${MAX_PEAK_MB})`);
process.exitCode = ratio <= MAX_RATIO && peak <= MAX_PEAK_MB ? 0 : 1;
