#!/usr/bin/env node
/**
 * Benchmark: the app behind `cdktf synth` (cdktf.json's "app" command, without the CLI) against
 * `node -e "require('cdktf')"`, run alternately on this machine so both see the same load, for the
 * default deployment of every cloud (BENCH_CLOUDS=aws,gcp,azure by default; CODER_REFARCH_CONFIG,
 * when set, measures that config alone). Reports medians, their ratio and the app's peak memory per
 * cloud; exits 1 when a ratio exceeds 3 or a peak exceeds 300 MB. Run with `npm run bench` (which
 * builds first).
 */
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join, resolve } = require("node:path");

const ROOT = resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const MAX_RATIO = 3;
const MAX_PEAK_MB = 300;
const preload = join(__dirname, "report-peak-memory.js");

const appCommand = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app.split(" ");
if (appCommand[0] !== "node") throw new Error(`cdktf.json's app is not a node command: ${appCommand.join(" ")}`);

function measure(args, outdir, config) {
  const rssFile = join(outdir, "rss");
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", preload, ...args], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: join(outdir, "cdktf.out"), CODER_REFARCH_RSS_FILE: rssFile, ...(config ? { CODER_REFARCH_CONFIG: config } : {}) },
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
const configs = process.env.CODER_REFARCH_CONFIG
  ? [{ name: process.env.CODER_REFARCH_CONFIG, config: process.env.CODER_REFARCH_CONFIG }]
  : (process.env.BENCH_CLOUDS ?? "aws,gcp,azure").split(",").map((cloud) => {
      const config = join(scratch, `${cloud}.json`);
      writeFileSync(config, JSON.stringify({ cloud }));
      return { name: cloud, config };
    });
const baseline = [];
const apps = Object.fromEntries(configs.map((c) => [c.name, []]));
try {
  for (const c of configs) measure(appCommand.slice(1), scratch, c.config); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    for (const c of configs) {
      baseline.push(measure(["-e", "require('cdktf')"], scratch));
      apps[c.name].push(measure(appCommand.slice(1), scratch, c.config));
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const baselineSeconds = median(baseline.map((r) => r.seconds));
console.log(`runs: ${RUNS} alternating with the baseline, per config`);
console.log(`baseline  node -e "require('cdktf')": median ${baselineSeconds.toFixed(3)} s`);
let ok = true;
for (const c of configs) {
  const appSeconds = median(apps[c.name].map((r) => r.seconds));
  const ratio = appSeconds / baselineSeconds;
  const peak = Math.max(...apps[c.name].map((r) => r.peakMb));
  console.log(`${c.name.padEnd(9)} ${appCommand.join(" ")}: median ${appSeconds.toFixed(3)} s, ratio ${ratio.toFixed(2)} (limit ${MAX_RATIO}), peak ${peak.toFixed(0)} MB (limit ${MAX_PEAK_MB})`);
  ok = ok && ratio <= MAX_RATIO && peak <= MAX_PEAK_MB;
}
process.exitCode = ok ? 0 : 1;
