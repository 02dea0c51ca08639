import { Network } from "../lib/aws/network";
import { layoutOf } from "../lib/plan";
import { onlyResource, planOf, resources, synthConstruct } from "./support/synth";

describe("Network", () => {
  const plan = planOf().primary.network;
  const layout = layoutOf(plan, "zonal-subnets");
  const json = synthConstruct((scope) => new Network(scope, "network", { plan, clusterName: "coder-us-east-1" }));

  test("one VPC with the plan's CIDR and DNS on", () => {
    expect(onlyResource(json, "aws_vpc")).toMatchObject({ cidr_block: "10.0.0.0/16", enable_dns_hostnames: true, enable_dns_support: true });
  });

  test("a private and a public subnet per zone with the plan's CIDRs, none giving out public addresses", () => {
    const subnets = resources(json, "aws_subnet");
    expect(subnets.map((s) => s.cidr_block).sort()).toEqual([...layout.privateSubnets, ...layout.publicSubnets].sort());
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    const zones = subnets.map((s) => s.availability_zone);
    expect(new Set(zones).size).toBe(plan.availabilityZones);
  });

  test("subnets are tagged for Kubernetes load balancers", () => {
    const subnets = resources(json, "aws_subnet");
    const privateOnes = subnets.filter((s) => layout.privateSubnets.includes(s.cidr_block));
    const publicOnes = subnets.filter((s) => layout.publicSubnets.includes(s.cidr_block));
    privateOnes.forEach((s) => expect(s.tags).toMatchObject({ "kubernetes.io/role/internal-elb": "1", "kubernetes.io/cluster/coder-us-east-1": "shared" }));
    publicOnes.forEach((s) => expect(s.tags).toMatchObject({ "kubernetes.io/role/elb": "1" }));
  });

  test("a NAT gateway per zone, each private route table through its own zone's gateway", () => {
    expect(resources(json, "aws_nat_gateway")).toHaveLength(3);
    const natRoutes = resources(json, "aws_route_table").flatMap((t) => t.route).filter((r) => r.nat_gateway_id);
    expect(new Set(natRoutes.map((r) => r.nat_gateway_id)).size).toBe(3);
  });

  test("public subnets reach the internet through the VPC's one internet gateway", () => {
    expect(onlyResource(json, "aws_internet_gateway").vpc_id).toMatch(/^\$\{aws_vpc\..*\.id\}$/);
    const gatewayRoutes = resources(json, "aws_route_table").flatMap((t) => t.route).filter((r) => r.gateway_id);
    expect(gatewayRoutes).toEqual([expect.objectContaining({ cidr_block: "0.0.0.0/0", gateway_id: expect.stringMatching(/^\$\{aws_internet_gateway\..*\.id\}$/) })]);
    // NAT gateways need the internet gateway attached first (aws provider docs, aws_nat_gateway).
    for (const nat of resources(json, "aws_nat_gateway")) expect(nat.depends_on).toEqual([expect.stringMatching(/^aws_internet_gateway\./)]);
  });

  test("flow logs of all traffic to a log group with retention, through a role that may only write there", () => {
    expect(onlyResource(json, "aws_flow_log")).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ retention_in_days: 90 });
    const policy = JSON.parse(onlyResource(json, "aws_iam_role_policy").policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Action).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]);
    expect(policy.Statement[0].Resource[0]).toMatch(/aws_cloudwatch_log_group\..*\.arn/);
  });

  test("the default security group is emptied", () => {
    const sg = onlyResource(json, "aws_default_security_group");
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test("a plan with the wrong number of subnets is refused", () => {
    expect(() => synthConstruct((scope) => new Network(scope, "n", { plan: { ...plan, layout: { ...layout, publicSubnets: [] } }, clusterName: "c" }))).toThrow(
      /one private and one public subnet per zone \(3\); got 3 private and 0 public/,
    );
  });
});
