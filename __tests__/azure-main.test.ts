import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { configFolder, runMain } from "./support/run-main";

const run = runMain;

describe("the app on Azure, as a new user runs it", () => {
  const { dir, config } = configFolder("coder-refarch-azure-main-");

  test('{"cloud": "azure"} writes both Azure regions, infra and coder stacks, with no account in the environment', () => {
    const outdir = join(dir, "azure");
    const env = { CODER_REFARCH_CONFIG: config("azure.json", '{"cloud": "azure"}') };
    expect(run([], env, outdir).code).toBe(0);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["azure-eastus-addons", "azure-eastus-coder", "azure-eastus-infra", "azure-westus2-addons", "azure-westus2-coder", "azure-westus2-infra"]);
  });

  test("--check prints the Azure plan: the seed's sizes and the regions", () => {
    const result = run(["--check"], { CODER_REFARCH_CONFIG: config("check.json", '{"cloud": "azure"}') }, join(dir, "never"));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/coderd 2 x Standard_D4s_v3/);
    expect(result.stdout).toMatch(/workspace 1-64 x Standard_D8s_v3/);
    expect(result.stdout).toMatch(/database: Standard_D4s_v3 .* 1024 GiB/);
  });

  test.each([
    ["a name prefix too long for a Key Vault", '{"cloud": "azure", "namePrefix": "coder-production-eu"}', /- namePrefix: is 19 characters; on Azure it may have at most 14, because Key Vault names/],
    ["an Azure region without zones for the primary", '{"cloud": "azure", "regions": {"primary": {"name": "westus"}}}', /- regions\.primary\.name: has no availability zones/],
  ])("%s: one line naming the field, exit code 1, nothing written", (name, text, message) => {
    const outdir = mkdtempSync(join(dir, "out-"));
    mkdirSync(join(outdir, "stacks"));
    const result = run([], { CODER_REFARCH_CONFIG: config(`${name.replace(/\W+/g, "-")}.json`, text) }, outdir);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(2); // the file's header line, then exactly one line for the problem
    expect(lines[1]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(outdir, "stacks"))).toEqual([]);
  });
});
