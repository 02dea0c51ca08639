#!/usr/bin/env node
/**
 * `npm run validate`: `terraform init -backend=false` and `terraform validate` on every stack
 * synthesized into cdktf.out/stacks/ (run `npm run synth` first). Needs terraform (or OpenTofu:
 * TERRAFORM_BINARY_NAME=tofu, the variable cdktf itself reads) and access to the registry, or a
 * provider mirror (TF_CLI_ARGS_init=-plugin-dir=<dir>, or provider_installation in the CLI
 * configuration). `-backend=false` touches no state. CDKTF_OUTDIR overrides the output folder; the
 * deployment's own folder in it comes from CODER_REFARCH_CONFIG, as for every other command.
 * Exits 1 when a stack is invalid or nothing could be validated.
 *
 * The test suite does the same offline against the machines' provider mirror
 * (__tests__/terraform-validate.test.ts).
 */
const { spawn, spawnSync } = require("node:child_process");
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const ROOT = resolve(__dirname, "..");
const binary = process.env.TERRAFORM_BINARY_NAME || "terraform";
const base = resolve(ROOT, process.env.CDKTF_OUTDIR || JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).output || "cdktf.out");

function fail(message) {
  console.error(`validate: ${message}`);
  process.exit(1);
}

/** The deployment's own folder under the output folder (lib/terraform/output-folder.ts), from its config. */
function deploymentOutdir() {
  const dist = join(ROOT, "dist");
  if (!existsSync(join(dist, "lib", "terraform", "output-folder.js"))) fail('no build in dist/; run "npm run synth" first');
  const { loadConfig, CONFIG_ENV } = require(`${dist}/lib/config/load`);
  const { ConfigError } = require(`${dist}/lib/config/errors`);
  const { deploymentOutdir: folder } = require(`${dist}/lib/terraform/output-folder`);
  try {
    const config = loadConfig(process.env[CONFIG_ENV]);
    return folder(base, config);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}
const outdir = deploymentOutdir();
const stacksDir = join(outdir, "stacks");

const probe = spawnSync(binary, ["version"], { encoding: "utf8" });
if (probe.error) {
  fail(
    probe.error.code === "ENOENT"
      ? `"${binary}" not found on PATH; install Terraform 1.11+ (or OpenTofu and set TERRAFORM_BINARY_NAME=tofu)`
      : `"${binary} version" failed: ${probe.error.message}`,
  );
}
if (probe.status !== 0) fail(`"${binary} version" exited with ${probe.status}: ${probe.stderr.trim().split("\n")[0]}`);

// JSON (npm run synth) or HCL (npm run synth:hcl): each synth removes the other's files.
const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).filter((name) => ["cdk.tf.json", "cdk.tf"].some((file) => existsSync(join(stacksDir, name, file)))).sort() : [];
if (stacks.length === 0) fail(`no synthesized stacks in ${stacksDir}; run "npm run synth" first`);

console.log(`${probe.stdout.split("\n")[0]}; validating ${stacks.length} stacks in ${stacksDir}`);
const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };

/** Runs terraform in a folder; resolves with its exit status and combined output. */
function terraform(args, cwd) {
  return new Promise((done) => {
    const child = spawn(binary, args, { cwd, env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (status) => done({ status, output: output.trim() }));
  });
}

/** init, then validate, one stack; returns the lines to print and whether it failed. */
async function validateStack(stack) {
  const cwd = join(stacksDir, stack);
  const init = await terraform(["init", "-backend=false", "-input=false", "-no-color"], cwd);
  if (init.status !== 0) {
    const offline = /could not connect to registry|failed to request discovery document/.test(init.output);
    return { stack, failed: true, offline, text: `${stack}: init failed\n${init.output}` };
  }
  const validate = await terraform(["validate", "-no-color"], cwd);
  const show = validate.status !== 0 || /Warning/.test(validate.output);
  return { stack, failed: validate.status !== 0, offline: false, text: `${stack}: ${validate.status === 0 ? "valid" : "INVALID"}${show ? `\n${validate.output}` : ""}` };
}

// All stacks at once (most of each run is terraform loading provider schemas), printed in order.
Promise.all(stacks.map(validateStack)).then((results) => {
  for (const result of results) console.log(result.text);
  const failed = results.filter((r) => r.failed).map((r) => r.stack);
  console.log(failed.length === 0 ? `all ${stacks.length} stacks valid` : `${failed.length} of ${stacks.length} stacks failed: ${failed.join(", ")}`);
  if (results.some((r) => r.offline)) {
    console.log("the registry is out of reach: give terraform a provider mirror (TF_CLI_ARGS_init=-plugin-dir=<dir>, or provider_installation in its CLI configuration)");
  }
  process.exitCode = failed.length === 0 ? 0 : 1;
});
