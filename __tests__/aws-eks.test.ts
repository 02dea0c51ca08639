import { Construct } from "constructs";
import { EksCluster, CONTROL_PLANE_LOG_TYPES } from "../lib/aws/eks-cluster";
import { EksNodePool } from "../lib/aws/eks-node-pool";
import { EksNodeRole, NODE_MANAGED_POLICIES } from "../lib/aws/eks-node-role";
import { EksWorkloadAddons } from "../lib/aws/eks-workload-addons";
import { onlyResource, planOf, resources, synthConstruct, TerraformJson } from "./support/synth";

const region = planOf().primary;
const subnetIds = ["subnet-a", "subnet-b", "subnet-c"];

function clusterJson(apiAllowedCidrs: string[] = [], adminPrincipalArns: string[] = []): TerraformJson {
  return synthConstruct((scope) => {
    const cluster = new EksCluster(scope, "cluster", { plan: { ...region.cluster, apiAllowedCidrs }, subnetIds, adminPrincipalArns });
    new EksWorkloadAddons(scope, "addons", { cluster, nodePools: [], volumeTags: { team: "platform" } });
  });
}

describe("EksCluster", () => {
  const json = clusterJson();
  const cluster = onlyResource(json, "aws_eks_cluster");

  test("secrets are encrypted with a rotating KMS key", () => {
    expect(cluster.encryption_config.resources).toEqual(["secrets"]);
    expect(cluster.encryption_config.provider.key_arn).toMatch(/aws_kms_key\..*\.arn/);
    expect(onlyResource(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true });
  });

  test("every control-plane log type, into a log group with retention created first", () => {
    expect(cluster.enabled_cluster_log_types).toEqual(CONTROL_PLANE_LOG_TYPES);
    expect(CONTROL_PLANE_LOG_TYPES).toHaveLength(5);
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/eks/coder-us-east-1/cluster", retention_in_days: 90 });
    expect(cluster.depends_on.some((d: string) => d.startsWith("aws_cloudwatch_log_group."))).toBe(true);
  });

  test("private endpoint on, public endpoint off by default", () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false, subnet_ids: subnetIds });
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
  });

  test("public endpoint limited to the configured CIDRs when there are any", () => {
    const open = onlyResource(clusterJson(["203.0.113.0/24"]), "aws_eks_cluster");
    expect(open.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
  });

  test("version, service range and access entries from the plan", () => {
    expect(cluster).toMatchObject({
      name: "coder-us-east-1",
      version: region.cluster.kubernetesVersion,
      kubernetes_network_config: { service_ipv4_cidr: "172.20.0.0/16" },
      access_config: { authentication_mode: "API" },
    });
    const withAdmin = clusterJson([], ["arn:aws:iam::123456789012:role/platform-admin"]);
    expect(onlyResource(withAdmin, "aws_eks_access_entry").principal_arn).toBe("arn:aws:iam::123456789012:role/platform-admin");
    expect(onlyResource(withAdmin, "aws_eks_access_policy_association").policy_arn).toMatch(/AmazonEKSClusterAdminPolicy$/);
  });

  test("IRSA: an OIDC provider, and add-on roles only their service account can assume", () => {
    expect(onlyResource(json, "aws_iam_openid_connect_provider").client_id_list).toEqual(["sts.amazonaws.com"]);
    const trust = resources(json, "aws_iam_role")
      .map((r) => JSON.parse(r.assume_role_policy))
      .filter((p) => p.Statement[0].Action === "sts:AssumeRoleWithWebIdentity");
    const subjects = trust.map((p) => Object.values(p.Statement[0].Condition.StringEquals)[0]);
    expect(subjects.sort()).toEqual(["system:serviceaccount:kube-system:aws-node", "system:serviceaccount:kube-system:ebs-csi-controller-sa"]);
    // Both keys are on the issuer without its scheme; without `:sub` any service account of the
    // cluster could take the role (EKS user guide, associate-service-account-role.html).
    for (const p of trust) {
      const conditions = p.Statement[0].Condition.StringEquals;
      const issuer = Object.keys(conditions)[0].replace(/:(sub|aud)$/, "");
      expect(Object.keys(conditions).sort()).toEqual([`${issuer}:aud`, `${issuer}:sub`]);
      expect(issuer).not.toMatch(/^https:/);
      expect(conditions[`${issuer}:aud`]).toBe("sts.amazonaws.com");
      expect(conditions[`${issuer}:sub`]).toMatch(/^system:serviceaccount:kube-system:/);
    }
  });

  test("managed add-ons: vpc-cni with prefix delegation, coredns, kube-proxy, EBS CSI", () => {
    const addons = Object.fromEntries(resources(json, "aws_eks_addon").map((a) => [a.addon_name, a]));
    expect(Object.keys(addons).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
    expect(JSON.parse(addons["vpc-cni"].configuration_values).env).toMatchObject({ ENABLE_PREFIX_DELEGATION: "true" });
    expect(JSON.parse(addons.coredns.configuration_values)).toEqual({ nodeSelector: { "coder-refarch/pool": "system" } });
    expect(addons["aws-ebs-csi-driver"].service_account_role_arn).toMatch(/aws_iam_role\..*ebs-csi/);
    expect(JSON.parse(addons["aws-ebs-csi-driver"].configuration_values).controller).toEqual({
      nodeSelector: { "coder-refarch/pool": "system" },
      extraVolumeTags: { team: "platform" },
    });
  });

  test("the control plane role may use the secrets key and no other", () => {
    const policy = JSON.parse(onlyResource(json, "aws_iam_role_policy").policy);
    expect(policy.Statement).toEqual([expect.objectContaining({ Resource: expect.stringMatching(/aws_kms_key\..*secrets-key.*\.arn/) })]);
  });

  test("fewer than two subnets is refused", () => {
    expect(() => synthConstruct((scope) => new EksCluster(scope, "c", { plan: region.cluster, subnetIds: ["one"] }))).toThrow(/at least 2 zones, got 1/);
  });
});

describe("EksNodePool", () => {
  const pool = (role: string) => region.pools.find((p) => p.role === role)!;
  const withCluster = (build: (cluster: EksCluster, nodeRole: EksNodeRole, scope: Construct) => void) =>
    synthConstruct((scope) => {
      const cluster = new EksCluster(scope, "cluster", { plan: region.cluster, subnetIds });
      build(cluster, new EksNodeRole(scope, "node-role", { roleName: "coder-us-east-1-node" }), scope);
    });
  const poolJson = (role: string) =>
    withCluster((cluster, nodeRole, scope) => {
      new EksNodePool(scope, `${role}-pool`, { cluster, pool: pool(role), nodeRole, subnetIds, tags: { team: "platform" } });
    });

  test("a static coderd pool: 2 x t3.xlarge, labelled and tainted", () => {
    const group = onlyResource(poolJson("coderd"), "aws_eks_node_group");
    expect(group).toMatchObject({
      node_group_name: "coder-us-east-1-coderd",
      instance_types: ["t3.xlarge"],
      scaling_config: { min_size: 2, max_size: 2, desired_size: 2 },
      labels: { "coder-refarch/pool": "coderd" },
      taint: [{ key: "coder-refarch/pool", value: "coderd", effect: "NO_SCHEDULE" }],
      subnet_ids: subnetIds,
    });
    expect(group.lifecycle).toBeUndefined();
  });

  test("the workspace pool: one group per zone, each in its zone's subnet, maxima adding up to the share", () => {
    const json = poolJson("workspace");
    const groups = resources(json, "aws_eks_node_group");
    expect(groups.map((g) => g.node_group_name)).toEqual([0, 1, 2].map((z) => `coder-us-east-1-workspace-zone-${z}`));
    expect(groups.map((g) => g.subnet_ids)).toEqual(subnetIds.map((id) => [id]));
    expect(groups.map((g) => g.scaling_config)).toEqual([
      { min_size: 1, max_size: 22, desired_size: 1 },
      { min_size: 0, max_size: 21, desired_size: 0 },
      { min_size: 0, max_size: 21, desired_size: 0 },
    ]);
    for (const group of groups) {
      expect(group.instance_types).toEqual(["t3.2xlarge"]);
      // Tainted, so the cloud's own Deployments stay off the pool (lib/plan/pool-role.ts); workspace pods tolerate it.
      expect(group.taint).toEqual([{ key: "coder-refarch/pool", value: "workspace", effect: "NO_SCHEDULE" }]);
      expect(group.lifecycle.ignore_changes).toEqual(["scaling_config[0].desired_size"]);
      // Tagged for the autoscaler's auto-discovery (EKS copies these onto the Auto Scaling group).
      expect(group.tags).toEqual({ "k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/coder-us-east-1": "owned" });
    }
    // One launch template for all zones: the autoscaler sees the groups as similar and balances them.
    expect(resources(json, "aws_launch_template")).toHaveLength(1);
    expect(new Set(groups.map((g) => g.launch_template.id)).size).toBe(1);
  });

  test("a pool with fewer nodes than zones leaves the empty zones out; shares that do not add up are refused", () => {
    const small = { ...pool("workspace"), minNodes: 1, desiredNodes: 1, maxNodes: 2, zonalShares: [{ minNodes: 1, maxNodes: 1 }, { minNodes: 0, maxNodes: 1 }, { minNodes: 0, maxNodes: 0 }] };
    const json = withCluster((cluster, nodeRole, scope) => new EksNodePool(scope, "p", { cluster, pool: small, nodeRole, subnetIds, tags: {} }));
    expect(resources(json, "aws_eks_node_group").map((g) => g.scaling_config.max_size)).toEqual([1, 1]);
    const wrong = { ...pool("workspace"), zonalShares: [{ minNodes: 1, maxNodes: 20 }, { minNodes: 0, maxNodes: 20 }, { minNodes: 0, maxNodes: 20 }] };
    expect(() => withCluster((cluster, nodeRole, scope) => new EksNodePool(scope, "p", { cluster, pool: wrong, nodeRole, subnetIds, tags: {} }))).toThrow(
      /add up to min 1 and max 64; got 3 shares adding up to 1 and 60/,
    );
  });

  test("static pools stay one group over all zones, not tagged for the autoscaler", () => {
    const group = onlyResource(poolJson("provisioner"), "aws_eks_node_group");
    expect(group.subnet_ids).toEqual(subnetIds);
    expect(group.tags).toBeUndefined();
  });

  test("extra security groups: the launch template names the cluster security group too (EKS adds it only when none is named)", () => {
    const json = withCluster((cluster, nodeRole, scope) => {
      new EksNodePool(scope, "coderd-pool", { cluster, pool: pool("coderd"), nodeRole, subnetIds, tags: {}, additionalSecurityGroupIds: ["sg-db-clients"] });
    });
    expect(onlyResource(json, "aws_launch_template").vpc_security_group_ids).toEqual([
      expect.stringMatching(/^\$\{aws_eks_cluster\..*\.vpc_config\[0\]\.cluster_security_group_id\}$/),
      "sg-db-clients",
    ]);
    // Without extra groups the template names none, and EKS attaches the cluster security group itself.
    expect(onlyResource(poolJson("coderd"), "aws_launch_template").vpc_security_group_ids).toBeUndefined();
  });

  test("launch template: IMDSv2 only, encrypted gp3 root volume, no SSH key, no public address", () => {
    const json = poolJson("provisioner");
    const template = onlyResource(json, "aws_launch_template");
    expect(template.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", volume_type: "gp3", volume_size: 100, delete_on_termination: "true" });
    expect(template.key_name).toBeUndefined();
    expect(template.network_interfaces).toBeUndefined();
    expect(onlyResource(json, "aws_eks_node_group").remote_access).toBeUndefined();
    expect(template.tag_specifications.map((t: TerraformJson) => t.tags.team)).toEqual(["platform", "platform", "platform"]);
  });

  test("nodes run with the worker and image-pull policies only", () => {
    const attached = resources(poolJson("system"), "aws_iam_role_policy_attachment")
      .filter((a) => a.role.includes("node-role"))
      .map((a) => a.policy_arn.split("/").pop());
    expect(attached.sort()).toEqual([...NODE_MANAGED_POLICIES].sort());
  });

  test("nodes join only after their role's policies and the networking add-ons", () => {
    const group = onlyResource(poolJson("coderd"), "aws_eks_node_group");
    expect(group.depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role_policy_attachment\.node-role_AmazonEKSWorkerNodePolicy/),
      expect.stringMatching(/^aws_iam_role_policy_attachment\.node-role_AmazonEC2ContainerRegistryPullOnly/),
      expect.stringMatching(/^aws_eks_addon\.cluster_vpc-cni/),
      expect.stringMatching(/^aws_eks_addon\.cluster_kube-proxy/),
    ]);
  });

  test("impossible counts are refused with the numbers", () => {
    const bad = { ...pool("workspace"), minNodes: 5, desiredNodes: 5, maxNodes: 3 };
    expect(() => withCluster((cluster, nodeRole, scope) => new EksNodePool(scope, "p", { cluster, pool: bad, nodeRole, subnetIds, tags: {} }))).toThrow(
      /got min 5, desired 5, max 3/,
    );
    const unstatic = { ...pool("coderd"), minNodes: 1, desiredNodes: 1 };
    expect(() => withCluster((cluster, nodeRole, scope) => new EksNodePool(scope, "p", { cluster, pool: unstatic, nodeRole, subnetIds, tags: {} }))).toThrow(
      /static pool needs min = max, got 1 and 2/,
    );
  });
});
