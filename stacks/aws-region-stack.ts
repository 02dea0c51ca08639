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
    this.cluster = new EksCluster(this, "cluster", { plan: region.cluster, subnetIds: this.network.privateSubnetIds });
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
    new TerraformOutput(this, "cluster_name", { value: this.cluster.name, description: "EKS cluster name" });
    new TerraformOutput(this, "cluster_endpoint", { value: this.cluster.endpoint, description: "Kubernetes API endpoint" });
    new TerraformOutput(this, "cluster_oidc_provider_arn", { value: this.cluster.oidcProviderArn, description: "IAM OIDC provider for service-account roles" });
    new TerraformOutput(this, "vpc_id", { value: this.network.vpcId });
    if (this.database) {
      new TerraformOutput(this, "database_endpoint", { value: this.database.instance.endpoint, description: "PostgreSQL host:port" });
      new TerraformOutput(this, "database_secret_arn", {
        value: this.database.masterSecretArn,
        description: "ARN of the Secrets Manager secret RDS keeps the master credentials in (a reference, not the secret)",
      });
    }
    if (this.databaseReplica) {
      new TerraformOutput(this, "database_replica_endpoint", { value: this.databaseReplica.instance.endpoint, description: "Disaster-recovery replica host:port" });
    }
  }
}
