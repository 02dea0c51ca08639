import { Construct } from "constructs";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";

/** Flexible Server with private access wants a private zone whose name ends like this (provider docs, Azure API). */
export const POSTGRES_DNS_ZONE_SUFFIX = ".postgres.database.azure.com";

export interface PostgresDnsZoneProps {
  /** From the plan (`AzureRegionNames.postgresDnsZone`). */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Where a link is made: the zone's name and resource group, possibly read from another stack. */
export interface DnsZoneRef {
  readonly zoneName: string;
  readonly resourceGroupName: string;
}

export interface VnetLinkOptions {
  readonly vnetId: string;
  /** Short name of the link, e.g. the region. */
  readonly label: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The private DNS zone that resolves the PostgreSQL servers' names to their private addresses. It is
 * global; each VNet whose clients connect needs a link (`linkVnet`), and a server must wait for the
 * link of its own VNet (provider docs: `depends_on` the link, or creation fails resolving itself).
 */
export class PostgresDnsZone extends Construct implements DnsZoneRef {
  readonly zone: PrivateDnsZone;
  readonly zoneId: string;
  readonly zoneName: string;
  readonly resourceGroupName: string;

  constructor(scope: Construct, id: string, props: PostgresDnsZoneProps) {
    super(scope, id);
    if (!props.name.endsWith(POSTGRES_DNS_ZONE_SUFFIX)) {
      throw new Error(`PostgresDnsZone ${id}: Flexible Server needs a zone ending in ${POSTGRES_DNS_ZONE_SUFFIX}, got ${props.name}`);
    }
    this.zone = new PrivateDnsZone(this, "zone", { name: props.name, resourceGroupName: props.resourceGroupName, tags: { ...props.tags } });
    this.zoneId = this.zone.id;
    this.zoneName = this.zone.name;
    this.resourceGroupName = props.resourceGroupName;
  }
}

/** Links a VNet to a zone (made in the zone's stack or, for the other region, in that region's stack). */
export function linkVnet(scope: Construct, id: string, zone: DnsZoneRef, options: VnetLinkOptions): PrivateDnsZoneVirtualNetworkLink {
  return new PrivateDnsZoneVirtualNetworkLink(scope, id, {
    name: options.label,
    resourceGroupName: zone.resourceGroupName,
    privateDnsZoneName: zone.zoneName,
    virtualNetworkId: options.vnetId,
    // Servers register their own records; VMs must not.
    registrationEnabled: false,
    tags: { ...options.tags },
  });
}
