import { Construct } from "constructs";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { parseCidr } from "../common/cidr";

export interface PrivateServiceAccessProps {
  /** Name of the reserved range. */
  readonly name: string;
  /** The VPC (`projects/<p>/global/networks/<n>`). */
  readonly networkId: string;
  /** The range reserved for Google's services, from the plan (inside the owning region's network range). */
  readonly range: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Private Service Access: a range of the VPC reserved for Google-managed services and the peering
 * with them, through which Cloud SQL instances (primary and replica) get private IPs in this
 * network. The range is carved by the plan, so it never overlaps a subnet of either region.
 */
export class PrivateServiceAccess extends Construct {
  readonly address: ComputeGlobalAddress;
  /** Private-IP Cloud SQL instances must depend on this explicitly (terraform-provider-google issues 3245, 7154). */
  readonly connection: ServiceNetworkingConnection;
  readonly rangeName: string;

  constructor(scope: Construct, id: string, props: PrivateServiceAccessProps) {
    super(scope, id);
    const block = parseCidr(props.range);
    if (!block) throw new Error(`PrivateServiceAccess ${id}: range ${props.range} is not a CIDR block`);
    if (block.prefix > 24) throw new Error(`PrivateServiceAccess ${id}: Cloud SQL needs at least a /24, got ${props.range}`);
    this.address = new ComputeGlobalAddress(this, "range", {
      name: props.name,
      description: "Private Service Access for Cloud SQL",
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address: props.range.split("/")[0],
      prefixLength: block.prefix,
      network: props.networkId,
      labels: { ...props.labels },
    });
    this.rangeName = this.address.name;
    this.connection = new ServiceNetworkingConnection(this, "connection", {
      network: props.networkId,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [this.address.name],
      // Deleting the peering fails while Cloud SQL still holds addresses in it, even after the
      // instances are gone (producer services release it late): abandon it on destroy instead.
      deletionPolicy: "ABANDON",
    });
  }
}
