import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { BootstrapSecretEntries } from "../lib/aws/bootstrap-secret-entries";
import { AwsCoderIngress } from "../lib/aws/aws-coder-ingress";
import { ClusterAutoscalerRole } from "../lib/aws/cluster-autoscaler-role";
import { EksCluster } from "../lib/aws/eks-cluster";
import { EksNodePool } from "../lib/aws/eks-node-pool";
import { LOAD_BALANCER_ZONES } from "../lib/aws/load-balancer-addresses";
import { EksNodeRole } from "../lib/aws/eks-node-role";
import { EksWorkloadAddons } from "../lib/aws/eks-workload-addons";
import { Network } from "../lib/aws/network";
import { PostgresDatabase } from "../lib/aws/postgres-database";
import { PostgresReplica } from "../lib/aws/postgres-replica";
import { SsmBastion } from "../lib/aws/ssm-bastion";
import { PoolRole } from "../lib/plan/pool-role";
import { DeploymentPlan, RegionPlan } from "../lib/plan/types";
import { configureBackend } from "../lib/terraform/backend";
import { addClusterOutputs, addDatabaseOutputs } from "../lib/terraform/contract-outputs";
import { DATABASE_OUTPUTS } from "../lib/contracts/database";
import { CODER_INGRESS_OUTPUT } from "../lib/contracts/coder-ingress";

/**
 * Pools whose nodes may open connections to PostgreSQL: coderd, and the proxy pool (where coderd
 * would run once the replica is promoted). Workspace and provisioner nodes run user code and never may.
 */
export const DATABASE_CLIENT_POOLS: readonly PoolRole[] = ["coderd", "proxy"];

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
 * The infrastructure of one AWS region: network, EKS cluster with its node pools, the IAM role of
 * its Cluster Autoscaler, optional private-API access, and the database (the primary in the primary
 * region, the disaster-recovery replica in the secondary). No Kubernetes or Helm provider: what
 * runs inside the cluster is the `addons` layer (`AwsClusterAddonsStack`).
 */
export class AwsRegionStack extends TerraformStack {
  readonly network: Network;
  readonly cluster: EksCluster;
  readonly nodePools: readonly EksNodePool[];
  /** The IRSA role of the Cluster Autoscaler, when the region has an autoscaling pool. */
  readonly autoscalerRole?: ClusterAutoscalerRole;
  /** Security group of the nodes the database admits (coderd, proxy); only where a database is. */
  readonly databaseClientSecurityGroupId?: string;
  readonly bastion?: SsmBastion;
  readonly database?: PostgresDatabase;
  readonly databaseReplica?: PostgresReplica;
  /** Empty Secrets Manager secrets for the Coder layer's provisioner keys and proxy token. */
  readonly bootstrapSecrets?: BootstrapSecretEntries;
  /** The public entry of the region's coderd or proxy: reserved addresses, DNS records, cert-manager's role. */
  readonly coderIngress?: AwsCoderIngress;

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

    // Only pods on coderd and proxy nodes reach the database: those nodes carry a security group
    // of their own, and the database admits that group, not the cluster security group every node has.
    const hasDatabase = region.role === "primary" || replica !== undefined;
    if (hasDatabase) {
      this.databaseClientSecurityGroupId = new SecurityGroup(this, "database-client-nodes", {
        name: `${region.cluster.name}-database-clients`,
        description: `Nodes of ${region.cluster.name} that may connect to PostgreSQL`,
        vpcId: this.network.vpcId,
        // No `kubernetes.io/cluster/<name>` tag: EKS's load balancers need exactly one tagged group per node.
        tags: { Name: `${region.cluster.name}-database-clients` },
      }).id;
    }

    const nodeRole = new EksNodeRole(this, "node-role", { roleName: `${region.cluster.name}-node` });
    // coderd's and the proxy's nodes only in the zones their NLB serves: an NLB sends nothing to
    // targets in a zone it is not enabled in (docs.aws.amazon.com/elasticloadbalancing/latest/network/
    // network-load-balancers.html, Availability Zones), and with the Local traffic policy a replica
    // on such a node would get no traffic at all.
    const serverSubnetIds = this.network.privateSubnetIds.slice(0, LOAD_BALANCER_ZONES);
    this.nodePools = region.pools.map(
      (pool) =>
        new EksNodePool(this, `${pool.name}-pool`, {
          cluster: this.cluster,
          pool,
          nodeRole,
          subnetIds: pool.role === "coderd" || pool.role === "proxy" ? serverSubnetIds : this.network.privateSubnetIds,
          tags: plan.tags,
          additionalSecurityGroupIds:
            this.databaseClientSecurityGroupId && DATABASE_CLIENT_POOLS.includes(pool.role) ? [this.databaseClientSecurityGroupId] : undefined,
        }),
    );
    new EksWorkloadAddons(this, "workload-addons", {
      cluster: this.cluster,
      nodePools: this.nodePools.filter((p) => p.pool.role === "system").flatMap((p) => p.nodeGroups),
      volumeTags: plan.tags,
    });
    if (region.pools.some((p) => p.scaling === "autoscaling")) {
      this.autoscalerRole = new ClusterAutoscalerRole(this, "cluster-autoscaler-role", { cluster: this.cluster });
    }

    if (plan.aws.bastion) {
      this.bastion = new SsmBastion(this, "bastion", {
        name: region.cluster.name,
        vpcId: this.network.vpcId,
        subnetId: this.network.privateSubnetIds[0],
        tags: plan.tags,
      });
      this.cluster.allowApiAccessFrom(this, "api-from-bastion", { securityGroupId: this.bastion.securityGroupId });
    }
    plan.aws.privateApiCidrs.forEach((cidr, i) => this.cluster.allowApiAccessFrom(this, `api-from-cidr-${i}`, { cidr }));

    if (region.role === "primary" && this.databaseClientSecurityGroupId) {
      new RandomProvider(this, "random");
      this.database = new PostgresDatabase(this, "database", {
        plan: plan.database,
        vpcId: this.network.vpcId,
        subnetIds: this.network.privateSubnetIds,
        clientSecurityGroupIds: [this.databaseClientSecurityGroupId],
      });
    } else if (replica && props.primaryDatabaseArn && this.databaseClientSecurityGroupId) {
      this.databaseReplica = new PostgresReplica(this, "database-replica", {
        plan: plan.database,
        sourceArn: props.primaryDatabaseArn,
        identifier: replica.identifier,
        vpcId: this.network.vpcId,
        subnetIds: this.network.privateSubnetIds,
        clientSecurityGroupIds: [this.databaseClientSecurityGroupId],
      });
    }

    const coderRegion = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
    if (plan.coder.enabled && coderRegion.ingress && coderRegion.server) {
      this.coderIngress = new AwsCoderIngress(this, "coder-ingress", {
        cluster: this.cluster,
        publicSubnetIds: this.network.publicSubnetIds,
        ingress: coderRegion.ingress,
        domain: plan.coder.domain,
        hostedZoneId: plan.aws.dnsZoneId,
        manageDns: plan.coder.manageDns,
        acme: plan.coder.tls.mode === "acme",
        name: `${region.cluster.name}-${coderRegion.server.kind}`,
        serverPool: coderRegion.server.kind,
      });
    }
    if (plan.coder.enabled && coderRegion.bootstrapSecrets.length > 0) {
      this.bootstrapSecrets = new BootstrapSecretEntries(this, "coder-bootstrap-secrets", {
        entries: coderRegion.bootstrapSecrets.map((s) => ({ id: s.kind, name: s.storeName })),
        owner: region.cluster.name,
      });
    }

    this.addOutputs();
  }

  private addOutputs(): void {
    addClusterOutputs(this, this.cluster);
    new TerraformOutput(this, "network_id", { value: this.network.vpcId, description: "VPC ID" });
    if (this.bastion) {
      new TerraformOutput(this, "bastion_instance_id", {
        value: this.bastion.instance.id,
        description: "Session Manager target for port forwarding to the private Kubernetes API",
      });
    }
    if (this.database) addDatabaseOutputs(this, this.database);
    if (this.databaseReplica) {
      new TerraformOutput(this, DATABASE_OUTPUTS.replicaHost, { value: this.databaseReplica.instance.address, description: "Disaster-recovery replica host" });
    }
    if (this.coderIngress) {
      new TerraformOutput(this, CODER_INGRESS_OUTPUT, { value: this.coderIngress.addresses, description: "Public addresses of coderd or the proxy: the DNS records point here" });
    }
  }
}
