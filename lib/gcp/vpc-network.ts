import { Construct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";

export interface VpcNetworkProps {
  /** Name of the network, e.g. `coder`; firewall rules of the whole network start with it. */
  readonly name: string;
}

/**
 * The deployment's one global VPC (as Coder's own multi-region scale test runs it): subnets are
 * regional resources of one network, so clusters and the database of both regions reach each other
 * on private addresses without peering. Custom subnets only (no auto-created subnet in every
 * region), global dynamic routing, and a logged deny-all ingress rule under every allow rule, so
 * refused traffic shows up in the logs (the implied deny of a VPC logs nothing).
 */
export class VpcNetwork extends Construct {
  readonly network: ComputeNetwork;
  /** `projects/<project>/global/networks/<name>`, as subnets, clusters and Cloud SQL take it. */
  readonly networkId: string;
  readonly networkName: string;

  constructor(scope: Construct, id: string, props: VpcNetworkProps) {
    super(scope, id);
    this.network = new ComputeNetwork(this, "network", {
      name: props.name,
      description: `Coder deployment ${props.name}: one subnet per region`,
      autoCreateSubnetworks: false,
      routingMode: "GLOBAL",
    });
    this.networkId = this.network.id;
    this.networkName = this.network.name;
    new ComputeFirewall(this, "deny-all-ingress", {
      name: `${props.name}-deny-all-ingress`,
      description: "Refuse and log every ingress no higher-priority rule allows",
      network: this.network.id,
      direction: "INGRESS",
      priority: 65534,
      sourceRanges: ["0.0.0.0/0"],
      deny: [{ protocol: "all" }],
      logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    });
  }
}
