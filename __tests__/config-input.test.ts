import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { loadConfig, readConfigFile } from "../lib/config/load";
import { deploymentFolder, deploymentOutdir, localStatePath, removeOtherFormat } from "../lib/terraform/output-folder";
import { addDeployment } from "../stacks/deployment";
import { loadDeploymentPlan, unmatchedSuppressions } from "../stacks/load-deployment";
import { configFolder, runMain } from "./support/run-main";
import { planOf, readTree } from "./support/synth";

/** How the config file reaches the app: every file that is not a readable config gets a message, never a hang or a trace. */
describe("the config file", () => {
  const { dir, config } = configFolder("coder-refarch-input-");

  test("an empty CODER_REFARCH_CONFIG is an error, not the default deployment in disguise", () => {
    const run = runMain(["--check"], { CODER_REFARCH_CONFIG: "" }, dir);
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toBe(
      "Invalid deployment config (CODER_REFARCH_CONFIG): 1 problem\n  - (config): CODER_REFARCH_CONFIG is set but empty: name a JSON or YAML config file, or unset it for the embedded default deployment\n",
    );
  });

  test("a named pipe is refused at once instead of read for ever", () => {
    const fifo = join(dir, "config.json");
    execFileSync("mkfifo", [fifo]);
    expect(() => loadConfig(fifo)).toThrow(/is a named pipe; CODER_REFARCH_CONFIG must name a regular JSON or YAML file/);
  });

  test("an unreadable file is named with the reason, not an uncaught EACCES", () => {
    // The tests run as root here, which reads any file: the refusal is the operating system's, so it is played.
    const file = config("locked.json", "{}");
    const refuse = () => {
      throw Object.assign(new Error("EACCES: permission denied, open"), { code: "EACCES" });
    };
    expect(() => readConfigFile(file, refuse)).toThrow(/locked\.json: 1 problem\n {2}- \(config\): cannot be read \(permission denied\); check the file's permissions/);
  });

  test("a UTF-8 byte-order mark is not content: the file reads as without it", () => {
    const file = config("bom.json", '\uFEFF{"cloud": "gcp"}');
    expect(loadConfig(file).cloud).toBe("gcp");
  });

  test("a key given twice in JSON is refused with its line, not resolved to the last", () => {
    const file = config("twice.json", '{\n  "cloud": "gcp",\n  "cloud": "aws"\n}');
    expect(() => loadConfig(file)).toThrow(/not valid JSON: Map keys must be unique at line 3/);
  });

  test("problems of the schema's later stages arrive together: network sizing and an unknown rule ID in one run", () => {
    const file = config("two-kinds.json", JSON.stringify({ regions: { primary: { networkCidr: "10.0.0.0/24" } }, policy: { suppressions: [{ rule: "AWS-NOPE-001", reason: "a reason of some length" }] } }));
    expect(() => loadDeploymentPlan(file)).toThrow(/2 problems\n {2}- regions\.primary\.networkCidr: .*need a \/17 or larger.*\n {2}- policy\.suppressions\.0\.rule: is not one of the aws rules/);
  });

  test("a suppression limited to a path that names nothing is refused before anything is written", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "coder-refarch-unmatched-")) });
    const suppressions = [
      { rule: "AWS-EKS-002", reason: "a reason of some length", resource: "aws-us-east-1-infra/clustr" },
      { rule: "AWS-EKS-002", reason: "a reason of some length", resource: "aws-us-east-1-infra/cluster" },
    ];
    addDeployment(app, planOf({ policy: { suppressions } }));
    expect(unmatchedSuppressions(app, suppressions)).toEqual([expect.objectContaining({ path: "policy.suppressions.0.resource", value: "aws-us-east-1-infra/clustr" })]);
  });
});

/**
 * Two deployments in one checkout: stack names are per cloud and region, so each deployment has its
 * own folder under cdktf.out, and Terraform's working state (.terraform, the backend it was
 * initialized with) never crosses from one to the other (lib/terraform/output-folder.ts).
 */
describe("two deployments in one checkout", () => {
  test("configs that differ in namePrefix or cloud write to different folders and different states", () => {
    const root = mkdtempSync(join(tmpdir(), "coder-refarch-two-"));
    const base = join(root, "cdktf.out");
    const configs = [{}, { namePrefix: "acme" }, { cloud: "gcp" }];
    const plans = configs.map((c) => planOf(c));
    const folders = plans.map((p) => deploymentOutdir(base, p));
    expect(plans.map(deploymentFolder)).toEqual(["coder-aws", "acme-aws", "coder-gcp"]);
    expect(new Set(folders).size).toBe(3);
    plans.forEach((plan, i) => {
      fs.mkdirSync(folders[i], { recursive: true });
      const app = new App({ outdir: folders[i], stackTraces: false });
      addDeployment(app, plan);
      app.synth();
    });
    const statePaths = folders.flatMap((folder) =>
      readdirSync(join(folder, "stacks")).map((stack) => JSON.parse(readTree(folder)[`stacks/${stack}/cdk.tf.json`]).terraform.backend.local.path),
    );
    // Each stack's state file is its own, named by deployment and stack, and sits at the root of the checkout.
    expect(new Set(statePaths).size).toBe(statePaths.length);
    for (const path of statePaths) expect(path).toMatch(/^\.\.\/\.\.\/\.\.\/\.\.\/terraform\.(coder|acme)\.(aws|gcp)-[a-z0-9-]+-(infra|addons|coder)\.tfstate$/);
    expect(localStatePath("acme", "aws-us-east-1-infra")).toBe("../../../../terraform.acme.aws-us-east-1-infra.tfstate");
  });

  test("a JSON synth removes an earlier HCL synth's files, and the other way round", () => {
    const { config } = configFolder("coder-refarch-formats-");
    const outdir = mkdtempSync(join(tmpdir(), "coder-refarch-formats-out-"));
    fs.mkdirSync(join(outdir, "stacks", "aws-us-east-1-infra"), { recursive: true });
    fs.writeFileSync(join(outdir, "stacks", "aws-us-east-1-infra", "cdk.tf"), "# from synth:hcl");
    expect(runMain([], { CODER_REFARCH_CONFIG: config("default.json", "{}") }, outdir).code).toBe(0);
    expect(readdirSync(join(outdir, "stacks", "aws-us-east-1-infra"))).toEqual(["cdk.tf.json"]);
    expect(removeOtherFormat(outdir, true).map((f) => f.slice(outdir.length))).toContain("/stacks/aws-us-east-1-infra/cdk.tf.json");
  });
});
