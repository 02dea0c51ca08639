import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { configFolder, runMain } from "./support/run-main";

const run = runMain;

describe("the app on GCP, as a new user runs it", () => {
  const { dir, config } = configFolder("coder-refarch-gcp-main-");

  test('{"cloud": "gcp"} writes both GCP regions\' infrastructure and coder stacks', () => {
    const outdir = join(dir, "gcp");
    const result = run([], { CODER_REFARCH_CONFIG: config("gcp.json", '{"cloud": "gcp"}') }, outdir);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["gcp-us-east1-addons", "gcp-us-east1-coder", "gcp-us-east1-infra", "gcp-us-west1-addons", "gcp-us-west1-coder", "gcp-us-west1-infra"]);
  });

  test.each([
    ["an AWS region name", '{"cloud": "gcp", "regions": {"primary": {"name": "us-east-1"}}}', /^ {2}- regions\.primary\.name: must be a gcp region name such as us-east1 \(got "us-east-1"\)$/],
    ["a region without T2D", '{"cloud": "gcp", "regions": {"secondary": {"name": "us-west2"}}}', /^ {2}- regions\.secondary\.name: us-west2 does not offer t2d-standard-8 \(T2D\).*\(source: cloud\.google\.com\/compute\/docs\/regions-zones.*\) \(got "us-west2"\)$/],
    ["a label value GCP refuses", '{"cloud": "gcp", "tags": {"team": "Platform"}}', /^ {2}- tags\.team: gcp label values take at most 63 lowercase letters, digits, '_' or '-' \(got "Platform"\)$/],
  ])("%s: one line naming the field, exit code 1, nothing written", (_, text, line) => {
    const outdir = mkdtempSync(join(dir, "out-"));
    mkdirSync(join(outdir, "stacks"));
    const result = run([], { CODER_REFARCH_CONFIG: config("bad.json", text) }, outdir);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/bad\.json: 1 problem$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(line);
    expect(readdirSync(join(outdir, "stacks"))).toEqual([]);
  });

  test("--check prints the GCP plan: zones per pool and the findings, and writes nothing", () => {
    const outdir = join(dir, "never-written");
    const result = run(["--check"], { CODER_REFARCH_CONFIG: config("check.json", '{"cloud": "gcp"}') }, outdir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2k tier on gcp/);
    expect(result.stdout).toMatch(/coderd 2 x n1-standard-4 \(b\+c, 1 each\)/);
    expect(result.stdout).toMatch(/workspace 1-64 x t2d-standard-8 \(b\+c\+d\)/);
    expect(result.stdout).toMatch(/proxy 2 x n1-standard-4 \(a\+b, 1 each\)/);
    expect(existsSync(outdir)).toBe(false);
  });
});
