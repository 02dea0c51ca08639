import { Construct } from "constructs";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { layoutOf, NetworkPlan } from "../plan/types";

/** Names of the subnet's secondary ranges, which the cluster's IP allocation policy names. */
export const POD_RANGE_NAME = "pods";
export const SERVICE_RANGE_NAME = "services";

export interface RegionSubnetProps {
  /** The region's ranges from the plan (a regional-subnet layout). */
  readonly plan: NetworkPlan;
  readonly region: string;
  /** The global VPC. */
  readonly networkId: string;
  /**
   * Share of flows sampled into the flow logs (0-1).
   * @default 0.5
   */
  readonly flowSampling?: number;
}

/**
 * The region's subnet: the node range with secondary ranges for pods and services (VPC-native
 * GKE), flow logs, and Private Google Access, so private nodes reach Google APIs and Artifact
 * Registry without NAT. Private Google Access is set here from the start: a private cluster turns
 * it on anyway, and a subnet without it would drift on every plan.
 */
export class RegionSubnet extends Construct {
  readonly subnet: ComputeSubnetwork;
  readonly subnetId: string;
  readonly podRangeName = POD_RANGE_NAME;
  readonly serviceRangeName = SERVICE_RANGE_NAME;

  constructor(scope: Construct, id: string, props: RegionSubnetProps) {
    super(scope, id);
    const layout = layoutOf(props.plan, "regional-subnet");
    const sampling = props.flowSampling ?? 0.5;
    if (!(sampling > 0 && sampling <= 1)) throw new Error(`RegionSubnet ${id}: flowSampling must be in (0, 1], got ${sampling}`);
    this.subnet = new ComputeSubnetwork(this, "subnet", {
      name: props.plan.name,
      description: `Nodes of ${props.plan.name}; pods and services in secondary ranges`,
      region: props.region,
      network: props.networkId,
      ipCidrRange: layout.nodeRange,
      stackType: "IPV4_ONLY",
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: POD_RANGE_NAME, ipCidrRange: layout.podRange },
        { rangeName: SERVICE_RANGE_NAME, ipCidrRange: layout.serviceRange },
      ],
      logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: sampling, metadata: "INCLUDE_ALL_METADATA" },
    });
    this.subnetId = this.subnet.id;
  }
}
