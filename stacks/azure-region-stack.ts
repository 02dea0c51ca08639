import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { AksCluster } from "../lib/azure/aks-cluster";
import { AksNodePool } from "../lib/azure/aks-node-pool";
import { AzureCoderIngress } from "../lib/azure/azure-coder-ingress";
import { KeyVault } from "../lib/azure/key-vault";
import { KmsKey } from "../lib/azure/kms-key";
import { LogAnalyticsWorkspace } from "../lib/azure/log-analytics";
import { NatEgress } from "../lib/azure/nat-egress";
import { linkVnet, PostgresDnsZone } from "../lib/azure/postgres-dns-zone";
import { PostgresFlexibleServer } from "../lib/azure/postgres-flexible-server";
import { PostgresFlexibleReplica } from "../lib/azure/postgres-replica";
import { RegionResourceGroup } from "../lib/azure/resource-group";
import { VirtualNetwork } from "../lib/azure/virtual-network";
import { VnetPeering } from "../lib/azure/vnet-peering";
import { CODER_INGRESS_OUTPUT } from "../lib/contracts/coder-ingress";
import { DATABASE_OUTPUTS } from "../lib/contracts/database";
import { DeploymentPlan, layoutOf, RegionPlan } from "../lib/plan/types";
import { configureBackend } from "../lib/terraform/backend";
import { PropagationWait } from "../lib/terraform/propagation-wait";
import { addClusterOutputs, addDatabaseOutputs } from "../lib/terraform/contract-outputs";

export interface AzureRegionStackProps {
  readonly plan: DeploymentPlan;
  /** The region this stack builds: `plan.primary` or `plan.secondary`. */
  readonly region: RegionPlan;
  /**
   * The primary region's stack, which the secondary reads (through cdktf cross-stack references,
   * i.e. the primary's outputs and a terraform_remote_state here) to peer the VNets, link the
   * PostgreSQL DNS zone and create the replica.
   * @default none (required in the secondary region)
   */
  readonly primary?: AzureRegionStack;
}

/**
 * The infrastructure of one Azure region: resource group, VNet with NAT egress, Key Vault, Log
 * Analytics, AKS with its node pools; in the primary the PostgreSQL server and its private DNS zone,
 * in the secondary the VNet peerings (both directions), the zone's link to this VNet and the
 * read replica. Everything cross-region lives in the secondary stack, so the dependency between the
 * two stacks runs one way: deploy the primary first.
 */
export class AzureRegionStack extends TerraformStack {
  readonly resourceGroup: RegionResourceGroup;
  readonly network: VirtualNetwork;
  readonly egress: NatEgress;
  readonly keyVault: KeyVault;
  readonly cluster: AksCluster;
  readonly nodePools: readonly AksNodePool[];
  readonly dnsZone?: PostgresDnsZone;
  readonly database?: PostgresFlexibleServer;
  readonly databaseReplica?: PostgresFlexibleReplica;
  readonly peering?: VnetPeering;
  /** Reserved address, DNS records and cert-manager identity of Coder in this region (when Coder is deployed). */
  readonly coderIngress?: AzureCoderIngress;

  constructor(scope: Construct, id: string, props: AzureRegionStackProps) {
    super(scope, id);
    const { plan, region, primary } = props;
    const names = region.azure;
    if (!names) throw new Error(`AzureRegionStack ${id}: the plan has no Azure names for ${region.region} (was it planned for azure?)`);
    if (region.role === "secondary" && !primary) throw new Error(`AzureRegionStack ${id}: the secondary region needs the primary region's stack`);
    const tags = plan.tags;
    const zones = region.network.availabilityZones;

    configureBackend(this, plan.backend, id);
    // Subscription and tenant from the config when it names them; otherwise the provider reads
    // ARM_SUBSCRIPTION_ID / ARM_TENANT_ID (or the Azure CLI login) at plan time, so synth needs no account.
    new AzurermProvider(this, "azurerm", {
      subscriptionId: plan.azure.subscriptionId,
      tenantId: plan.azure.tenantId,
      features: [
        {
          // Purge protection forbids purging anyway; recovering lets a re-deploy reuse the vault name.
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
        },
      ],
    });
    const deployer = new DataAzurermClientConfig(this, "deployer", {});
    const location = region.region;

    this.resourceGroup = new RegionResourceGroup(this, "resource-group", { name: names.resourceGroup, location, tags });
    const placed = { resourceGroupName: this.resourceGroup.name, location, tags };
    this.network = new VirtualNetwork(this, "network", {
      ...placed,
      plan: region.network,
      postgresClientCidrs: [plan.primary.network.cidr, plan.secondary.network.cidr],
    });
    this.egress = new NatEgress(this, "egress", { ...placed, name: `${region.network.name}-egress`, subnetId: this.network.nodeSubnet.id });
    const logs = new LogAnalyticsWorkspace(this, "logs", { ...placed, name: names.logAnalyticsWorkspace });
    this.keyVault = new KeyVault(this, "key-vault", {
      ...placed,
      name: names.keyVault,
      tenantId: plan.azure.tenantId ?? deployer.tenantId,
      deployerObjectId: deployer.objectId,
    });
    const kmsKey = new KmsKey(this, "kms-key", { ...placed, vault: this.keyVault, name: region.cluster.name });

    const systemPool = region.pools.find((p) => p.role === "system");
    if (!systemPool) throw new Error(`AzureRegionStack ${id}: the plan has no system pool for ${region.region}`);
    this.cluster = new AksCluster(this, "cluster", {
      ...placed,
      plan: region.cluster,
      names,
      layout: layoutOf(region.network, "vnet-subnets"),
      systemPool,
      zones,
      nodeSubnetId: this.network.nodeSubnet.id,
      kmsKey,
      egressCidrs: this.egress.egressCidrs,
      networkDependencies: [this.egress.subnetAssociation, ...this.network.securityAssociations],
      logAnalyticsWorkspaceId: logs.workspaceId,
      tenantId: plan.azure.tenantId,
      adminObjectId: deployer.objectId,
    });
    this.nodePools = region.pools
      .filter((pool) => pool.role !== "system")
      .map((pool) => new AksNodePool(this, `${pool.name}-pool`, { cluster: this.cluster, pool, zones, nodeSubnetId: this.network.nodeSubnet.id, tags }));

    if (region.role === "primary") {
      new RandomProvider(this, "random");
      this.dnsZone = new PostgresDnsZone(this, "postgres-dns", { name: names.postgresDnsZone, resourceGroupName: this.resourceGroup.name, tags });
      const link = linkVnet(this, "postgres-dns-link", this.dnsZone, { vnetId: this.network.vnetId, label: region.region, tags });
      this.database = new PostgresFlexibleServer(this, "database", {
        ...placed,
        plan: plan.database,
        serverName: names.postgresServer,
        delegatedSubnetId: this.network.postgresSubnet.id,
        privateDnsZoneId: this.dnsZone.zoneId,
        dnsZoneLink: link,
        subnetDependencies: this.network.securityAssociations,
        keyVault: this.keyVault,
      });
    } else if (primary) {
      this.peering = new VnetPeering(this, "peering", {
        local: { ...networkRef(this.network), label: region.region },
        remote: { ...networkRef(primary.network), label: primary.cluster.region },
      });
      const zone = primary.dnsZone;
      if (!zone || !primary.database) throw new Error(`AzureRegionStack ${id}: the primary stack has no database to link or replicate`);
      const link = linkVnet(this, "postgres-dns-link", zone, { vnetId: this.network.vnetId, label: region.region, tags });
      if (plan.database.replica) {
        this.databaseReplica = new PostgresFlexibleReplica(this, "database-replica", {
          ...placed,
          plan: plan.database,
          serverName: names.postgresServer,
          sourceServerId: primary.database.serverId,
          delegatedSubnetId: this.network.postgresSubnet.id,
          privateDnsZoneId: zone.zoneId,
          dnsZoneLink: link,
          subnetDependencies: this.network.securityAssociations,
        });
      }
    }
    const coderRegion = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
    if (plan.coder.enabled && coderRegion.ingress && coderRegion.server) {
      this.coderIngress = new AzureCoderIngress(this, "coder-ingress", {
        name: `${region.cluster.name}-${coderRegion.server.kind}`,
        location,
        resourceGroupName: this.resourceGroup.name,
        resourceGroupId: this.resourceGroup.resourceGroup.id,
        clusterPrincipalId: this.cluster.controlPlanePrincipalId,
        oidcIssuerUrl: this.cluster.oidcIssuerUrl,
        zones,
        ingress: coderRegion.ingress,
        domain: plan.coder.domain,
        dnsZoneResourceGroup: plan.azure.dnsZoneResourceGroup,
        manageDns: plan.coder.manageDns,
        acme: plan.coder.tls.mode === "acme",
        tags,
      });
      // The coder stacks use these grants (the load balancer's address, cert-manager's zone): this
      // stack's apply ends once they take effect.
      new PropagationWait(this.coderIngress, "grant-propagation", { grants: this.coderIngress.grants });
    }
    this.addOutputs();
  }

  private addOutputs(): void {
    addClusterOutputs(this, this.cluster);
    new TerraformOutput(this, "network_id", { value: this.network.vnetId, description: "VNet ID" });
    if (this.coderIngress) {
      new TerraformOutput(this, CODER_INGRESS_OUTPUT, { value: this.coderIngress.addresses, description: "Public address of coderd or the proxy: the DNS records point here" });
    }
    if (this.database) addDatabaseOutputs(this, this.database);
    if (this.databaseReplica) {
      new TerraformOutput(this, DATABASE_OUTPUTS.replicaHost, { value: this.databaseReplica.host, description: "Disaster-recovery replica host" });
    }
  }
}

function networkRef(network: VirtualNetwork): { vnetName: string; vnetId: string; resourceGroupName: string } {
  return { vnetName: network.vnetName, vnetId: network.vnetId, resourceGroupName: network.resourceGroupName };
}
