import { Construct } from "constructs";
import { Fn } from "cdktf";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { CODER_LOAD_BALANCER_ZONES } from "../reference/aws-eks";

/** Public subnets (zones) the NLB of a coder stack lives in, one Elastic IP each (lib/reference/aws-eks.ts). */
export const LOAD_BALANCER_ZONES = CODER_LOAD_BALANCER_ZONES;

export interface LoadBalancerAddressesProps {
  /** The region's public subnets, in zone order; the first LOAD_BALANCER_ZONES carry the load balancer. */
  readonly publicSubnetIds: readonly string[];
  /** Name tag of the addresses, e.g. `coder-us-east-1-coderd`. */
  readonly name: string;
}

/**
 * Elastic IPs reserved for the internet-facing NLB that Kubernetes makes for coderd or the proxy,
 * owned by the infrastructure stack: the DNS records point here, so a Service re-created by a failed
 * release or a destroyed coder stack keeps its addresses, and the records never go stale. The cloud
 * controller takes them through `aws-load-balancer-eip-allocations`, one per subnet it is given
 * (kubernetes/kubernetes PR 69263: the counts must match).
 */
export class LoadBalancerAddresses extends Construct {
  readonly allocationIds: string[];
  /** The addresses, for the DNS records. */
  readonly publicIps: string[];
  /** The subnets the NLB is placed in, one per address. */
  readonly subnetIds: string[];

  constructor(scope: Construct, id: string, props: LoadBalancerAddressesProps) {
    super(scope, id);
    if (props.publicSubnetIds.length < LOAD_BALANCER_ZONES) {
      throw new Error(`LoadBalancerAddresses ${id}: needs ${LOAD_BALANCER_ZONES} public subnets, got ${props.publicSubnetIds.length}`);
    }
    this.subnetIds = props.publicSubnetIds.slice(0, LOAD_BALANCER_ZONES);
    const eips = this.subnetIds.map(
      (_, zone) =>
        new Eip(this, `address-${zone}`, {
          domain: "vpc",
          tags: { Name: `${props.name}-${zone}` },
        }),
    );
    this.allocationIds = eips.map((e) => e.allocationId);
    this.publicIps = eips.map((e) => e.publicIp);
  }

  /** The Service annotations that put the NLB on these addresses, in these subnets. */
  annotations(): Record<string, string> {
    return {
      "service.beta.kubernetes.io/aws-load-balancer-eip-allocations": Fn.join(",", this.allocationIds),
      "service.beta.kubernetes.io/aws-load-balancer-subnets": Fn.join(",", this.subnetIds),
    };
  }
}
