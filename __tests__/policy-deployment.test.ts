import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { main } from "../main";
import { checkAppPolicy, POLICY_RULES } from "../lib/policy";
import { addDeployment } from "../stacks/deployment";
import { planOf, synthDeployment } from "./support/synth";

function appOf(raw: unknown) {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "coder-refarch-policy-")), stackTraces: false });
  const stacks = addDeployment(app, planOf(raw));
  return { app, stacks };
}

describe("the policy rules on whole deployments", () => {
  test.each(["aws", "gcp", "azure"] as const)("the default %s deployment has no violation and no suppression", (cloud) => {
    const { app } = appOf({ cloud });
    const result = checkAppPolicy(app, POLICY_RULES[cloud], []);
    expect(result.violations.map((v) => `${v.rule.id} ${v.block.path}`)).toEqual([]);
    expect(result.suppressed).toEqual([]);
  });

  test("an insecure resource added to a stack fails synth, naming the rule, the construct path and the fix", () => {
    const { app, stacks } = appOf({});
    new DbInstance(stacks[0], "unencrypted", { instanceClass: "db.t3.micro", engine: "postgres", allocatedStorage: 20, publiclyAccessible: true });
    expect(() => app.synth()).toThrow(/\[AWS-RDS-001\] aws-us-east-1-infra\/unencrypted: database storage is encrypted: .*Fix: set storage_encrypted = true/);
  });

  test("a suppression with its reason lets synth pass and is listed in every stack's output", () => {
    const suppression = { rule: "AWS-EKS-002", reason: "the API is public for the office network during the pilot" };
    const { stacks } = synthDeployment({ policy: { suppressions: [suppression] } });
    for (const stack of Object.values(stacks)) expect(stack["//"]["coder-refarch"].policy_suppressions).toEqual([suppression]);
  });
});

describe("policy errors as a user meets them", () => {
  const dir = mkdtempSync(join(tmpdir(), "coder-refarch-policy-main-"));
  const quiet = <T>(fn: () => T): { result: T; stderr: string } => {
    let stderr = "";
    const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      return { result: fn(), stderr };
    } finally {
      err.mockRestore();
    }
  };

  test("a suppression naming no rule is a config error naming the field, and nothing is written", () => {
    const path = join(dir, "typo.json");
    writeFileSync(path, JSON.stringify({ policy: { suppressions: [{ rule: "AWS-EKS-999", reason: "a typo in the rule ID here" }] } }));
    const outdir = join(dir, "out");
    const { result, stderr } = quiet(() => main([], { CODER_REFARCH_CONFIG: path }, outdir));
    expect(result).toBe(1);
    expect(stderr).toMatch(/policy\.suppressions\.0\.rule: is not one of the aws rules; known: AWS-RDS-001, .* \(got "AWS-EKS-999"\)/);
    expect(() => readdirSync(outdir)).toThrow();
  });

  test("a suppression without a real reason is refused", () => {
    const path = join(dir, "short.json");
    writeFileSync(path, JSON.stringify({ policy: { suppressions: [{ rule: "AWS-EKS-002", reason: "ok" }] } }));
    const { result, stderr } = quiet(() => main([], { CODER_REFARCH_CONFIG: path }, join(dir, "out2")));
    expect(result).toBe(1);
    expect(stderr).toMatch(/policy\.suppressions\.0\.reason: must say why, in at least 10 characters/);
  });
});
