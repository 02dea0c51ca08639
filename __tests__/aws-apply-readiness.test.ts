/**
 * Issue 7: what a real `cdktf deploy` on AWS would hit, pinned on the synthesized JSON. Each block
 * names the AWS document (or provider/project source) the expectation comes from.
 */
import { mkdtempSync } from "node:fs";
import { EKS_ADDON_VERSIONS } from "../lib/reference/aws-eks";
import { literalHelmValues } from "../lib/terraform/helm-values-documents";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { splitEvenly } from "../lib/common/split";
import { addDeployment } from "../stacks/deployment";
import { parseCidr, blockSize } from "../lib/common/cidr";
import { EKS_UNSUPPORTED_ZONE_IDS, CLUSTER_AUTOSCALER_RELEASES } from "../lib/reference/aws-eks";
import { KUBERNETES_PROFILES } from "../lib/reference/kubernetes-profiles";
import { layoutOf } from "../lib/plan";
import { validateConfig } from "../lib/config";
import { onlyResource, planOf, resources, synthDeployment, TerraformJson } from "./support/synth";

const PRIMARY = "aws-us-east-1-infra";
const SECONDARY = "aws-us-west-2-infra";
const PRIMARY_ADDONS = "aws-us-east-1-addons";
const SECONDARY_ADDONS = "aws-us-west-2-addons";

const { stacks } = synthDeployment();
const infra = [stacks[PRIMARY], stacks[SECONDARY]];
const trustPolicies = (json: TerraformJson) => resources(json, "aws_iam_role").map((r) => ({ name: r.name, trust: JSON.parse(r.assume_role_policy) }));
const pool = (json: TerraformJson, role: string) => resources(json, "aws_eks_node_group").filter((g) => g.labels["coder-refarch/pool"] === role);
/** The launch template a node group uses, by the reference in its launch_template block. */
const templateOf = (json: TerraformJson, group: TerraformJson) => {
  const [, name] = /aws_launch_template\.([^.]+)\.id/.exec(group.launch_template.id)!;
  return json.resource.aws_launch_template[name];
};

describe("2. zones EKS refuses (EKS user guide, network-reqs.html: use1-az3, usw1-az2, cac1-az3)", () => {
  test("excluded by zone ID, in every region", () => {
    expect(EKS_UNSUPPORTED_ZONE_IDS).toEqual(["use1-az3", "usw1-az2", "cac1-az3"]);
    for (const json of infra) {
      const zones = Object.values(json.data.aws_availability_zones as Record<string, TerraformJson>);
      expect(zones).toHaveLength(1);
      expect(zones[0].exclude_zone_ids).toEqual(EKS_UNSUPPORTED_ZONE_IDS);
    }
  });

  test("a region with fewer usable zones than availabilityZones fails at plan time with a message, not element() wrapping", () => {
    const zonesOf = (json: TerraformJson) => Object.values(json.data.aws_availability_zones as Record<string, TerraformJson>)[0];
    const [check] = zonesOf(stacks[PRIMARY]).lifecycle.postcondition;
    expect(check.condition).toBe("${length(self.names) >= 3}");
    expect(check.error_message).toMatch(/regions\.\*\.availabilityZones is 3 .* fewer zones that EKS supports/);
    const four = synthDeployment({ regions: { primary: { availabilityZones: 4 } } }).stacks[PRIMARY];
    expect(zonesOf(four).lifecycle.postcondition[0].condition).toBe("${length(self.names) >= 4}");
  });
});

describe("3. workspaces scale per zone, with Cluster Autoscaler (kubernetes/autoscaler cloudprovider/aws README)", () => {
  test("splitEvenly adds up exactly and differs by at most one", () => {
    expect(splitEvenly(64, 3)).toEqual([22, 21, 21]);
    expect(splitEvenly(1, 3)).toEqual([1, 0, 0]);
    expect(splitEvenly(0, 2)).toEqual([0, 0]);
    expect(() => splitEvenly(5, 0)).toThrow(/parts >= 1/);
  });

  test("the plan splits each region's workspace share over its zones, totals unchanged", () => {
    const plan = planOf({ regions: { primary: { workspaceNodes: 100, workspaceMinNodes: 4 } } });
    const primary = plan.primary.pools.find((p) => p.role === "workspace")!;
    expect(primary.zonalShares).toEqual([
      { minNodes: 2, maxNodes: 34 },
      { minNodes: 1, maxNodes: 33 },
      { minNodes: 1, maxNodes: 33 },
    ]);
    expect(plan.secondary.pools.find((p) => p.role === "workspace")!.zonalShares!.reduce((sum, z) => sum + z.maxNodes, 0)).toBe(28);
    expect(plan.primary.pools.filter((p) => p.scaling === "static").every((p) => p.zonalShares === undefined)).toBe(true);
  });

  test("an IRSA role for the autoscaler's service account, able to resize only this cluster's tagged groups", () => {
    for (const [json, cluster] of [[stacks[PRIMARY], "coder-us-east-1"], [stacks[SECONDARY], "coder-us-west-2"]] as const) {
      const role = resources(json, "aws_iam_role").find((r) => r.name === `${cluster}-cluster-autoscaler`)!;
      expect(Object.values(JSON.parse(role.assume_role_policy).Statement[0].Condition.StringEquals)).toContain(
        "system:serviceaccount:kube-system:cluster-autoscaler",
      );
      const policy = JSON.parse(resources(json, "aws_iam_role_policy").find((p) => p.name === "scale-own-node-groups")!.policy);
      const scale = policy.Statement.find((s: TerraformJson) => s.Action.includes("autoscaling:SetDesiredCapacity"));
      expect(scale.Action.sort()).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
      expect(scale.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: "owned" } });
      const describe = policy.Statement.find((s: TerraformJson) => s.Action.includes("eks:DescribeNodegroup"));
      expect(describe.Resource).toMatch(new RegExp(`:nodegroup/${cluster}/\\*/\\*$`));
      // Every other unconditioned statement is read-only.
      const others = policy.Statement.filter((s: TerraformJson) => s !== scale && s !== describe);
      expect(others.flatMap((s: TerraformJson) => s.Action).every((a: string) => /:(Describe|Get)/.test(a))).toBe(true);
    }
  });

  test("a pinned Helm release per region, in its own add-ons stack, matching the cluster's Kubernetes minor", () => {
    const version = planOf().primary.cluster.kubernetesVersion;
    for (const [name, cluster, region] of [[PRIMARY_ADDONS, "coder-us-east-1", "us-east-1"], [SECONDARY_ADDONS, "coder-us-west-2", "us-west-2"]]) {
      // The add-ons stack also installs cert-manager (__tests__/coder-tls.test.ts).
      const release = resources(stacks[name], "helm_release").find((r) => r.chart === "cluster-autoscaler")!;
      expect(release).toMatchObject({
        chart: "cluster-autoscaler",
        repository: "https://kubernetes.github.io/autoscaler",
        version: CLUSTER_AUTOSCALER_RELEASES[version].chartVersion,
        namespace: "kube-system",
      });
      const values = literalHelmValues(release);
      expect(values.image.tag.startsWith(`v${version}.`)).toBe(true);
      expect(values.autoDiscovery).toEqual({ clusterName: cluster });
      expect(values.awsRegion).toBe(region);
      expect(values.extraArgs["balance-similar-node-groups"]).toBe(true);
      expect(values.nodeSelector).toEqual({ "coder-refarch/pool": "system" });
      expect(values.rbac.serviceAccount.name).toBe("cluster-autoscaler");
      // The role's ARN is a reference: it goes in a values document of its own, before the literals (lib/terraform/helm-values-documents.ts).
      expect(values.rbac.serviceAccount.annotations).toBeUndefined();
      expect(release.values[0]).toMatch(/^\$\{jsonencode\(\{"rbac" = \{"serviceAccount" = \{"annotations" = \{"eks\.amazonaws\.com\/role-arn" = data\.terraform_remote_state\..*cluster-autoscaler-role.*arn\}\}\}\}\)\}$/);
    }
  });

  test("the Helm provider gets a short-lived EKS token through exec; no credential in configuration or outputs", () => {
    for (const name of [PRIMARY_ADDONS, SECONDARY_ADDONS]) {
      const { kubernetes } = stacks[name].provider.helm[0];
      expect(kubernetes.exec).toMatchObject({ api_version: "client.authentication.k8s.io/v1beta1", command: "aws" });
      expect(kubernetes.exec.args.slice(0, 2)).toEqual(["eks", "get-token"]);
      // The same credential the coder stacks use (one definition: eksExecCredential).
      const flags = (args: string[]) => args.filter((a) => a.startsWith("--"));
      expect(flags(kubernetes.exec.args)).toEqual(flags(stacks[name.replace("-addons", "-coder")].provider.helm[0].kubernetes.exec.args));
      // The host is the bastion relay when npm run deploy opens one, else the endpoint; the certificate is checked against the endpoint's name.
      expect(Object.keys(kubernetes).sort()).toEqual(["cluster_ca_certificate", "exec", "host", "tls_server_name"]);
      expect(kubernetes.host).toMatch(/^\$\{coalesce\(var\.kubernetes_api_relay_us_(east_1|west_2), data\.terraform_remote_state\..*endpoint\)\}$/);
      expect(stacks[name].output).toBeUndefined();
    }
    // The infrastructure stacks stay free of Kubernetes and Helm providers.
    for (const json of infra) expect(Object.keys(json.provider).sort()).not.toEqual(expect.arrayContaining(["helm"]));
  });

  test("a Kubernetes version without a pinned autoscaler is refused by name, in the config and in the construct", () => {
    // The range the config states is the pinned autoscalers' range, so 1.36 is outside it.
    expect(() => validateConfig({ kubernetes: { version: "1.36" } })).toThrow(/kubernetes\.version: must be a Kubernetes minor version aws offers, 1\.33 to 1\.35 .*\(got "1\.36"\)/);
    const plan = planOf();
    const unpinned = { ...plan, primary: { ...plan.primary, cluster: { ...plan.primary.cluster, kubernetesVersion: "1.36" } } };
    expect(() => addDeployment(new App({ outdir: mkdtempSync(join(tmpdir(), "unpinned-")) }), unpinned)).toThrow(
      /no Cluster Autoscaler release is pinned for kubernetes\.version 1\.36; pinned: 1\.33, 1\.34, 1\.35/,
    );
  });
});

describe("4. only coderd and proxy nodes reach PostgreSQL (EKS user guide, launch-templates.html: security groups)", () => {
  test("the database admits one security group, which only coderd/proxy launch templates carry, beside the cluster group", () => {
    for (const [json, clientPool] of [[stacks[PRIMARY], "coderd"], [stacks[SECONDARY], "proxy"]] as const) {
      const clients = resources(json, "aws_security_group").find((g) => g.name.endsWith("-database-clients"))!;
      expect(clients).toBeDefined();
      const ingress = resources(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.from_port === 5432);
      expect(ingress.map((r) => r.referenced_security_group_id)).toEqual([expect.stringMatching(/^\$\{aws_security_group\.database-client-nodes.*\.id\}$/)]);
      const [group] = pool(json, clientPool);
      expect(templateOf(json, group).vpc_security_group_ids).toEqual([
        expect.stringMatching(/cluster_security_group_id/),
        expect.stringMatching(/^\$\{aws_security_group\.database-client-nodes.*\.id\}$/),
      ]);
      // Only one security group per node may carry the kubernetes.io/cluster tag (load balancers).
      expect(Object.keys(clients.tags ?? {}).some((k) => k.startsWith("kubernetes.io/cluster/"))).toBe(false);
    }
  });

  test("workspace (and provisioner, system) nodes cannot reach the database: only the cluster group, which the database does not admit", () => {
    for (const json of infra) {
      for (const role of ["workspace", "provisioner", "system"]) {
        for (const group of pool(json, role)) {
          expect({ role, groups: templateOf(json, group).vpc_security_group_ids }).toEqual({ role, groups: undefined });
        }
      }
      const admitted = resources(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.from_port === 5432).map((r) => r.referenced_security_group_id);
      expect(admitted.some((id) => /cluster_security_group_id/.test(id))).toBe(false);
      expect(resources(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.from_port === 5432).every((r) => r.cidr_ipv4 === undefined)).toBe(true);
    }
  });
});

describe("5. add-on versions resolved, IRSA add-ons after their policies (EKS user guide, managing-add-ons / aws_eks_addon_version)", () => {
  // Pinned, so an apply never upgrades the network plugin or DNS unasked (issue: most_recent = true floated them);
  // EKS user guide, managing-vpc-cni / managing-coredns / managing-kube-proxy version tables.
  test("vpc-cni, CoreDNS and kube-proxy take the versions pinned for the minor; the EBS CSI driver EKS's default, never the most recent", () => {
    const minor = planOf().primary.cluster.kubernetesVersion;
    for (const json of infra) {
      const addons = Object.fromEntries(resources(json, "aws_eks_addon").map((a) => [a.addon_name, a.addon_version]));
      expect(addons).toMatchObject({ "vpc-cni": EKS_ADDON_VERSIONS[minor]["vpc-cni"], coredns: EKS_ADDON_VERSIONS[minor].coredns, "kube-proxy": EKS_ADDON_VERSIONS[minor]["kube-proxy"] });
      for (const version of Object.values(EKS_ADDON_VERSIONS[minor])) expect(version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      const lookups = Object.values(json.data.aws_eks_addon_version as Record<string, TerraformJson>);
      expect(lookups.map((l) => [l.addon_name, l.most_recent])).toEqual([["aws-ebs-csi-driver", false]]);
      expect(addons["aws-ebs-csi-driver"]).toMatch(/^\$\{data\.aws_eks_addon_version\..*\.version\}$/);
    }
    // A minor with no pins follows EKS's default for every add-on, never the most recent.
    const other = synthDeployment({ kubernetes: { version: "1.33" } }).stacks[PRIMARY];
    expect(Object.values(other.data.aws_eks_addon_version as Record<string, TerraformJson>).every((l) => l.most_recent === false)).toBe(true);
  });

  test("add-ons with an IRSA role wait for its policy attachment", () => {
    for (const json of infra) {
      const addons = Object.fromEntries(resources(json, "aws_eks_addon").map((a) => [a.addon_name, a]));
      expect(addons["vpc-cni"].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_iam_role_policy_attachment\..*vpc-cni-role/)]));
      expect(addons["aws-ebs-csi-driver"].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_iam_role_policy_attachment\..*ebs-csi-role/)]));
    }
  });
});

describe("7. prefix space reserved in the private subnets (EKS user guide, cni-increase-ip-addresses; VPC user guide, subnet-cidr-reservation)", () => {
  const layout = layoutOf(planOf().primary.network, "zonal-subnets");
  const prefixPerNode = KUBERNETES_PROFILES.aws.nodePrefixAddresses!(KUBERNETES_PROFILES.aws.maxPodsPerNode);

  test("each private subnet has prefix reservations inside it, holding every node's prefixes, clear of AWS's reserved addresses", () => {
    const reservations = resources(stacks[PRIMARY], "aws_ec2_subnet_cidr_reservation");
    expect(reservations.every((r) => r.reservation_type === "prefix")).toBe(true);
    expect(reservations.map((r) => r.cidr_block).sort()).toEqual(layout.prefixReservations.flat().slice().sort());
    layout.privateSubnets.forEach((cidr, i) => {
      const subnet = parseCidr(cidr)!;
      const blocks = layout.prefixReservations[i].map((c) => parseCidr(c)!);
      // The fewest, largest blocks: terraform-provider-aws issue 45304 (fixed by PR 45778) lost
      // reservations past 255 per subnet; /28-sized reservations per node would have got there.
      expect(blocks.length).toBeLessThanOrEqual(4);
      const reserved = blocks.reduce((sum, b) => sum + blockSize(b), 0);
      expect(reserved).toBeGreaterThanOrEqual(layout.nodesPerSubnet * prefixPerNode);
      for (const b of blocks) {
        expect(b.prefix).toBeLessThanOrEqual(28);
        expect(b.base).toBeGreaterThanOrEqual(subnet.base + 4);
        expect(b.base + blockSize(b)).toBeLessThan(subnet.base + blockSize(subnet));
      }
    });
  });

  test("the subnet sizing accounts for the reservation, and a region with all 128 workspace nodes still fits a /16", () => {
    expect(layout.privateSubnets.every((c) => c.endsWith("/19"))).toBe(true);
    const all = layoutOf(planOf({ regions: { primary: { workspaceNodes: 128 } } }).primary.network, "zonal-subnets");
    expect(all.privateSubnets.every((c) => c.endsWith("/18"))).toBe(true);
    expect(() => planOf({ regions: { primary: { networkCidr: "10.0.0.0/17", workspaceNodes: 128 } } })).toThrow(/reserved pod prefixes/);
  });
});

describe("8. reaching the private API (EKS user guide, cluster-endpoint.html; Systems Manager, session-manager port forwarding)", () => {
  const ingressOn443 = (json: TerraformJson) => resources(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.from_port === 443);

  test("by default (no CIDR reaches the private API) a bastion per region, admitted on 443, and nothing else", () => {
    for (const json of infra) {
      expect(ingressOn443(json).map((r) => r["//"].metadata.path)).toEqual([expect.stringMatching(/-infra\/api-from-bastion$/)]);
      expect(resources(json, "aws_instance")).toHaveLength(1);
    }
    // A runner network that reaches the API, or a public endpoint, leaves the bastion out.
    for (const config of [{ aws: { privateApiCidrs: ["10.50.0.0/24"] } }, { kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } }]) {
      expect(resources(synthDeployment(config).stacks[PRIMARY], "aws_instance")).toEqual([]);
    }
  });

  const open = synthDeployment({ aws: { bastion: true, privateApiCidrs: ["10.50.0.0/24"] } }).stacks;

  test("the bastion: Session Manager only, no SSH, no public address, IMDSv2, encrypted disk, no inbound rule", () => {
    const json = open[PRIMARY];
    const instance = onlyResource(json, "aws_instance");
    expect(instance).toMatchObject({
      associate_public_ip_address: false,
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
      root_block_device: { encrypted: true },
    });
    expect(instance.key_name).toBeUndefined();
    const attached = resources(json, "aws_iam_role_policy_attachment").filter((a) => /bastion/.test(a.role)).map((a) => a.policy_arn);
    expect(attached).toEqual(["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
    const bastionGroup = resources(json, "aws_security_group").find((g) => g.name === "coder-us-east-1-bastion")!;
    expect(bastionGroup.ingress).toBeUndefined();
    expect(resources(json, "aws_vpc_security_group_ingress_rule").filter((r) => /bastion/.test(r.security_group_id))).toEqual([]);
    expect(json.output.bastion_instance_id.value).toMatch(/aws_instance\..*\.id/);
  });

  test("the bastion: out only on HTTPS, a small instance on gp3, its AMI left to patching rather than replaced monthly", () => {
    const json = open[PRIMARY];
    const egress = resources(json, "aws_vpc_security_group_egress_rule").filter((r) => /bastion/.test(r.security_group_id));
    expect(egress.map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4])).toEqual([["tcp", 443, 443, "0.0.0.0/0"]]);
    const instance = onlyResource(json, "aws_instance");
    expect(instance).toMatchObject({ instance_type: "t3.micro", root_block_device: { volume_type: "gp3" }, lifecycle: { ignore_changes: ["ami"] } });
    expect(instance.iam_instance_profile).toMatch(/aws_iam_instance_profile\..*\.name/);
  });

  test("443 on the cluster security group from exactly the bastion and the listed CIDRs", () => {
    for (const name of [PRIMARY, SECONDARY]) {
      const rules = ingressOn443(open[name]);
      expect(rules.every((r) => /cluster_security_group_id/.test(r.security_group_id) && r.to_port === 443 && r.ip_protocol === "tcp")).toBe(true);
      expect(rules.map((r) => r.referenced_security_group_id ?? r.cidr_ipv4)).toEqual([expect.stringMatching(/aws_security_group\.bastion.*\.id/), "10.50.0.0/24"]);
    }
  });

  test("privateApiCidrs refuses /0", () => {
    expect(() => validateConfig({ aws: { privateApiCidrs: ["0.0.0.0/0"] } })).toThrow(/aws\.privateApiCidrs\.0: must not admit every address/);
  });
});

describe("9. confused deputy: service trust carries aws:SourceAccount and aws:SourceArn (IAM user guide, confused-deputy.html)", () => {
  test("every AWS service trust policy but EC2's instance roles names this account and the resource", () => {
    for (const json of [...infra, open()]) {
      const services = trustPolicies(json).filter(({ trust }) => trust.Statement[0].Principal.Service);
      expect(services.length).toBeGreaterThan(0);
      for (const { name, trust } of services) {
        const [statement] = trust.Statement;
        if (statement.Principal.Service === "ec2.amazonaws.com") continue; // guarded by iam:PassRole, see iam-policy.ts
        expect({ name, account: statement.Condition?.StringEquals?.["aws:SourceAccount"] }).toEqual({ name, account: expect.stringMatching(/data\.aws_caller_identity\..*\.account_id/) });
        expect({ name, arn: statement.Condition?.ArnLike?.["aws:SourceArn"] }).toEqual({ name, arn: expect.stringMatching(/^arn:\$\{data\.aws_partition/) });
      }
    }
  });

  test("flow logs: this account's VPC flow logs; EKS: this cluster (EKS user guide, cross-service-confused-deputy-prevention)", () => {
    const byService = Object.fromEntries(trustPolicies(stacks[PRIMARY]).map(({ trust }) => [trust.Statement[0].Principal.Service, trust.Statement[0]]));
    expect(byService["vpc-flow-logs.amazonaws.com"].Condition.ArnLike["aws:SourceArn"]).toMatch(/:ec2:\$\{data\.aws_region\..*\.id\}:\$\{data\.aws_caller_identity\..*\.account_id\}:vpc-flow-log\/\*$/);
    expect(byService["eks.amazonaws.com"].Condition.ArnLike["aws:SourceArn"]).toMatch(/:eks:.*:cluster\/coder-us-east-1$/);
  });

  function open(): TerraformJson {
    return synthDeployment({ aws: { bastion: true } }).stacks[PRIMARY];
  }
});
