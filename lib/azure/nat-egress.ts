import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";

export interface NatEgressProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The node subnet whose outbound traffic leaves through the gateway. */
  readonly subnetId: string;
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Public addresses; each gives about 64,000 SNAT ports to share among the nodes.
   * @default 2
   */
  readonly publicIpCount?: number;
  /**
   * The zone of the gateway and its addresses. A Standard NAT gateway lives in one zone (or none);
   * it cannot span zones (learn.microsoft.com/azure/nat-gateway/nat-availability-zones).
   * @default "1"
   */
  readonly zone?: string;
}

/**
 * Outbound internet access for the nodes through a NAT gateway with static public addresses, so
 * egress has known addresses (they go into the API server's authorized ranges) and no node needs a
 * public IP. The cluster must wait for `subnetAssociation`: AKS with the userAssignedNATGateway
 * outbound type checks the association when it is created.
 */
export class NatEgress extends Construct {
  readonly natGateway: NatGateway;
  readonly publicIps: readonly PublicIp[];
  /** The addresses traffic leaves from, as /32 CIDRs. */
  readonly egressCidrs: readonly string[];
  readonly subnetAssociation: SubnetNatGatewayAssociation;

  constructor(scope: Construct, id: string, props: NatEgressProps) {
    super(scope, id);
    const count = props.publicIpCount ?? 2;
    if (count < 1 || count > 16) throw new Error(`NatEgress ${id}: a NAT gateway takes 1 to 16 public addresses, got ${count}`);
    const zones = [props.zone ?? "1"];
    this.natGateway = new NatGateway(this, "gateway", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      skuName: "Standard",
      idleTimeoutInMinutes: 4,
      zones,
      tags: { ...props.tags },
    });
    const ipAssociations: NatGatewayPublicIpAssociation[] = [];
    this.publicIps = Array.from({ length: count }, (_, i) => {
      // Standard SKU, static, in the gateway's zone: a NAT gateway refuses Basic or other-zone addresses.
      const ip = new PublicIp(this, `public-ip-${i}`, {
        name: `${props.name}-${i}`,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        sku: "Standard",
        allocationMethod: "Static",
        zones,
        tags: { ...props.tags },
      });
      ipAssociations.push(new NatGatewayPublicIpAssociation(this, `public-ip-association-${i}`, { natGatewayId: this.natGateway.id, publicIpAddressId: ip.id }));
      return ip;
    });
    this.egressCidrs = this.publicIps.map((ip) => `${ip.ipAddress}/32`);
    this.subnetAssociation = new SubnetNatGatewayAssociation(this, "subnet-association", {
      subnetId: props.subnetId,
      natGatewayId: this.natGateway.id,
      // A gateway without its addresses gives the nodes no egress; AKS's checks would fail on it.
      dependsOn: ipAssociations,
    });
  }
}
