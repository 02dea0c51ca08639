/**
 * Checks, before a deploy, that the Terraform binary cdktf will call exists and is new enough for
 * what the synthesized output uses: S3-native state locking (`use_lockfile`) needs Terraform 1.10,
 * write-only arguments 1.11. Returns a one-line problem, or undefined.
 */
const { spawnSync } = require("node:child_process");

/** The oldest Terraform that applies every stack this project writes. */
const MIN_TERRAFORM_VERSION = "1.11.0";

function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function preflightProblem(env = process.env) {
  const binary = env.TERRAFORM_BINARY_NAME || "terraform";
  const result = spawnSync(binary, ["version", "-json"], { encoding: "utf8", env });
  if (result.error) {
    return `${binary} was not found on PATH: install Terraform ${MIN_TERRAFORM_VERSION} or newer (or set TERRAFORM_BINARY_NAME=tofu for OpenTofu)`;
  }
  let version;
  try {
    version = JSON.parse(result.stdout).terraform_version;
  } catch {
    version = /v?(\d+\.\d+\.\d+)/.exec(result.stdout ?? "")?.[1];
  }
  if (!version) return `could not read the version of ${binary} (\`${binary} version -json\` printed nothing usable)`;
  if (compareVersions(version, MIN_TERRAFORM_VERSION) < 0) {
    return `${binary} ${version} is too old: this project's stacks need ${MIN_TERRAFORM_VERSION} or newer (S3 native locking, write-only arguments)`;
  }
  return undefined;
}

module.exports = { preflightProblem, MIN_TERRAFORM_VERSION, compareVersions };
