import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configFolder, runMain } from "./support/run-main";
import { synthDeployment } from "./support/synth";

const run = runMain;

describe("the app as a user runs it", () => {
  const { dir, config } = configFolder("coder-refarch-main-");
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
    ["a config path that is a directory", dir, /- \(config\): is a directory; CODER_REFARCH_CONFIG must name a JSON or YAML file/],
    ["an empty YAML file", config("empty.yaml", ""), /- \(config\): the file holds no settings; write \{\} in it for the embedded default deployment, or unset CODER_REFARCH_CONFIG/],
    ["a YAML file of comments only", config("comments.yml", "# cloud: gcp\n# namePrefix: acme\n"), /the file holds no settings; write \{\}/],
    ["an empty JSON file", config("empty.json", "\n"), /the file holds no settings; write \{\}/],
    ["a YAML syntax error, with its line and snippet", config("broken.yaml", "regions:\n  primary: [us-east-1\nnamePrefix: acme\n"), /not valid YAML: .* at line 3, column 1:\n\n {4}.*\n/],
    ["an unquoted Kubernetes version", config("version.yaml", "kubernetes:\n  version: 1.30\n"), /kubernetes\.version: must be text in quotes, such as "1\.35".* \(got 1\.3\)/],
    ["a workspace share beyond the tier", config("huge.json", '{"regions": {"primary": {"workspaceNodes": 100000}}}'), /regions\.primary\.workspaceNodes: is more than the tier's 128 workspace nodes .* \(got 100000\)/],
    ["a region that does not exist", config("region.json", '{"regions": {"primary": {"name": "us-east-9"}}}'), /regions\.primary\.name: is not an aws region/],
    ["a network too small for its pools", config("small.json", '{"regions": {"secondary": {"networkCidr": "10.1.0.0/22"}}}'), /small\.json: 1 problem\n {2}- regions\.secondary\.networkCidr: 10\.1\.0\.0\/22 holds 1024 addresses; .*need a \/1\d or larger/],
  ])("%s: a short message, exit code 1, the output folder as it was", (_, path, message) => {
    const outdir = previousOutput();
    const result = run([], { CODER_REFARCH_CONFIG: path }, outdir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.split("\n").length).toBeLessThan(12);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["earlier"]);
    expect(readdirSync(outdir)).toEqual(["stacks"]);
  });

  test.each([["--help"], ["-h"]])("%s prints usage, the config variable and the commands, and writes nothing", (flag) => {
    const outdir = join(dir, "never-written-help");
    const result = run([flag], { CODER_REFARCH_CONFIG: join(dir, "missing.json") }, outdir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: node dist\/main\.js \[--check \| --help\]/);
    expect(result.stdout).toMatch(/CODER_REFARCH_CONFIG/);
    expect(result.stdout).toMatch(/synth .*\n.*deploy /);
    expect(existsSync(outdir)).toBe(false);
  });

  test("an unknown flag is an error naming it and the allowed ones", () => {
    const outdir = join(dir, "never-written-flag");
    const result = run(["--chek"], {}, outdir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Unknown option "--chek"; allowed: --check, --help\n');
    expect(existsSync(outdir)).toBe(false);
  });

  test("--check prints the plan and its findings and writes nothing", () => {
    const outdir = join(dir, "never-written");
    const result = run(["--check"], {}, outdir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/coderd 2 x t3\.xlarge/);
    expect(result.stdout).toMatch(/warning: The table puts 16 workspaces/);
    expect(existsSync(outdir)).toBe(false);
  });

  test("no config synthesizes the embedded default's stacks: infrastructure, add-ons and Coder per region", () => {
    const outdir = join(dir, "default");
    expect(run([], {}, outdir).code).toBe(0);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual([
      "aws-us-east-1-addons",
      "aws-us-east-1-coder",
      "aws-us-east-1-infra",
      "aws-us-west-2-addons",
      "aws-us-west-2-coder",
      "aws-us-west-2-infra",
    ]);
  });

  test("the app writes exactly what the library synth writes, and leaves Error.captureStackTrace as it found it", () => {
    const original = Error.captureStackTrace;
    const outdir = join(dir, "same-bytes");
    expect(run([], {}, outdir).code).toBe(0);
    expect(Error.captureStackTrace).toBe(original);
    const library = synthDeployment();
    const written = readdirSync(join(outdir, "stacks")).sort();
    expect(written).toEqual(Object.keys(library.stacks).sort());
    for (const stack of written) {
      expect({ stack, same: readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8") === library.files[`stacks/${stack}/cdk.tf.json`] }).toEqual({ stack, same: true });
    }
  });
});
