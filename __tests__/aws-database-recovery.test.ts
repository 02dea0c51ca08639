import { onlyResource, resources, synthDeployment } from "./support/synth";

/**
 * The database across the two AWS stacks: what a promoted replica needs after the primary region
 * is lost, and what RDS refuses (RDS user guide, rds-secrets-manager, "Limitations": no read
 * replica of a source whose master password RDS manages in Secrets Manager).
 */
const PRIMARY = "aws-us-east-1-infra";
const SECONDARY = "aws-us-west-2-infra";

describe("with the cross-region replica (the default)", () => {
  const { stacks } = synthDeployment();
  const primaryDb = onlyResource(stacks[PRIMARY], "aws_db_instance");

  test("the primary's password is not managed by RDS, so the replica can be created", () => {
    expect(onlyResource(stacks[SECONDARY], "aws_db_instance").replicate_source_db).toBeDefined();
    expect(primaryDb.manage_master_user_password).toBeUndefined();
    expect(primaryDb.password_wo).toMatch(/^\$\{random_password\./);
  });

  test("the credentials secret is replicated to the replica's region", () => {
    const [secret] = resources(stacks[PRIMARY], "aws_secretsmanager_secret").filter((s) => s.name_prefix);
    expect(secret.replica).toHaveLength(1);
    expect(secret.replica[0].region).toBe(stacks[SECONDARY].provider.aws[0].region);
  });

  test("no output carries the password or anything derived from it", () => {
    for (const stack of Object.values(stacks)) {
      for (const [name, output] of Object.entries<{ value: unknown }>(stack.output ?? {})) {
        expect({ name, value: JSON.stringify(output.value) }).not.toEqual({ name, value: expect.stringMatching(/random_password|password_wo|secret_string/) });
      }
    }
  });
});

describe("without the replica", () => {
  const { stacks } = synthDeployment({ database: { crossRegionReplica: false } });

  test("RDS manages the password, and nothing is generated or replicated", () => {
    expect(onlyResource(stacks[PRIMARY], "aws_db_instance").manage_master_user_password).toBe(true);
    for (const stack of Object.values(stacks)) {
      expect(resources(stack, "random_password")).toHaveLength(0);
      // Only the Coder layer's bootstrap entries, which hold no database credential.
      expect(resources(stack, "aws_secretsmanager_secret").filter((s) => !/-coder-(untagged-)?(provisioner-key|proxy-token)$/.test(s.name))).toHaveLength(0);
    }
    expect(stacks[PRIMARY].output.database_credentials_secret.value).toMatch(/master_user_secret\[0\]\.secret_arn/);
  });
});
