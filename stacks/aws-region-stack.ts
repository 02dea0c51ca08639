import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { EksCluster } from "../lib/aws/eks-cluster";
import { EksNodePool } from "../lib/aws/eks-node-pool";
import { EksNodeRole } from "../lib/aws/eks-node-role";
import { EksWorkloadAddons } from "../lib/aws/eks-workload-addons";
import { Network } from "../lib/aws/network";
import { PostgresDatabase } from "../lib/aws/postgres-database";
import { PostgresReplica } from "../lib/aws/postgres-replica";
import { DeploymentPlan, RegionPlan } from "../lib/plan/types";
import { configureBackend } from "../lib/terraform/backend";
import { addClusterOutputs, addDatabaseOutputs } from "../lib/terraform/contract-outputs";
import { DATABASE_OUTPUTS } from "../lib/contracts/database";

export interface AwsRegionStackProps {
  readonly plan: DeploymentPlan;
  /** The region this stack builds: `plan.primary` or `plan.secondary`. */
  readonly region: RegionPlan;
  /**
   * ARN of the primary database, which the secondary region replicates.
   * @default no replica (required in the secondary region when the plan has one)
   */
  readonly primaryDatabaseArn?: string;
}

/**
 * The infrastructure of one AWS region: network, EKS cluster with its node pools, and the database
 * (the primary in the primary region, the disaster-recovery replica in the secondary).
 */
export class AwsRegionStack extends TerraformStack {
  readonly network: Network;
  readonly cluster: EksCluster;
  readonly nodePools: readonly EksNodePool[];
  readonly database?: PostgresDatabase;
  readonly databaseReplica?: PostgresReplica;

  constructor(scope: Construct, id: string, props: AwsRegionStackProps) {
    super(scope, id);
    const { plan, region } = props;
    const replica = region.role === "secondary" ? plan.database.replica : undefined;
    if (replica && !props.primaryDatabaseArn) {
      throw new Error(`AwsRegionStack ${id}: the plan has a database replica here, but primaryDatabaseArn is missing`);
    }

    configureBackend(this, plan.backend, id);
    new AwsProvider(this, "aws", { region: region.region, defaultTags: [{ tags: { ...plan.tags } }] });

    this.network = new Network(this, "network", { plan: region.network, clusterName: region.cluster.name });
    this.cluster = new EksCluster(this, "cluster", {
      plan: region.cluster,
      subnetIds: this.network.privateSubnetIds,
      adminPrincipalArns: plan.aws.clusterAdminPrincipalArns,
    });
    const nodeRole = new EksNodeRole(this, "node-role", { roleName: `${region.cluster.name}-node` });
    this.nodePools = region.pools.map(
      (pool) =>
        new EksNodePool(this, `${pool.name}-pool`, {
          cluster: this.cluster,
          pool,
          nodeRole,
          subnetIds: this.network.privateSubnetIds,
          tags: plan.tags,
        }),
    );
    new EksWorkloadAddons(this, "workload-addons", {
      cluster: this.cluster,
      nodePools: this.nodePools.filter((p) => p.pool.role === "system").map((p) => p.nodeGroup),
      volumeTags: plan.tags,
    });

    const databaseClients = {
      vpcId: this.network.vpcId,
      subnetIds: this.network.privateSubnetIds,
      clientSecurityGroupIds: [this.cluster.securityGroupId],
    };
    if (region.role === "primary") {
      new RandomProvider(this, "random");
      this.database = new PostgresDatabase(this, "database", { plan: plan.database, ...databaseClients });
    } else if (replica && props.primaryDatabaseArn) {
      this.databaseReplica = new PostgresReplica(this, "database-replica", {
        plan: plan.database,
        sourceArn: props.primaryDatabaseArn,
        identifier: replica.identifier,
        ...databaseClients,
      });
    }

    this.addOutputs();
  }

  private addOutputs(): void {
    addClusterOutputs(this, this.cluster);
    new TerraformOutput(this, "network_id", { value: this.network.vpcId, description: "VPC ID" });
    if (this.database) addDatabaseOutputs(this, this.database);
    if (this.databaseReplica) {
      new TerraformOutput(this, DATABASE_OUTPUTS.replicaHost, { value: this.databaseReplica.instance.address, description: "Disaster-recovery replica host" });
    }
  }
}
