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
 * (stacks/deploy-sequence.ts). CDKTF_BINARY names another cdktf CLI.
 */
const { spawn, spawnSync } = require("node:child_process");
const { existsSync, readFileSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { preflightProblem } = require("./preflight");

const ROOT = resolve(__dirname, "..");
const FIRST_PASS_FLAG = "--first-pass";
const [command, ...given] = process.argv.slice(2);
const firstPass = given.includes(FIRST_PASS_FLAG);
const rest = given.filter((arg) => arg !== FIRST_PASS_FLAG);
const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1" };
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

function outdir() {
  return resolve(ROOT, env.CDKTF_OUTDIR || JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).output || "cdktf.out");
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
    if (args[i] === "-o" || args[i] === "--output" || args[i].startsWith("--output=")) {
      fail(["the output folder is cdktf.json's (or CDKTF_OUTDIR): --output is not taken here"]);
    }
    if (!args[i].startsWith("-")) patterns.push(args[i]);
    else if (VALUE_OPTIONS.has(args[i]) && i + 1 < args.length) flags.push(args[i], args[++i]);
    else flags.push(args[i]);
  }
  return { flags, patterns };
}

async function deploy(plan, args) {
  const sequence = require(`${ROOT}/dist/stacks/deploy-sequence`);
  const { flags, patterns } = splitArguments(args);
  const output = ["--output", outdir()];
  if (runCdktf(["synth", ...output]) !== 0) return 1;
  const manifest = JSON.parse(readFileSync(join(outdir(), "manifest.json"), "utf8"));
  const names = Object.keys(manifest.stacks);
  const selected = sequence.selectStacks(names, patterns);
  if (selected.length === 0) fail([`no stack matches ${patterns.join(" ")}; the stacks: ${names.join(", ")}`]);
  const dependencies = Object.fromEntries(names.map((name) => [name, manifest.stacks[name].dependencies ?? []]));
  const phases = sequence.deployPhases(plan, selected, dependencies);
  if (phases.infra.length > 0 && runCdktf(["deploy", "--skip-synth", ...output, ...flags, ...phases.infra]) !== 0) return 1;
  if (phases.kubernetes.length === 0) return 0;
  const reach = await reachApis(sequence, plan, sequence.apiPaths(plan));
  try {
    if (reach.problems.length > 0) {
      process.stderr.write(["coder-refarch: the infrastructure is deployed; the stacks that talk to Kubernetes were not:", ...reach.problems.map((p) => `  - ${p}`)].map((l) => `${l}\n`).join(""));
      return 1;
    }
    const serial = ["--ignore-missing-stack-dependencies", "--parallelism", "1"];
    return runCdktf(["deploy", "--skip-synth", ...output, ...serial, ...flags, ...phases.kubernetes], reach.extraEnv);
  } finally {
    for (const relay of reach.relays) relay.kill();
  }
}

async function main() {
  if (firstPass && command !== "deploy") fail([`${FIRST_PASS_FLAG} applies to deploy only`]);
  if (["deploy", "diff", "destroy"].includes(command)) {
    const problem = preflightProblem(env);
    if (problem) fail([problem]);
  }
  if (["deploy", "diff"].includes(command)) {
    const dist = resolve(ROOT, "dist");
    const { loadConfig, CONFIG_ENV } = require(`${dist}/lib/config/load`);
    const { buildPlan } = require(`${dist}/lib/plan/build-plan`);
    const { bootstrapSecretInputs, resolveBootstrapSecrets } = require(`${dist}/stacks/bootstrap-secret-stores`);
    const { deployBlockers } = require(`${dist}/lib/plan/deploy-blockers`);
    const plan = buildPlan(loadConfig(env[CONFIG_ENV]), env[CONFIG_ENV] || undefined);
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
  }
  return runCdktf([command, ...rest]);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => fail([error.stack || String(error)]),
);
