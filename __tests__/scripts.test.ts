import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/* eslint-disable @typescript-eslint/no-require-imports -- the scripts are plain CommonJS, as npm runs them */
const { BUILD_RECORD, recordBuild, SOURCES, staleBuildReason } = require("../scripts/build-freshness");
const { preflightProblem, MIN_TERRAFORM_VERSION } = require("../scripts/preflight");

const ROOT = join(__dirname, "..");

describe("cdktf never runs a stale or missing build", () => {
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), "coder-refarch-fresh-"));
    mkdirSync(join(root, "lib"));
    mkdirSync(join(root, "dist"));
    writeFileSync(join(root, "main.ts"), "export {};\n");
    writeFileSync(join(root, "lib", "plan.ts"), "export const a = 1;\n");
    return root;
  };

  test("a missing build, or one without a record of its sources, is reported", () => {
    const root = project();
    expect(staleBuildReason(root, join(root, "dist", "main.js"))).toBe("dist/main.js does not exist");
    writeFileSync(join(root, "dist", "main.js"), "");
    expect(staleBuildReason(root, join(root, "dist", "main.js"))).toBe(`${BUILD_RECORD} (what the last build was made from) does not exist`);
  });

  test("a source changed, added or removed since the build is named; a touch that changes nothing is not a change", () => {
    const root = project();
    const built = join(root, "dist", "main.js");
    writeFileSync(built, "");
    recordBuild(root);
    expect(staleBuildReason(root, built)).toBeUndefined();
    // Newer but the same: an incremental tsc would rewrite nothing, so this must not count.
    utimesSync(join(root, "lib", "plan.ts"), Date.now() / 1000 + 60, Date.now() / 1000 + 60);
    expect(staleBuildReason(root, built)).toBeUndefined();
    writeFileSync(join(root, "lib", "plan.ts"), "export const a = 2;\n");
    expect(staleBuildReason(root, built)).toBe("lib/plan.ts changed after the last build");
    recordBuild(root);
    writeFileSync(join(root, "lib", "zones.ts"), "export {};\n");
    expect(staleBuildReason(root, built)).toBe("lib/zones.ts was added after the last build");
    recordBuild(root);
    rmSync(join(root, "lib", "zones.ts"));
    expect(staleBuildReason(root, built)).toBe("lib/zones.ts was removed after the last build");
    // The package entry point is built too (tsconfig.build.json), so it is a source.
    expect(SOURCES).toEqual(expect.arrayContaining(["index.ts", "main.ts", "lib", "stacks", "tsconfig.json", "tsconfig.build.json"]));
  });

  test("the app command as cdktf runs it: builds when needed (a notice on stdout, which cdktf does not label an error), then answers --help", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), "--help"], { cwd: ROOT, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^(coder-refarch: .*; building \(npm run build\) first\n)?Usage: node dist\/main\.js/);
    expect(staleBuildReason(ROOT, join(ROOT, "dist", "main.js"))).toBeUndefined();
  }, 120_000);

  test("npm run build skips the compiler when dist/ was built from these sources", () => {
    expect(require("../package.json").scripts.build).toBe("node scripts/build.js");
    const again = spawnSync(process.execPath, [join(ROOT, "scripts", "build.js")], { cwd: ROOT, encoding: "utf8" });
    expect(again.status).toBe(0);
    expect(again.stdout).toBe("");
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
