import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** `npm run validate` (scripts/validate.js), run as a user would, against throwaway output folders. */

const SCRIPT = join(__dirname, "..", "scripts", "validate.js");

function runScript(env: Record<string, string>) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "CODER_REFARCH_CONFIG"));
  const result = spawnSync(process.execPath, [SCRIPT], { env: { ...base, ...env }, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * An output folder with the given stacks, as `npm run synth` lays it out for the default deployment:
 * its own folder, coder-aws (lib/terraform/output-folder.ts). A string is an HCL stack (synth:hcl).
 */
function outdirWith(stacks: Record<string, object | string>): string {
  const outdir = mkdtempSync(join(tmpdir(), "coder-refarch-validate-script-"));
  for (const [name, body] of Object.entries(stacks)) {
    mkdirSync(join(outdir, "coder-aws", "stacks", name), { recursive: true });
    if (typeof body === "string") writeFileSync(join(outdir, "coder-aws", "stacks", name, "cdk.tf"), body);
    else writeFileSync(join(outdir, "coder-aws", "stacks", name, "cdk.tf.json"), JSON.stringify(body));
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

  test("without synthesized stacks: says to synthesize first", () => {
    const outdir = outdirWith({});
    try {
      const result = runScript({ CDKTF_OUTDIR: outdir, TERRAFORM_BINARY_NAME: fakeTerraform(outdir) });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/no synthesized stacks in .*; run "npm run synth" first/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  // The script's own logic, with a stand-in terraform (TERRAFORM_BINARY_NAME, as for OpenTofu) that
  // logs its calls: a real terraform run costs seconds of CPU per provider schema load, and the
  // real validation is terraform-validate.test.ts's business.
  test("runs init -backend=false and validate in every stack, reports each, and fails when one fails", () => {
    const outdir = outdirWith({
      "aws-us-east-1-infra": { resource: {} },
      "aws-us-west-2-infra": { resource: { bogus: {} } },
      "aws-eu-west-1-infra": { broken: true },
    });
    try {
      const result = runScript({ CDKTF_OUTDIR: outdir, TERRAFORM_BINARY_NAME: fakeTerraform(outdir) });
      const calls = readFileSync(join(outdir, "calls.log"), "utf8").trim().split("\n").sort();
      expect(calls).toEqual(
        [
          "aws-eu-west-1-infra: init -backend=false -input=false -no-color",
          "aws-us-east-1-infra: init -backend=false -input=false -no-color",
          "aws-us-east-1-infra: validate -no-color",
          "aws-us-west-2-infra: init -backend=false -input=false -no-color",
          "aws-us-west-2-infra: validate -no-color",
        ].sort(),
      );
      expect(result.stdout.split("\n")).toEqual([
        "Terraform v1.11.4 (stand-in); validating 3 stacks in " + join(outdir, "coder-aws", "stacks"),
        "aws-eu-west-1-infra: init failed",
        "Error: could not load the configuration",
        "aws-us-east-1-infra: valid",
        "aws-us-west-2-infra: INVALID",
        'Error: No argument or block type is named "bogus".',
        "2 of 3 stacks failed: aws-eu-west-1-infra, aws-us-west-2-infra",
        "",
      ]);
      expect(result.status).toBe(1);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("an HCL synthesis (npm run synth:hcl) is validated as the JSON one", () => {
    const outdir = outdirWith({ "aws-us-east-1-infra": 'resource "aws_vpc" "vpc" {}\n', "aws-us-west-2-infra": { resource: {} } });
    try {
      const result = runScript({ CDKTF_OUTDIR: outdir, TERRAFORM_BINARY_NAME: fakeTerraform(outdir) });
      expect(result.stdout).toContain("all 2 stacks valid");
      expect(result.status).toBe(0);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("another deployment's folder is not validated: each config has its own (coder-aws for the default)", () => {
    const outdir = outdirWith({ "aws-us-east-1-infra": { resource: {} } });
    mkdirSync(join(outdir, "acme-aws", "stacks", "aws-us-east-1-infra"), { recursive: true });
    writeFileSync(join(outdir, "acme-aws", "stacks", "aws-us-east-1-infra", "cdk.tf.json"), JSON.stringify({ broken: true }));
    try {
      const result = runScript({ CDKTF_OUTDIR: outdir, TERRAFORM_BINARY_NAME: fakeTerraform(outdir) });
      expect(result.stdout).toContain("all 1 stacks valid");
      expect(result.stdout).toContain(join(outdir, "coder-aws", "stacks"));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("exits 0 when every stack is valid", () => {
    const outdir = outdirWith({ "aws-us-east-1-infra": { resource: {} } });
    try {
      const result = runScript({ CDKTF_OUTDIR: outdir, TERRAFORM_BINARY_NAME: fakeTerraform(outdir) });
      expect(result.stdout).toContain("all 1 stacks valid");
      expect(result.status).toBe(0);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

/** A stand-in terraform: logs "<stack>: <args>", fails init where the stack says "broken", validate where it says "bogus". */
function fakeTerraform(dir: string): string {
  const path = join(dir, "fake-terraform");
  writeFileSync(
    path,
    [
      "#!/bin/sh",
      'if [ "$1" = version ]; then echo "Terraform v1.11.4 (stand-in)"; exit 0; fi',
      `echo "$(basename "$PWD"): $*" >> "${join(dir, "calls.log")}"`,
      'if [ "$1" = init ]; then if grep -qs broken cdk.tf.json cdk.tf; then echo "Error: could not load the configuration" >&2; exit 1; fi; exit 0; fi',
      'if grep -qs bogus cdk.tf.json cdk.tf; then echo \'Error: No argument or block type is named "bogus".\'; exit 1; fi',
      'echo "Success! The configuration is valid."',
    ].join("\n"),
  );
  chmodSync(path, 0o755);
  return path;
}
