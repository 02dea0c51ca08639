import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../main";

function run(args: string[], env: NodeJS.ProcessEnv, outdir: string): { code: number; stderr: string; stdout: string } {
  let stderr = "";
  let stdout = "";
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    return { code: main(args, env, outdir), stderr, stdout };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

describe("the app as a user runs it", () => {
  const dir = mkdtempSync(join(tmpdir(), "coder-refarch-main-"));
  const config = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  /** An output folder holding an earlier synth's marker, to prove a failed run leaves it alone. */
  const previousOutput = () => {
    const outdir = mkdtempSync(join(dir, "out-"));
    mkdirSync(join(outdir, "stacks"));
    writeFileSync(join(outdir, "stacks", "earlier"), "kept");
    return outdir;
  };

  test.each([
    ["a misspelled key", config("typo.json", '{"regions": {"primary": {"nmae": "eu-west-1"}}}'), /regions\.primary\.nmae: unknown key \(did you mean "name"\?\)/],
    ["a string for a number", config("type.yaml", "regions:\n  secondary:\n    workspaceNodes: \"64\"\n"), /regions\.secondary\.workspaceNodes: must be a number \(got "64"\)/],
    ["a missing file", join(dir, "missing.json"), /missing\.json: 1 problem\n {2}- \(config\): config file not found/],
    ["a network too small for its pools", config("small.json", '{"regions": {"secondary": {"networkCidr": "10.1.0.0/22"}}}'), /small\.json: 1 problem\n {2}- regions\.secondary\.networkCidr: 10\.1\.0\.0\/22 holds 1024 addresses; .*need a \/1\d or larger/],
  ])("%s: a short message, exit code 1, the output folder as it was", (_, path, message) => {
    const outdir = previousOutput();
    const result = run([], { CODER_REFARCH_CONFIG: path }, outdir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.split("\n").length).toBeLessThan(6);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["earlier"]);
    expect(readdirSync(outdir)).toEqual(["stacks"]);
  });

  test("--check prints the plan and its findings and writes nothing", () => {
    const outdir = join(dir, "never-written");
    const result = run(["--check"], {}, outdir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/coderd 2 x t3\.xlarge/);
    expect(result.stdout).toMatch(/warning: The table puts 16 workspaces/);
    expect(existsSync(outdir)).toBe(false);
  });

  test("no config synthesizes the embedded default's stacks: infra and add-ons per region", () => {
    const outdir = join(dir, "default");
    expect(run([], {}, outdir).code).toBe(0);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["aws-us-east-1-addons", "aws-us-east-1-infra", "aws-us-west-2-addons", "aws-us-west-2-infra"]);
  });
});
