import { PostgresDatabase } from "../lib/aws/postgres-database";
import { PostgresReplica } from "../lib/aws/postgres-replica";
import { TerraformOutput } from "cdktf";
import { onlyResource, planOf, resources, synthConstruct, TerraformJson } from "./support/synth";

const plan = planOf().database;
const placement = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], clientSecurityGroupIds: ["sg-nodes"] };

/** The database's contract, with its credentials reference resolved through an output. */
function contractOf(databasePlan = plan): { database: PostgresDatabase; reference: string } {
  let database: PostgresDatabase | undefined;
  const json = synthConstruct((scope) => {
    database = new PostgresDatabase(scope, "database", { plan: databasePlan, ...placement });
    new TerraformOutput(scope, "reference", { value: database.credentials.reference });
  });
  return { database: database!, reference: json.output.reference.value };
}

describe("PostgresDatabase", () => {
  const json = synthConstruct((scope) => new PostgresDatabase(scope, "database", { plan, ...placement }));
  const db = onlyResource(json, "aws_db_instance");

  test("the seed's database: db.t3.xlarge, 1 TB gp3, Multi-AZ", () => {
    expect(db).toMatchObject({ engine: "postgres", instance_class: "db.t3.xlarge", allocated_storage: 1024, storage_type: "gp3", multi_az: true });
    expect(Number(db.engine_version)).toBeGreaterThanOrEqual(13);
  });

  test("encrypted at rest with its own rotating key, private, protected, backed up, with Performance Insights", () => {
    expect(db).toMatchObject({
      storage_encrypted: true,
      publicly_accessible: false,
      deletion_protection: true,
      backup_retention_period: 7,
      performance_insights_enabled: true,
      skip_final_snapshot: false,
    });
    expect(db.kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
    const keys = resources(json, "aws_kms_key");
    expect(keys).toHaveLength(2); // the database's, and the one of the secret's replica
    expect(keys.every((k) => k.enable_key_rotation === true)).toBe(true);
    expect(onlyResource(json, "aws_db_subnet_group").subnet_ids).toEqual(placement.subnetIds);
  });

  test("with the replica on (the default), the password is generated and sent write-only, not managed by RDS", () => {
    // RDS user guide, rds-secrets-manager, "Limitations": no read replica of a source whose master
    // password RDS manages in Secrets Manager; so the replica would fail to create.
    expect(plan.replica).toBeDefined();
    expect(db.manage_master_user_password).toBeUndefined();
    expect(db.master_user_secret_kms_key_id).toBeUndefined();
    expect(db.password).toBeUndefined();
    expect(db.password_wo).toMatch(/^\$\{random_password\.[^.]+\.result\}$/);
    expect(db.password_wo_version).toBe(1);
    // RDS for PostgreSQL: 8-128 printable characters without / " @ or space (RDS API, CreateDBInstance
    // MasterUserPassword); letters and digits only also keep it safe in a postgres:// URL.
    const password = onlyResource(json, "random_password");
    expect(password).toMatchObject({ special: false, keepers: { version: "1" } });
    expect(password.length).toBeGreaterThanOrEqual(8);
    expect(password.length).toBeLessThanOrEqual(128);
    // Write-only arguments exist from Terraform 1.11 on; older versions are refused up front.
    expect(json.terraform.required_version).toBe(">= 1.11.0");
  });

  test("the credentials are kept in a secret encrypted with the database's key, replicated with a key of the replica's region", () => {
    const secret = onlyResource(json, "aws_secretsmanager_secret");
    const keys = json.resource.aws_kms_key as Record<string, TerraformJson>;
    const keyOf = (ref: string) => keys[/aws_kms_key\.([^.]+)\.arn/.exec(ref)![1]];
    expect(secret.kms_key_id).toBe(db.kms_key_id);
    expect(keyOf(secret.kms_key_id).region).toBeUndefined();
    expect(secret.replica).toEqual([{ region: "us-west-2", kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) }]);
    expect(keyOf(secret.replica[0].kms_key_id)).toMatchObject({ region: "us-west-2", enable_key_rotation: true });
    expect(secret.name_prefix).toBe("coder-us-east-1-postgres-master-");
  });

  test("the secret holds username, password, host, port and dbname, written write-only", () => {
    const version = onlyResource(json, "aws_secretsmanager_secret_version");
    expect(version.secret_string).toBeUndefined();
    expect(version.secret_string_wo_version).toBe(1);
    for (const field of ['"username" = "coder"', '"password" = random_password.', '"host" = aws_db_instance.', '"port" = 5432', '"dbname" = "coder"']) {
      expect(version.secret_string_wo).toContain(field);
    }
  });

  test("raising passwordVersion rotates the password in the instance and the secret together", () => {
    const rotated = synthConstruct((scope) => new PostgresDatabase(scope, "database", { plan, ...placement, passwordVersion: 2 }));
    expect(onlyResource(rotated, "random_password").keepers).toEqual({ version: "2" });
    expect(onlyResource(rotated, "aws_db_instance").password_wo_version).toBe(2);
    expect(onlyResource(rotated, "aws_secretsmanager_secret_version").secret_string_wo_version).toBe(2);
    expect(() => synthConstruct((scope) => new PostgresDatabase(scope, "database", { plan, ...placement, passwordVersion: 0 }))).toThrow(
      /passwordVersion must be a whole number of at least 1, got 0/,
    );
  });

  test("with the replica off, RDS manages the password in Secrets Manager and nothing is generated", () => {
    const solo = synthConstruct((scope) => new PostgresDatabase(scope, "database", { plan: { ...plan, replica: undefined }, ...placement }));
    const instance = onlyResource(solo, "aws_db_instance");
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance.master_user_secret_kms_key_id).toBe(instance.kms_key_id);
    expect(instance.password_wo).toBeUndefined();
    expect(resources(solo, "random_password")).toHaveLength(0);
    expect(resources(solo, "aws_secretsmanager_secret")).toHaveLength(0);
    expect(solo.terraform.required_version).toBeUndefined();
  });

  test("the contract points at the secret, never at the password", () => {
    const { database, reference } = contractOf();
    expect(database.credentials).toMatchObject({ store: "aws-secrets-manager", username: "coder", passwordField: "password" });
    expect(reference).toMatch(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/);
    expect(contractOf({ ...plan, replica: undefined }).reference).toMatch(/^\$\{aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn\}$/);
  });

  test("a major upgrade can proceed: the flag is set, and the parameter group is named by prefix and replaced before it is destroyed", () => {
    // RDS refuses to delete a parameter group an instance still uses, and a new family replaces the
    // group (terraform-provider-aws docs for aws_db_parameter_group, "create_before_destroy").
    expect(db.allow_major_version_upgrade).toBe(true);
    const group = onlyResource(json, "aws_db_parameter_group");
    expect(group.name).toBeUndefined();
    expect(group.name_prefix).toBe("coder-us-east-1-postgres-pg17-");
    expect(group.family).toBe("postgres17");
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
  });

  test("only the cluster's nodes reach it, on 5432, and connections must use TLS", () => {
    const rules = resources(json, "aws_vpc_security_group_ingress_rule");
    expect(rules).toEqual([expect.objectContaining({ referenced_security_group_id: "sg-nodes", from_port: 5432, to_port: 5432, ip_protocol: "tcp" })]);
    expect(rules[0].cidr_ipv4).toBeUndefined();
    expect(resources(json, "aws_vpc_security_group_egress_rule")).toHaveLength(0);
    expect(onlyResource(json, "aws_db_parameter_group").parameter).toEqual([{ name: "rds.force_ssl", value: "1" }]);
  });

  test("exported logs land in log groups with retention, created before the instance", () => {
    const groups = resources(json, "aws_cloudwatch_log_group");
    expect(groups.map((g) => g.name).sort()).toEqual(["/aws/rds/instance/coder-us-east-1-postgres/postgresql", "/aws/rds/instance/coder-us-east-1-postgres/upgrade"]);
    expect(groups.every((g) => g.retention_in_days === 90)).toBe(true);
    expect(db.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    expect(db.depends_on.filter((d: string) => d.startsWith("aws_cloudwatch_log_group."))).toHaveLength(2);
  });

  test("refuses what Coder or RDS cannot run", () => {
    const build = (overrides: object, subnets = placement.subnetIds) => () =>
      synthConstruct((scope) => new PostgresDatabase(scope, "db", { plan: { ...plan, ...overrides }, ...placement, subnetIds: subnets }));
    expect(build({ postgresVersion: "12" })).toThrow(/PostgreSQL 13 or newer, got 12/);
    expect(build({}, ["subnet-a"])).toThrow(/Multi-AZ needs subnets in at least 2 zones/);
    expect(build({ backupRetentionDays: 1 })).toThrow(/at least 7, got 1/);
    expect(() => synthConstruct((scope) => new PostgresDatabase(scope, "db", { plan, ...placement, clientSecurityGroupIds: [] }))).toThrow(/nothing could reach/);
  });
});

describe("PostgresReplica", () => {
  const json = synthConstruct(
    (scope) => new PostgresReplica(scope, "replica", { plan, sourceArn: "arn:aws:rds:us-east-1:123456789012:db:primary", identifier: "coder-us-west-2-postgres-replica", ...placement }),
  );
  const db = onlyResource(json, "aws_db_instance");

  test("replicates the primary, encrypted with a key of its own region, private and protected", () => {
    expect(db).toMatchObject({
      replicate_source_db: "arn:aws:rds:us-east-1:123456789012:db:primary",
      instance_class: "db.t3.xlarge",
      storage_encrypted: true,
      publicly_accessible: false,
      deletion_protection: true,
    });
    expect(db.kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
  });

  test("sets nothing the source decides", () => {
    for (const field of ["engine", "engine_version", "username", "password", "db_name", "allocated_storage"]) expect(db[field]).toBeUndefined();
  });

  test("its parameter group is replaced before it is destroyed too", () => {
    const group = onlyResource(json, "aws_db_parameter_group");
    expect(group.name_prefix).toBe("coder-us-west-2-postgres-replica-pg17-");
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
  });

  test("shares every argument it has in common with the primary", () => {
    const primary = onlyResource(synthConstruct((scope) => new PostgresDatabase(scope, "database", { plan, ...placement })), "aws_db_instance");
    const shared = [
      "instance_class",
      "storage_type",
      "storage_encrypted",
      "publicly_accessible",
      "deletion_protection",
      "backup_retention_period",
      "auto_minor_version_upgrade",
      "copy_tags_to_snapshot",
      "performance_insights_enabled",
      "performance_insights_retention_period",
      "enabled_cloudwatch_logs_exports",
      "max_allocated_storage",
      "monitoring_interval",
    ];
    for (const field of shared) expect({ field, value: db[field] }).toEqual({ field, value: primary[field] });
    for (const field of ["kms_key_id", "performance_insights_kms_key_id", "db_subnet_group_name", "parameter_group_name"]) expect(db[field]).toMatch(/^\$\{aws_/);
    // The two log groups and the Enhanced Monitoring role's policy.
    expect(db.depends_on).toHaveLength(3);
    const longer = synthConstruct(
      (scope) =>
        new PostgresReplica(scope, "replica", { plan, sourceArn: "arn:aws:rds:us-east-1:123456789012:db:primary", identifier: "r", ...placement, performanceInsightsRetentionDays: 31 }),
    );
    expect(onlyResource(longer, "aws_db_instance").performance_insights_retention_period).toBe(31);
  });
});
