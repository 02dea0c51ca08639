import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { DatabasePlan } from "../plan/types";
import { FLEXIBLE_SERVER_IGNORED_CHANGES, flexibleServerSku } from "./postgres-flexible-server";

export interface PostgresFlexibleReplicaProps {
  /** The primary's plan: the replica matches its SKU, storage and version. */
  readonly plan: DatabasePlan;
  /** From the plan (`AzureRegionNames.postgresServer` of the secondary region). */
  readonly serverName: string;
  /** ID of the primary server (from the primary region's stack). */
  readonly sourceServerId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** A subnet delegated to Flexible Server in the replica's own region. */
  readonly delegatedSubnetId: string;
  readonly privateDnsZoneId: string;
  /** The zone's link to the replica's VNet, which the replica must wait for. */
  readonly dnsZoneLink: ITerraformDependable;
  /**
   * What changes the delegated subnet and must finish first (its NSG association): Azure refuses
   * to update a subnet while a server is being placed in it.
   * @default none
   */
  readonly subnetDependencies?: readonly ITerraformDependable[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The disaster-recovery read replica of the primary server in the secondary region. What Azure
 * wants and the provider does not send by itself: storage, SKU and auto-grow equal to the primary's
 * (the provider would send 32 GiB and no auto-grow); no HA, geo-backup or administrator password
 * (a replica takes them from its source); public access off, which the provider otherwise sends as
 * on and which conflicts with a delegated subnet.
 */
export class PostgresFlexibleReplica extends Construct {
  readonly server: PostgresqlFlexibleServer;
  readonly host: string;

  constructor(scope: Construct, id: string, props: PostgresFlexibleReplicaProps) {
    super(scope, id);
    const { plan } = props;
    this.server = new PostgresqlFlexibleServer(this, "server", {
      name: props.serverName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      createMode: "Replica",
      sourceServerId: props.sourceServerId,
      version: plan.postgresVersion,
      skuName: flexibleServerSku(plan),
      storageMb: plan.storageGib * 1024,
      autoGrowEnabled: true,
      delegatedSubnetId: props.delegatedSubnetId,
      privateDnsZoneId: props.privateDnsZoneId,
      publicNetworkAccessEnabled: false,
      tags: { ...props.tags },
      dependsOn: [props.dnsZoneLink, ...(props.subnetDependencies ?? [])],
      lifecycle: { ignoreChanges: FLEXIBLE_SERVER_IGNORED_CHANGES, preventDestroy: plan.deletionProtection },
    });
    this.host = this.server.fqdn;
  }
}
