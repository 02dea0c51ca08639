import { Construct } from "constructs";
import { Fn } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Ec2SubnetCidrReservation } from "@cdktf/provider-aws/lib/ec2-subnet-cidr-reservation";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { EKS_UNSUPPORTED_ZONE_IDS } from "../reference/aws-eks";
import { layoutOf, NetworkPlan } from "../plan/types";
import { AwsAccount } from "./aws-account";
import { policyDocument, serviceTrustPolicy } from "./iam-policy";

export interface NetworkProps {
  /** Subnets and zones from the deployment plan. */
  readonly plan: NetworkPlan;
  /** EKS cluster that will use the subnets; tagged so its load balancers find them. */
  readonly clusterName: string;
  /**
   * Days flow-log records are kept.
   * @default 90
   */
  readonly flowLogRetentionDays?: number;
}

/**
 * A region's VPC: a private subnet per zone for nodes and pods, a public one per zone for load
 * balancers, a NAT gateway per zone so losing a zone cuts no other zone off, and flow logs.
 */
export class Network extends Construct {
  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  readonly publicSubnetIds: string[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { plan } = props;
    const layout = layoutOf(plan, "zonal-subnets");
    if (layout.privateSubnets.length !== plan.availabilityZones || layout.publicSubnets.length !== plan.availabilityZones) {
      throw new Error(
        `Network ${id}: plan needs one private and one public subnet per zone (${plan.availabilityZones}); ` +
          `got ${layout.privateSubnets.length} private and ${layout.publicSubnets.length} public`,
      );
    }
    // Zone names map to different zone IDs in every account, so the zones EKS refuses are excluded
    // by ID. The zones are known only when Terraform reads them (plan time), so a region with fewer
    // usable zones than the plan needs is caught there, by name, instead of `element()` silently
    // wrapping around and putting two subnets in one zone.
    const zones = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
      excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS],
      lifecycle: {
        postcondition: [
          {
            condition: `\${length(self.names) >= ${plan.availabilityZones}}`,
            errorMessage:
              `regions.*.availabilityZones is ${plan.availabilityZones} for network ${plan.name}, but its region offers fewer ` +
              `zones that EKS supports (excluded by zone ID: ${EKS_UNSUPPORTED_ZONE_IDS.join(", ")}); lower availabilityZones.`,
          },
        ],
      },
    });
    const zone = (i: number) => Fn.element(zones.names, i);

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: plan.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: plan.name },
    });
    this.vpcId = vpc.id;
    // The default security group allows all traffic between its members; nothing should use it.
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: vpc.id, tags: { Name: `${plan.name}-default-deny` } });

    const internetGateway = new InternetGateway(this, "internet-gateway", { vpcId: vpc.id, tags: { Name: plan.name } });
    const publicRoutes = new RouteTable(this, "public-routes", {
      vpcId: vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
      tags: { Name: `${plan.name}-public` },
    });

    this.publicSubnetIds = [];
    this.privateSubnetIds = [];
    layout.publicSubnets.forEach((cidr, i) => {
      const subnet = new Subnet(this, `public-subnet-${i}`, {
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: zone(i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${plan.name}-public-${i}`, "kubernetes.io/role/elb": "1", [`kubernetes.io/cluster/${props.clusterName}`]: "shared" },
      });
      new RouteTableAssociation(this, `public-routes-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      this.publicSubnetIds.push(subnet.id);
    });

    layout.privateSubnets.forEach((cidr, i) => {
      const address = new Eip(this, `nat-address-${i}`, { domain: "vpc", tags: { Name: `${plan.name}-nat-${i}` } });
      const nat = new NatGateway(this, `nat-gateway-${i}`, {
        allocationId: address.id,
        subnetId: this.publicSubnetIds[i],
        tags: { Name: `${plan.name}-${i}` },
        dependsOn: [internetGateway],
      });
      const routes = new RouteTable(this, `private-routes-${i}`, {
        vpcId: vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
        tags: { Name: `${plan.name}-private-${i}` },
      });
      const subnet = new Subnet(this, `private-subnet-${i}`, {
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: zone(i),
        mapPublicIpOnLaunch: false,
        tags: {
          Name: `${plan.name}-private-${i}`,
          "kubernetes.io/role/internal-elb": "1",
          [`kubernetes.io/cluster/${props.clusterName}`]: "shared",
        },
      });
      new RouteTableAssociation(this, `private-routes-association-${i}`, { subnetId: subnet.id, routeTableId: routes.id });
      // Pod prefixes come only from the reserved range, so scattered single addresses never leave
      // the VPC CNI without a free /28 (EKS user guide, cni-increase-ip-addresses.html; EKS best
      // practices, prefix mode: subnet CIDR reservations).
      (layout.prefixReservations[i] ?? []).forEach((reserved, j) => {
        new Ec2SubnetCidrReservation(this, `pod-prefixes-${i}-${j}`, {
          subnetId: subnet.id,
          cidrBlock: reserved,
          reservationType: "prefix",
          description: `Pod prefixes (EKS prefix delegation) of ${plan.name}`,
        });
      });
      this.privateSubnetIds.push(subnet.id);
    });

    this.addFlowLogs(plan.name, vpc.id, props.flowLogRetentionDays ?? 90);
  }

  private addFlowLogs(name: string, vpcId: string, retentionDays: number): void {
    const account = AwsAccount.of(this);
    const logGroup = new CloudwatchLogGroup(this, "flow-log-group", {
      name: `/aws/vpc/${name}/flow-logs`,
      retentionInDays: retentionDays,
    });
    const role = new IamRole(this, "flow-log-role", {
      name: `${name}-flow-logs`,
      // Flow logs of this account's VPCs only (VPC user guide, flow-logs-iam-role.html).
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
        account: account.accountId,
        arn: account.arn("ec2", "vpc-flow-log/*"),
      }),
    });
    // Only this log group, only writing to it.
    new IamRolePolicy(this, "flow-log-policy", {
      role: role.id,
      name: "write-flow-logs",
      policy: policyDocument({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroup.arn, `${logGroup.arn}:*`],
      }),
    });
    new FlowLog(this, "flow-log", {
      vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
