import { Construct } from "constructs";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";

/** One side of a peering: the VNet's name, its resource group and its ID. */
export interface PeeredNetwork {
  readonly vnetName: string;
  readonly vnetId: string;
  readonly resourceGroupName: string;
  /** Short name for the peering names, e.g. the region. */
  readonly label: string;
}

export interface VnetPeeringProps {
  readonly local: PeeredNetwork;
  readonly remote: PeeredNetwork;
}

/**
 * Peers two VNets both ways: Azure forwards traffic only when each side has its own peering. Both
 * peerings are created by one stack (the secondary region's), because the primary stack cannot
 * refer to the secondary without a circular dependency between the stacks; a peering is an API call
 * on the VNet it names, whichever stack makes it.
 */
export class VnetPeering extends Construct {
  readonly peerings: readonly VirtualNetworkPeering[];

  constructor(scope: Construct, id: string, props: VnetPeeringProps) {
    super(scope, id);
    const peer = (from: PeeredNetwork, to: PeeredNetwork, direction: string) =>
      new VirtualNetworkPeering(this, direction, {
        name: `${from.label}-to-${to.label}`,
        resourceGroupName: from.resourceGroupName,
        virtualNetworkName: from.vnetName,
        remoteVirtualNetworkId: to.vnetId,
        allowVirtualNetworkAccess: true,
        // No hub, no gateways: the regions talk only to each other.
        allowForwardedTraffic: false,
        allowGatewayTransit: false,
        useRemoteGateways: false,
      });
    this.peerings = [peer(props.local, props.remote, "local-to-remote"), peer(props.remote, props.local, "remote-to-local")];
  }
}
