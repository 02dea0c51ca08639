import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/* eslint-disable @typescript-eslint/no-require-imports -- the scripts are plain CommonJS, as npm runs them */
const { staleBuildReason } = require("../scripts/build-freshness");
const { preflightProblem, MIN_TERRAFORM_VERSION } = require("../scripts/preflight");

const ROOT = join(__dirname, "..");

describe("cdktf never runs a stale or missing build", () => {
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), "coder-refarch-fresh-"));
    mkdirSync(join(root, "lib"));
    mkdirSync(join(root, "dist"));
    writeFileSync(join(root, "main.ts"), "");
    writeFileSync(join(root, "lib", "plan.ts"), "");
    return root;
  };
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  test("a missing build is reported", () => {
    const root = project();
    expect(staleBuildReason(root, join(root, "dist", "main.js"))).toBe("dist/main.js does not exist");
  });

  test("a source newer than the build is named; a build newer than every source is current", () => {
    const root = project();
    const built = join(root, "dist", "main.js");
    writeFileSync(built, "");
    at(join(root, "main.ts"), 1000);
    at(join(root, "lib", "plan.ts"), 3000);
    at(built, 2000);
    expect(staleBuildReason(root, built)).toBe("lib/plan.ts changed after the last build");
    at(built, 4000);
    expect(staleBuildReason(root, built)).toBeUndefined();
  });

  test("the app command as cdktf runs it: builds when needed, then answers --help", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), "--help"], { cwd: ROOT, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: node dist\/main\.js/);
    expect(staleBuildReason(ROOT, join(ROOT, "dist", "main.js"))).toBeUndefined();
  }, 120_000);

  test("cdktf.json's app goes through the freshness check", () => {
    expect(require("../cdktf.json").app).toBe("node scripts/app.js");
  });
});

describe("deploy preflight", () => {
  const fakeTerraform = (printed: string) => {
    const dir = mkdtempSync(join(tmpdir(), "coder-refarch-tf-"));
    const bin = join(dir, "fake-terraform");
    writeFileSync(bin, `#!/bin/sh\necho '${printed}'\n`);
    chmodSync(bin, 0o755);
    return bin;
  };

  test("a missing binary is one line naming it, the version needed and OpenTofu's variable", () => {
    expect(preflightProblem({ PATH: process.env.PATH, TERRAFORM_BINARY_NAME: "no-such-terraform" })).toBe(
      `no-such-terraform was not found on PATH: install Terraform ${MIN_TERRAFORM_VERSION} or newer (or set TERRAFORM_BINARY_NAME=tofu for OpenTofu)`,
    );
  });

  test("a version older than the output needs is refused with both versions", () => {
    const bin = fakeTerraform('{"terraform_version":"1.9.8"}');
    expect(preflightProblem({ PATH: process.env.PATH, TERRAFORM_BINARY_NAME: bin })).toMatch(/1\.9\.8 is too old: this project's stacks need 1\.11\.0 or newer/);
  });

  test("a new enough version passes, JSON or plain", () => {
    expect(preflightProblem({ PATH: process.env.PATH, TERRAFORM_BINARY_NAME: fakeTerraform('{"terraform_version":"1.12.1"}') })).toBeUndefined();
    expect(preflightProblem({ PATH: process.env.PATH, TERRAFORM_BINARY_NAME: fakeTerraform("OpenTofu v1.11.2") })).toBeUndefined();
  });

  test("npm's deploy, diff and synth go through the wrapper that disables the version check", () => {
    const { scripts } = require("../package.json");
    for (const name of ["synth", "diff", "deploy"]) expect(scripts[name]).toMatch(/node scripts\/cdktf\.js (synth|diff|deploy)/);
    const wrapper = spawnSync(process.execPath, [join(ROOT, "scripts", "cdktf.js"), "deploy"], {
      env: { ...process.env, TERRAFORM_BINARY_NAME: "no-such-terraform" },
      encoding: "utf8",
    });
    expect(wrapper.status).toBe(1);
    expect(wrapper.stderr).toBe(`coder-refarch: no-such-terraform was not found on PATH: install Terraform ${MIN_TERRAFORM_VERSION} or newer (or set TERRAFORM_BINARY_NAME=tofu for OpenTofu)\n`);
  });
});
