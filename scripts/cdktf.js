#!/usr/bin/env node
/**
 * Runs the cdktf CLI the way this project needs it: with HashiCorp's version check turned off
 * (offline machines otherwise print ENOTFOUND errors), and, before `deploy`, `diff` and `destroy`,
 * a preflight that Terraform (or OpenTofu via TERRAFORM_BINARY_NAME) is installed and new enough.
 */
const { spawnSync } = require("node:child_process");
const { resolve } = require("node:path");
const { preflightProblem } = require("./preflight");

const [command, ...rest] = process.argv.slice(2);
const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1" };
if (["deploy", "diff", "destroy"].includes(command)) {
  const problem = preflightProblem(env);
  if (problem) {
    process.stderr.write(`coder-refarch: ${problem}\n`);
    process.exit(1);
  }
}
const cli = resolve(__dirname, "..", "node_modules", ".bin", "cdktf");
const result = spawnSync(cli, [command, ...rest], { stdio: "inherit", env });
process.exitCode = result.status ?? 1;
