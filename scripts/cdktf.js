#!/usr/bin/env node
/**
 * Runs the cdktf CLI the way this project needs it: with HashiCorp's version check turned off
 * (offline machines otherwise print ENOTFOUND errors), and, before `deploy`, `diff` and `destroy`,
 * a preflight that Terraform (or OpenTofu via TERRAFORM_BINARY_NAME) is installed and new enough.
 * Before `deploy` and `diff` it also finds the Coder layer's bootstrap secrets (provisioner keys, the
 * proxy token) in the clouds' secret stores and hands them to Terraform as ephemeral variables, or
 * stops with what to do; `--first-pass` says this is the deploy before coderd exists. `deploy` also
 * refuses what synthesizes but must not be applied (the placeholder domain: lib/plan/deploy-blockers).
 */
const { spawnSync } = require("node:child_process");
const { resolve } = require("node:path");
const { preflightProblem } = require("./preflight");

const FIRST_PASS_FLAG = "--first-pass";
const [command, ...given] = process.argv.slice(2);
const firstPass = given.includes(FIRST_PASS_FLAG);
const rest = given.filter((arg) => arg !== FIRST_PASS_FLAG);
const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1" };

function fail(lines) {
  process.stderr.write(lines.map((line) => `coder-refarch: ${line}\n`).join(""));
  process.exit(1);
}

if (firstPass && command !== "deploy") fail([`${FIRST_PASS_FLAG} applies to deploy only`]);
if (["deploy", "diff", "destroy"].includes(command)) {
  const problem = preflightProblem(env);
  if (problem) fail([problem]);
}
if (["deploy", "diff"].includes(command)) {
  const dist = resolve(__dirname, "..", "dist");
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
}
const cli = resolve(__dirname, "..", "node_modules", ".bin", "cdktf");
const result = spawnSync(cli, [command, ...rest], { stdio: "inherit", env });
process.exitCode = result.status ?? 1;
