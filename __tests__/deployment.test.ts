import { synthDeployment, resources, TerraformJson } from "./support/synth";

const PRIMARY = "aws-us-east-1-infra";
const SECONDARY = "aws-us-west-2-infra";
const PRIMARY_ADDONS = "aws-us-east-1-addons";
const SECONDARY_ADDONS = "aws-us-west-2-addons";

describe("the default AWS deployment", () => {
  const deployment = synthDeployment();
  const { stacks } = deployment;
  const nodeGroups = [stacks[PRIMARY], stacks[SECONDARY]].flatMap((s) => resources(s, "aws_eks_node_group"));
  const byPool = (pool: string) => nodeGroups.filter((g) => g.labels["coder-refarch/pool"] === pool);
  const sum = (groups: TerraformJson[], field: string) => groups.reduce((total, g) => total + g.scaling_config[field], 0);

  test("an infrastructure, an add-ons and a Coder stack per region, named <cloud>-<region>-<layer>", () => {
    expect(Object.keys(stacks).sort()).toEqual([PRIMARY_ADDONS, "aws-us-east-1-coder", PRIMARY, SECONDARY_ADDONS, "aws-us-west-2-coder", SECONDARY]);
    expect(stacks[PRIMARY].provider.aws[0].region).toBe("us-east-1");
    expect(stacks[SECONDARY].provider.aws[0].region).toBe("us-west-2");
  });

  test("2 coderd nodes on t3.xlarge, static, in the primary region only", () => {
    const coderd = byPool("coderd");
    expect(coderd).toHaveLength(1);
    expect(resources(stacks[PRIMARY], "aws_eks_node_group")).toContainEqual(coderd[0]);
    expect(coderd[0].instance_types).toEqual(["t3.xlarge"]);
    expect(coderd[0].scaling_config).toEqual({ min_size: 2, max_size: 2, desired_size: 2 });
  });

  test("4 provisioner nodes on t3.2xlarge in total, over both regions", () => {
    const provisioner = byPool("provisioner");
    expect(provisioner).toHaveLength(2);
    expect(provisioner.every((g) => g.instance_types[0] === "t3.2xlarge")).toBe(true);
    expect(sum(provisioner, "max_size")).toBe(4);
    expect(sum(provisioner, "min_size")).toBe(4);
  });

  test("at most 128 workspace nodes on t3.2xlarge in total, in one group per zone in both regions", () => {
    const workspace = byPool("workspace");
    expect(workspace).toHaveLength(6);
    expect(workspace.every((g) => g.instance_types[0] === "t3.2xlarge")).toBe(true);
    expect(sum(workspace, "max_size")).toBe(128);
    for (const stack of [PRIMARY, SECONDARY]) {
      const groups = resources(stacks[stack], "aws_eks_node_group").filter((g) => g.labels["coder-refarch/pool"] === "workspace");
      // Each region's share (64) and minimum (1) exactly, split over its three zones.
      expect(groups.map((g) => g.scaling_config.max_size)).toEqual([22, 21, 21]);
      expect(groups.map((g) => g.scaling_config.min_size)).toEqual([1, 0, 0]);
      expect(groups.every((g) => g.subnet_ids.length === 1)).toBe(true);
      expect(new Set(groups.map((g) => g.subnet_ids[0])).size).toBe(3);
    }
  });

  test("a workspace proxy pool sized like coderd in the secondary region", () => {
    const [proxy] = byPool("proxy");
    expect(resources(stacks[SECONDARY], "aws_eks_node_group")).toContainEqual(proxy);
    expect(proxy).toMatchObject({ instance_types: ["t3.xlarge"], scaling_config: { min_size: 2, max_size: 2, desired_size: 2 } });
  });

  test("db.t3.xlarge with 1 TB, Multi-AZ, encrypted, not public, in the primary region", () => {
    const [db] = resources(stacks[PRIMARY], "aws_db_instance");
    expect(db).toMatchObject({ instance_class: "db.t3.xlarge", allocated_storage: 1024, multi_az: true, storage_encrypted: true, publicly_accessible: false });
  });

  test("an encrypted replica in the secondary region, fed by the primary's ARN through its state", () => {
    const [replica] = resources(stacks[SECONDARY], "aws_db_instance");
    expect(replica).toMatchObject({ storage_encrypted: true, publicly_accessible: false });
    expect(replica.replicate_source_db).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-aws-us-east-1-infra\.outputs\./);
    const exported = Object.values(stacks[PRIMARY].output as Record<string, TerraformJson>).map((o) => o.value);
    expect(exported).toContain("${aws_db_instance.database_instance_D7FC2283.arn}");
  });

  test("the database admits only its own region's coderd or proxy nodes, through their own security group", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const rules = resources(stacks[stack], "aws_vpc_security_group_ingress_rule").filter((r) => r.from_port === 5432);
      expect(rules).toHaveLength(1);
      expect(rules[0].referenced_security_group_id).toMatch(/^\$\{aws_security_group\.database-client-nodes.*\.id\}$/);
    }
  });

  test("the two regions' networks do not overlap", () => {
    expect(resources(stacks[PRIMARY], "aws_vpc")[0].cidr_block).toBe("10.0.0.0/16");
    expect(resources(stacks[SECONDARY], "aws_vpc")[0].cidr_block).toBe("10.1.0.0/16");
  });

  // CoreDNS and the EBS CSI controller are pinned to the system pool; created before it, the
  // add-ons stay degraded with nowhere to run (EKS user guide, managing add-ons).
  test("the workload add-ons wait for the system pool's node groups, and only those", () => {
    for (const name of [PRIMARY, SECONDARY]) {
      const addons = resources(stacks[name], "aws_eks_addon").filter((a) => ["coredns", "aws-ebs-csi-driver"].includes(a.addon_name));
      expect(addons).toHaveLength(2);
      for (const addon of addons) {
        const groups = addon.depends_on.filter((d: string) => d.startsWith("aws_eks_node_group."));
        expect(groups.length).toBeGreaterThan(0);
        for (const group of groups) expect(group).toMatch(/^aws_eks_node_group\.system-pool/);
      }
    }
  });

  test("node pools wait for the node role and the networking add-ons", () => {
    for (const group of nodeGroups) {
      expect(group.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_addon\..*vpc-cni/), expect.stringMatching(/^aws_iam_role_policy_attachment\./)]));
    }
  });

  test("outputs for the next steps, and no secret among them", () => {
    const cluster = ["cluster_name", "cluster_endpoint", "cluster_ca_certificate", "cluster_workload_identity_issuer", "network_id"];
    expect(Object.keys(stacks[PRIMARY].output)).toEqual(
      expect.arrayContaining([...cluster, "database_host", "database_port", "database_name", "database_username", "database_credentials_secret"]),
    );
    expect(Object.keys(stacks[SECONDARY].output)).toEqual(expect.arrayContaining([...cluster, "database_replica_host"]));
    expect(stacks[PRIMARY].output.database_credentials_secret.value).toMatch(/^\$\{aws_secretsmanager_secret\.[^.]+\.arn\}$/);
    expect(stacks[PRIMARY].output.database_port.value).toBe(5432);
    const text = JSON.stringify([stacks[PRIMARY].output, stacks[SECONDARY].output]);
    expect(text).not.toMatch(/password/i);
  });

  test("every AWS resource is tagged through the provider's default tags", () => {
    for (const stack of [stacks[PRIMARY], stacks[SECONDARY]]) {
      expect(stack.provider.aws[0].default_tags[0].tags).toEqual({ "managed-by": "coder-refarch", "coder-refarch-deployment": "coder" });
    }
  });

  test("state: a local backend at a relative path, one file per stack", () => {
    expect(stacks[PRIMARY].terraform.backend).toEqual({ local: { path: "../../../../terraform.coder.aws-us-east-1-infra.tfstate" } });
    expect(stacks[SECONDARY].terraform.backend).toEqual({ local: { path: "../../../../terraform.coder.aws-us-west-2-infra.tfstate" } });
  });

  test("no absolute path in any file written", () => {
    for (const [path, text] of Object.entries(deployment.files)) {
      expect({ path, leaks: text.includes(deployment.outdir) || text.includes(process.cwd()) || /"\/(tmp|home|root|work)\//.test(text) }).toEqual({ path, leaks: false });
    }
  });

  test.each([PRIMARY, SECONDARY, PRIMARY_ADDONS, SECONDARY_ADDONS])("%s matches its committed snapshot", (name) => {
    expect(deployment.files[`stacks/${name}/cdk.tf.json`]).toMatchSnapshot();
  });

  test("the manifest matches its committed snapshot", () => {
    expect(deployment.files["manifest.json"]).toMatchSnapshot();
  });
});

describe("synthesis is deterministic", () => {
  test("two synths of the same config write the same bytes", () => {
    const first = synthDeployment({ regions: { primary: { workspaceNodes: 90 } } });
    const second = synthDeployment({ regions: { primary: { workspaceNodes: 90 } } });
    expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
    for (const path of Object.keys(first.files)) expect({ path, same: second.files[path] === first.files[path] }).toEqual({ path, same: true });
  });
});

describe("options", () => {
  test("without the replica the secondary region has no database and no remote state", () => {
    const { stacks } = synthDeployment({ database: { crossRegionReplica: false } });
    expect(resources(stacks[SECONDARY], "aws_db_instance")).toHaveLength(0);
    expect(stacks[SECONDARY].data?.terraform_remote_state).toBeUndefined();
  });

  test("an S3 backend: encrypted, one key per stack, locked by S3 itself unless a table is named", () => {
    const { stacks } = synthDeployment({ backend: { type: "s3", bucket: "acme-tfstate", region: "eu-west-1" } });
    expect(stacks[PRIMARY].terraform.backend.s3).toEqual({
      bucket: "acme-tfstate",
      region: "eu-west-1",
      key: "coder-refarch/coder/aws-us-east-1-infra.tfstate",
      encrypt: true,
      use_lockfile: true,
    });
    const [remote] = Object.values(stacks[SECONDARY].data.terraform_remote_state as Record<string, TerraformJson>);
    expect(remote).toMatchObject({ backend: "s3", config: { key: "coder-refarch/coder/aws-us-east-1-infra.tfstate" } });
    const locked = synthDeployment({ backend: { type: "s3", bucket: "acme-tfstate", region: "eu-west-1", dynamodbTable: "locks" } });
    expect(locked.stacks[PRIMARY].terraform.backend.s3).toMatchObject({ dynamodb_table: "locks" });
    expect(locked.stacks[PRIMARY].terraform.backend.s3.use_lockfile).toBeUndefined();
  });

  test.each([
    ["local", { type: "local" }],
    ["s3", { type: "s3", bucket: "acme-tfstate", region: "eu-west-1" }],
    ["gcs", { type: "gcs", bucket: "acme-tfstate" }],
    ["azurerm", { type: "azurerm", resourceGroupName: "tfstate", storageAccountName: "acmetfstate", containerName: "tfstate" }],
  ])("two deployments that differ only in namePrefix never share a %s state", (_, backend) => {
    const stateOf = (namePrefix: string) => {
      const { stacks } = synthDeployment({ namePrefix, backend });
      return Object.values(stacks).map((stack) => JSON.stringify(stack.terraform.backend));
    };
    const alpha = stateOf("alpha");
    const beta = stateOf("beta");
    expect(new Set([...alpha, ...beta]).size).toBe(alpha.length + beta.length);
    alpha.forEach((state) => expect(state).toContain("alpha"));
  });

  test("the replica's remote state reads the primary's state of the same deployment", () => {
    const { stacks } = synthDeployment({ namePrefix: "beta", backend: { type: "s3", bucket: "acme-tfstate", region: "eu-west-1" } });
    const [remote] = Object.values(stacks[SECONDARY].data.terraform_remote_state as Record<string, TerraformJson>);
    expect(remote.config.key).toBe("coder-refarch/beta/aws-us-east-1-infra.tfstate");
  });

  test("other regions and prefix change names, not structure", () => {
    const { stacks } = synthDeployment({ namePrefix: "acme", regions: { primary: { name: "eu-west-1" }, secondary: { name: "eu-central-1" } } });
    expect(Object.keys(stacks).sort()).toEqual([
      "aws-eu-central-1-addons",
      "aws-eu-central-1-coder",
      "aws-eu-central-1-infra",
      "aws-eu-west-1-addons",
      "aws-eu-west-1-coder",
      "aws-eu-west-1-infra",
    ]);
    expect(resources(stacks["aws-eu-west-1-infra"], "aws_eks_cluster")[0].name).toBe("acme-eu-west-1");
    expect(resources(stacks["aws-eu-west-1-infra"], "aws_db_instance")[0].identifier).toBe("acme-eu-west-1-postgres");
  });
});
