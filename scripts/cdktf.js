#!/usr/bin/env node
/**
 * Runs the cdktf CLI the way this project needs it: with HashiCorp's version check turned off
 * (offline machines otherwise print ENOTFOUND errors), and, before `deploy`, `diff` and `destroy`,
 * a preflight that Terraform (or OpenTofu via TERRAFORM_BINARY_NAME) is installed and new enough.
 * Before `deploy` and `diff` it also finds the Coder layer's bootstrap secrets (provisioner keys, the
 * proxy token, your certificate) in the clouds' secret stores and hands them to Terraform as
 * ephemeral variables, or stops with what to do; `--first-pass` says this is the deploy before
 * coderd exists. `deploy` also refuses what synthesizes but must not be applied (the placeholder
 * domain, no path to the Kubernetes APIs: lib/plan/deploy-blockers), and runs in two parts: the
 * infrastructure stacks, then, once each cluster's API answers from here (directly, or through the
 * Session Manager relay it opens on AWS), the stacks that talk to Kubernetes
 * (stacks/deploy-sequence.ts); `diff` runs over every stack the same way (cdktf's own takes one).
 * Every command works in the deployment's own folder under cdktf.out (<namePrefix>-<cloud>:
 * lib/terraform/output-folder.ts), so two deployments never share Terraform's working state.
 * CDKTF_BINARY names another cdktf CLI.
 */
const { spawn, spawnSync } = require("node:child_process");
const { existsSync, mkdirSync, readFileSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { preflightProblem } = require("./preflight");

const ROOT = resolve(__dirname, "..");
const FIRST_PASS_FLAG = "--first-pass";
const [command, ...given] = process.argv.slice(2);
const firstPass = given.includes(FIRST_PASS_FLAG);
const rest = given.filter((arg) => arg !== FIRST_PASS_FLAG);
const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1" };
// Without a terminal (CI, a log file) cdktf's progress spinner would write its frames into the log;
// as in CI it then prints plain lines.
if (!process.stdout.isTTY && env.CI === undefined) env.CI = "1";
const cli = env.CDKTF_BINARY || resolve(ROOT, "node_modules", ".bin", "cdktf");
const terraform = env.TERRAFORM_BINARY_NAME || "terraform";
/** How long a relay may take to listen, and an API to answer. */
const RELAY_WAIT_MS = 60_000;
const REACH_TIMEOUT_MS = 10_000;

function fail(lines) {
  process.stderr.write(lines.map((line) => `coder-refarch: ${line}\n`).join(""));
  process.exit(1);
}

function say(line) {
  process.stderr.write(`coder-refarch: ${line}\n`);
}

function runCdktf(args, extraEnv = {}) {
  return spawnSync(cli, args, { stdio: "inherit", env: { ...env, ...extraEnv } }).status ?? 1;
}

/** cdktf's output folder (CDKTF_OUTDIR, else cdktf.json's), under which each deployment has its own. */
function baseOutdir() {
  return resolve(ROOT, env.CDKTF_OUTDIR || JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).output || "cdktf.out");
}

/** The deployment's own folder (lib/terraform/output-folder.ts), set once the plan is known. */
let deploymentDir;
function outdir() {
  return deploymentDir;
}

/** An infrastructure stack's outputs, initializing its folder first when this run did not deploy it. */
function stackOutputs(stack) {
  const dir = join(outdir(), "stacks", stack);
  const output = () => spawnSync(terraform, [`-chdir=${dir}`, "output", "-json"], { encoding: "utf8", env });
  let result = output();
  if (result.status !== 0 && !existsSync(join(dir, ".terraform"))) {
    spawnSync(terraform, [`-chdir=${dir}`, "init", "-input=false"], { stdio: ["ignore", "ignore", "inherit"], env });
    result = output();
  }
  if (result.status !== 0) return { problem: `terraform output in ${stack} failed: ${(result.stderr || "").trim().split("\n")[0]}` };
  return { outputs: result.stdout };
}

async function waitForPort(sequence, port) {
  const until = Date.now() + RELAY_WAIT_MS;
  let problem = "not started";
  while (Date.now() < until) {
    problem = await sequence.tcpProblem("127.0.0.1", port, 1000);
    if (!problem) return undefined;
    await new Promise((r) => setTimeout(r, 500));
  }
  return problem;
}

/** Opens what each region needs so its API answers from here, or says why it cannot; returns the env and the relays to close. */
async function reachApis(sequence, plan, regions) {
  const relays = [];
  const extraEnv = {};
  const problems = [];
  for (const path of regions) {
    const read = stackOutputs(path.infraStack);
    if (read.problem) {
      problems.push(read.problem);
      continue;
    }
    const { endpoint, bastionInstanceId } = sequence.infraOutputs(read.outputs);
    if (!endpoint) {
      problems.push(`${path.infraStack} has no cluster_endpoint output: deploy it first`);
      continue;
    }
    const address = sequence.endpointAddress(endpoint);
    if (path.relayVariable) {
      if (!bastionInstanceId) {
        problems.push(`${path.infraStack} has no ${sequence.BASTION_OUTPUT} output: deploy it first`);
        continue;
      }
      const port = await sequence.freeLocalPort();
      const [binary, ...args] = sequence.relayCommand(path, bastionInstanceId, address.host, port);
      const relay = spawn(binary, args, { stdio: "ignore", env, detached: false });
      relays.push(relay);
      const exited = new Promise((r) => relay.once("exit", (code) => r(`the relay exited with ${code}`)));
      relay.once("error", () => {});
      const problem = await Promise.race([waitForPort(sequence, port), exited]);
      if (problem) {
        problems.push(sequence.unreachableFix(plan, path, endpoint, problem));
        continue;
      }
      extraEnv[`TF_VAR_${path.relayVariable}`] = `https://127.0.0.1:${port}`;
      say(`${path.region}: Kubernetes API through the Session Manager relay on 127.0.0.1:${port}`);
    } else {
      const problem = await sequence.tcpProblem(address.host, address.port, REACH_TIMEOUT_MS);
      if (problem) problems.push(sequence.unreachableFix(plan, path, endpoint, problem));
    }
  }
  return { extraEnv, relays, problems };
}

/** cdktf deploy's options that take a value as the next argument. */
const VALUE_OPTIONS = new Set(["--parallelism", "--terraform-parallelism", "--outputs-file", "--var", "--var-file"]);

/** Splits deploy's arguments into cdktf options and stack patterns. */
function splitArguments(args) {
  const flags = [];
  const patterns = [];
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith("-")) patterns.push(args[i]);
    else if (VALUE_OPTIONS.has(args[i]) && i + 1 < args.length) flags.push(args[i], args[++i]);
    else flags.push(args[i]);
  }
  return { flags, patterns };
}

/** Synthesizes, then picks the selected stacks and splits them into the two parts of the run. */
function selectAndSplit(sequence, plan, patterns) {
  const output = ["--output", outdir()];
  if (runCdktf(["synth", ...output]) !== 0) return undefined;
  const manifest = JSON.parse(readFileSync(join(outdir(), "manifest.json"), "utf8"));
  const names = Object.keys(manifest.stacks);
  const selected = sequence.selectStacks(names, patterns);
  if (selected.length === 0) fail([`no stack matches ${patterns.join(" ")}; the stacks: ${names.join(", ")}`]);
  const dependencies = Object.fromEntries(names.map((name) => [name, manifest.stacks[name].dependencies ?? []]));
  return { output, phases: sequence.deployPhases(plan, selected, dependencies) };
}

/** Runs `work` with each cluster's API reachable from here, or prints why not and returns 1. */
async function withApis(sequence, plan, done, work) {
  const reach = await reachApis(sequence, plan, sequence.apiPaths(plan));
  try {
    if (reach.problems.length > 0) {
      process.stderr.write([`coder-refarch: ${done}; the stacks that talk to Kubernetes were not:`, ...reach.problems.map((p) => `  - ${p}`)].map((l) => `${l}\n`).join(""));
      return 1;
    }
    return work(reach.extraEnv);
  } finally {
    for (const relay of reach.relays) relay.kill();
  }
}

async function deploy(plan, args) {
  const sequence = require(`${ROOT}/dist/stacks/deploy-sequence`);
  const { flags, patterns } = splitArguments(args);
  const selection = selectAndSplit(sequence, plan, patterns);
  if (!selection) return 1;
  const { output, phases } = selection;
  if (phases.infra.length > 0 && runCdktf(["deploy", "--skip-synth", ...output, ...flags, ...phases.infra]) !== 0) return 1;
  if (phases.kubernetes.length === 0) return 0;
  const serial = ["--ignore-missing-stack-dependencies", "--parallelism", "1"];
  return withApis(sequence, plan, "the infrastructure is deployed", (extraEnv) =>
    runCdktf(["deploy", "--skip-synth", ...output, ...serial, ...flags, ...phases.kubernetes], extraEnv),
  );
}

/**
 * `cdktf diff` takes one stack: without one named, each stack in turn (the infrastructure first,
 * then, with the APIs reachable, the Kubernetes stacks). Exits non-zero if any diff failed.
 */
async function diff(plan, args) {
  const sequence = require(`${ROOT}/dist/stacks/deploy-sequence`);
  const { flags, patterns } = splitArguments(args);
  const selection = selectAndSplit(sequence, plan, patterns);
  if (!selection) return 1;
  const { output, phases } = selection;
  const each = (stacks, extraEnv) => stacks.reduce((failed, stack) => runCdktf(["diff", "--skip-synth", ...output, ...flags, stack], extraEnv) !== 0 || failed, false);
  let failed = each(phases.infra, {});
  if (phases.kubernetes.length > 0) {
    failed = (await withApis(sequence, plan, "the infrastructure's diff is above", (extraEnv) => (each(phases.kubernetes, extraEnv) ? 1 : 0))) !== 0 || failed;
  }
  return failed ? 1 : 0;
}

/** The deployment's plan, or the config's problems and exit 1 (the app prints the same on --check). */
function loadPlan() {
  const dist = resolve(ROOT, "dist");
  const { CONFIG_ENV } = require(`${dist}/lib/config/load`);
  const { loadDeploymentPlan } = require(`${dist}/stacks/load-deployment`);
  const { ConfigError } = require(`${dist}/lib/config/errors`);
  try {
    return loadDeploymentPlan(env[CONFIG_ENV]);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * `cdktf destroy` of the selected stacks; the Kubernetes stacks among them talk to their clusters'
 * APIs while their resources go, so they get the same path to them as a deploy (the relay on AWS).
 */
async function destroy(plan, args) {
  const sequence = require(`${ROOT}/dist/stacks/deploy-sequence`);
  const { flags, patterns } = splitArguments(args);
  const selection = selectAndSplit(sequence, plan, patterns);
  if (!selection) return 1;
  const { output, phases } = selection;
  const stacks = [...phases.kubernetes, ...phases.infra];
  const run = (extraEnv) => runCdktf(["destroy", "--skip-synth", ...output, ...flags, ...stacks], extraEnv);
  return phases.kubernetes.length > 0 ? withApis(sequence, plan, "nothing was destroyed", run) : run({});
}

async function main() {
  if (firstPass && command !== "deploy") fail([`${FIRST_PASS_FLAG} applies to deploy only`]);
  if (rest.some((a) => a === "-o" || a === "--output" || a.startsWith("--output="))) {
    fail(["the output folder is cdktf.json's (or CDKTF_OUTDIR), with a folder per deployment in it: --output is not taken here"]);
  }
  const plan = loadPlan();
  const { deploymentOutdir } = require(`${ROOT}/dist/lib/terraform/output-folder`);
  deploymentDir = deploymentOutdir(baseOutdir(), plan);
  // cdktf creates only the last folder of --output; on a fresh clone cdktf.out does not exist yet.
  mkdirSync(deploymentDir, { recursive: true });
  if (["deploy", "diff", "destroy"].includes(command)) {
    const problem = preflightProblem(env);
    if (problem) fail([problem]);
  }
  if (["deploy", "diff"].includes(command)) {
    const dist = resolve(ROOT, "dist");
    const { bootstrapSecretInputs, resolveBootstrapSecrets } = require(`${dist}/stacks/bootstrap-secret-stores`);
    const { deployBlockers } = require(`${dist}/lib/plan/deploy-blockers`);
    const blockers = command === "deploy" ? deployBlockers(plan) : [];
    if (blockers.length > 0) fail(["nothing was deployed:", ...blockers.map((b) => `  - ${b}`)]);
    const run = (argv) => spawnSync(argv[0], argv.slice(1), { encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
    const resolved = resolveBootstrapSecrets(bootstrapSecretInputs(plan), env, firstPass, run);
    if (resolved.problems.length > 0) fail(["nothing was deployed:", ...resolved.problems.map((p) => `  - ${p}`)]);
    Object.assign(env, resolved.env);
    if (command === "deploy") {
      const { quotaShortfalls } = require(`${dist}/stacks/quota-checks`);
      for (const line of quotaShortfalls(plan, run)) say(`quota: ${line}`);
      return deploy(plan, rest);
    }
    return diff(plan, rest);
  }
  if (command === "destroy") return destroy(plan, rest);
  return runCdktf([command, "--output", outdir(), ...rest]);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => fail([error.stack || String(error)]),
);
