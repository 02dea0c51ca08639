import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPluginMirror, terraformVersion } from "./support/terraform-mirror";

/** `npm run validate` (scripts/validate.js), run as a user would, against throwaway output folders. */

const SCRIPT = join(__dirname, "..", "scripts", "validate.js");

function runScript(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, ...env }, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An output folder with the given stacks, as `cdktf synth` lays it out. */
function outdirWith(stacks: Record<string, object>): string {
  const outdir = mkdtempSync(join(tmpdir(), "coder-refarch-validate-script-"));
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(outdir, "stacks", name), { recursive: true });
    writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  }
  return outdir;
}

describe("npm run validate", () => {
  test("without terraform: one line saying what is missing, and a failure", () => {
    const result = runScript({ TERRAFORM_BINARY_NAME: "no-such-terraform-binary" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      'validate: "no-such-terraform-binary" not found on PATH; install Terraform 1.11+ (or OpenTofu and set TERRAFORM_BINARY_NAME=tofu)',
    ]);
  });

  const mirror = findPluginMirror();
  const runnable = mirror && terraformVersion() ? test : test.skip;

  runnable("without synthesized stacks: says to synthesize first", () => {
    const outdir = outdirWith({});
    try {
      const result = runScript({ CDKTF_OUTDIR: outdir });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/no synthesized stacks in .*; run "npm run synth" first/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  // With the mirror passed through TF_CLI_ARGS_init (terraform's own variable for extra init
  // arguments), as a user without registry access can; -plugin-dir links the provider rather than
  // copying its 675 MB, as a filesystem_mirror in the CLI configuration would.
  // One stack valid, one that cannot initialize (its provider is not in the mirror): every stack is
  // reported, and one failure fails the run. (An invalid stack's report is the terraform-validate
  // test's business; a second provider schema load here would double this test's time.)
  runnable("initializes and validates every stack, and fails when one fails", () => {
    const aws = { source: "hashicorp/aws", version: mirror!.awsVersion };
    const outdir = outdirWith({
      "aws-us-east-1-infra": {
        terraform: { required_providers: { aws } },
        provider: { aws: [{ region: "us-east-1" }] },
        resource: { aws_kms_key: { key: { enable_key_rotation: true } } },
      },
      "aws-us-west-2-infra": { terraform: { required_providers: { aws, random: { source: "hashicorp/random" } } }, resource: { random_id: { x: { byte_length: 4 } } } },
    });
    try {
      const result = runScript({ CDKTF_OUTDIR: outdir, TF_CLI_ARGS_init: `-plugin-dir=${mirror!.dir}`, TF_CLI_CONFIG_FILE: "/dev/null" });
      expect(result.stdout).toContain("aws-us-east-1-infra: valid");
      expect(result.stdout).toMatch(/aws-us-west-2-infra: init failed[\s\S]*hashicorp\/random/);
      expect(result.stdout).toContain("1 of 2 stacks failed: aws-us-west-2-infra");
      expect(result.status).toBe(1);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
