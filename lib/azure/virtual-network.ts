import { Construct } from "constructs";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork as VirtualNetworkResource } from "@cdktf/provider-azurerm/lib/virtual-network";
import { POSTGRES_PORT } from "../contracts/database";
import { layoutOf, NetworkPlan } from "../plan/types";

/** Ports the cluster's public load balancer serves (Coder over HTTP and HTTPS); nothing else is open to the internet. */
export const LOAD_BALANCER_PORTS: readonly number[] = [80, 443];

/** Delegation a Flexible Server's subnet needs (learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private). */
export const POSTGRES_SUBNET_DELEGATION = "Microsoft.DBforPostgreSQL/flexibleServers";

export interface VirtualNetworkProps {
  /** Address space and subnets from the deployment plan (the "vnet-subnets" layout). */
  readonly plan: NetworkPlan;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Ranges whose clients may reach PostgreSQL on 5432: both regions' VNets, so the replica and coderd connect. */
  readonly postgresClientCidrs: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

interface RuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly access: "Allow" | "Deny";
  readonly protocol: "Tcp" | "*";
  readonly source: string | readonly string[];
  readonly ports: string | readonly string[];
}

/**
 * A region's VNet with its three subnets, each behind its own network security group:
 * - nodes: the internet reaches only the load balancer's ports; outbound leaves through NAT
 *   (`NatEgress`), so Azure's implicit default outbound access is turned off;
 * - PostgreSQL: delegated to Flexible Server; 5432 only from the two regions' VNets, everything
 *   within the subnet (HA standby replication), nothing else;
 * - private endpoints: nothing from the internet.
 * Rules are separate `azurerm_network_security_rule` resources: inline `security_rule` blocks are
 * attributes-as-blocks, which in JSON need every attribute spelled out and fight separate rules.
 */
export class VirtualNetwork extends Construct {
  readonly vnet: VirtualNetworkResource;
  readonly vnetId: string;
  readonly vnetName: string;
  readonly resourceGroupName: string;
  readonly nodeSubnet: Subnet;
  readonly postgresSubnet: Subnet;
  readonly privateEndpointSubnet: Subnet;
  /** What must exist before anything is placed in the subnets: the NSG associations. */
  readonly securityAssociations: readonly SubnetNetworkSecurityGroupAssociation[];

  constructor(scope: Construct, id: string, props: VirtualNetworkProps) {
    super(scope, id);
    const { plan } = props;
    const layout = layoutOf(plan, "vnet-subnets");
    const common = { resourceGroupName: props.resourceGroupName, location: props.location };

    this.vnet = new VirtualNetworkResource(this, "vnet", { ...common, name: plan.name, addressSpace: [plan.cidr], tags: { ...props.tags } });
    this.vnetId = this.vnet.id;
    this.vnetName = this.vnet.name;
    this.resourceGroupName = props.resourceGroupName;
    const inVnet = { resourceGroupName: props.resourceGroupName, virtualNetworkName: this.vnet.name };

    this.nodeSubnet = new Subnet(this, "node-subnet", {
      ...inVnet,
      name: "nodes",
      addressPrefixes: [layout.nodeSubnet],
      // Egress goes through the NAT gateway only; no implicit outbound address.
      defaultOutboundAccessEnabled: false,
    });
    this.postgresSubnet = new Subnet(this, "postgres-subnet", {
      ...inVnet,
      name: "postgres",
      addressPrefixes: [layout.postgresSubnet],
      serviceEndpoints: ["Microsoft.Storage"],
      delegation: [
        {
          name: "flexible-server",
          serviceDelegation: { name: POSTGRES_SUBNET_DELEGATION, actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
        },
      ],
    });
    this.privateEndpointSubnet = new Subnet(this, "private-endpoint-subnet", {
      ...inVnet,
      name: "private-endpoints",
      addressPrefixes: [layout.privateEndpointSubnet],
      defaultOutboundAccessEnabled: false,
      // NSG rules apply to private endpoints only with network policies on.
      privateEndpointNetworkPolicies: "Enabled",
    });

    const lbPorts = LOAD_BALANCER_PORTS.map(String);
    this.securityAssociations = [
      this.secure("node", this.nodeSubnet, plan.name, props, [
        { name: "allow-internet-to-load-balancer", priority: 100, access: "Allow", protocol: "Tcp", source: "Internet", ports: lbPorts },
        { name: "deny-other-internet", priority: 4096, access: "Deny", protocol: "*", source: "Internet", ports: "*" },
      ]),
      this.secure("postgres", this.postgresSubnet, plan.name, props, [
        { name: "allow-postgres-from-regions", priority: 100, access: "Allow", protocol: "Tcp", source: props.postgresClientCidrs, ports: String(POSTGRES_PORT) },
        { name: "allow-within-subnet", priority: 110, access: "Allow", protocol: "*", source: layout.postgresSubnet, ports: "*" },
        { name: "deny-other-vnet", priority: 4000, access: "Deny", protocol: "*", source: "VirtualNetwork", ports: "*" },
        { name: "deny-internet", priority: 4096, access: "Deny", protocol: "*", source: "Internet", ports: "*" },
      ]),
      this.secure("private-endpoint", this.privateEndpointSubnet, plan.name, props, [
        { name: "deny-internet", priority: 4096, access: "Deny", protocol: "*", source: "Internet", ports: "*" },
      ]),
    ];
  }

  private secure(purpose: string, subnet: Subnet, networkName: string, props: VirtualNetworkProps, rules: readonly RuleSpec[]): SubnetNetworkSecurityGroupAssociation {
    const group = new NetworkSecurityGroup(this, `${purpose}-nsg`, {
      name: `${networkName}-${purpose}`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: { ...props.tags },
    });
    for (const rule of rules) {
      const many = (value: string | readonly string[]) => typeof value !== "string";
      new NetworkSecurityRule(this, `${purpose}-${rule.name}`, {
        name: rule.name,
        resourceGroupName: props.resourceGroupName,
        networkSecurityGroupName: group.name,
        priority: rule.priority,
        direction: "Inbound",
        access: rule.access,
        protocol: rule.protocol,
        sourcePortRange: "*",
        sourceAddressPrefix: many(rule.source) ? undefined : (rule.source as string),
        sourceAddressPrefixes: many(rule.source) ? [...rule.source] : undefined,
        destinationAddressPrefix: "*",
        destinationPortRange: many(rule.ports) ? undefined : (rule.ports as string),
        destinationPortRanges: many(rule.ports) ? [...rule.ports] : undefined,
      });
    }
    return new SubnetNetworkSecurityGroupAssociation(this, `${purpose}-nsg-association`, { subnetId: subnet.id, networkSecurityGroupId: group.id });
  }
}
