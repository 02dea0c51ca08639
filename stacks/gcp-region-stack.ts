import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { CloudNat } from "../lib/gcp/cloud-nat";
import { CloudSqlDatabase } from "../lib/gcp/cloud-sql-database";
import { CloudSqlReplica } from "../lib/gcp/cloud-sql-replica";
import { GkeCluster } from "../lib/gcp/gke-cluster";
import { GkeNodePool } from "../lib/gcp/gke-node-pool";
import { GkeNodeServiceAccount } from "../lib/gcp/gke-node-service-account";
import { GkeSecretsKey } from "../lib/gcp/gke-secrets-key";
import { gcpLabels } from "../lib/gcp/labels";
import { BootstrapSecretEntries } from "../lib/gcp/bootstrap-secret-entries";
import { GcpCoderIngress } from "../lib/gcp/gcp-coder-ingress";
import { CODER_INGRESS_OUTPUT } from "../lib/contracts/coder-ingress";
import { NodeFirewall } from "../lib/gcp/node-firewall";
import { PrivateServiceAccess } from "../lib/gcp/private-service-access";
import { RegionSubnet } from "../lib/gcp/region-subnet";
import { VpcNetwork } from "../lib/gcp/vpc-network";
import { DATABASE_OUTPUTS } from "../lib/contracts/database";
import { DeploymentPlan, layoutOf, RegionPlan } from "../lib/plan/types";
import { configureBackend } from "../lib/terraform/backend";
import { addClusterOutputs, addDatabaseOutputs } from "../lib/terraform/contract-outputs";

/** What the secondary region takes from the primary's stack (cdktf turns these into cross-stack references). */
export interface GcpSharedResources {
  /** The global VPC the primary stack owns. */
  readonly networkId: string;
  /** The primary Cloud SQL instance's name, for the replica. */
  readonly primaryDatabaseName?: string;
}

export interface GcpRegionStackProps {
  readonly plan: DeploymentPlan;
  /** The region this stack builds: `plan.primary` or `plan.secondary`. */
  readonly region: RegionPlan;
  /**
   * The primary stack's network and database, for the secondary region.
   * @default none: this stack creates the global VPC (required in the secondary region)
   */
  readonly shared?: GcpSharedResources;
}

/**
 * The infrastructure of one GCP region. The primary region's stack owns what is global or single:
 * the VPC (one network for both regions), Private Service Access and the Cloud SQL primary; every
 * region's stack holds its subnet, Cloud Router and NAT, node firewall, node service account,
 * Secrets key, GKE cluster and node pools; the secondary holds the Cloud SQL replica.
 */
export class GcpRegionStack extends TerraformStack {
  readonly network?: VpcNetwork;
  readonly networkId: string;
  readonly subnet: RegionSubnet;
  readonly cluster: GkeCluster;
  readonly nodePools: readonly GkeNodePool[];
  readonly database?: CloudSqlDatabase;
  readonly databaseReplica?: CloudSqlReplica;
  /** The public entry of the region's coderd or proxy: a reserved address, DNS records, cert-manager's identity. */
  readonly coderIngress?: GcpCoderIngress;

  constructor(scope: Construct, id: string, props: GcpRegionStackProps) {
    super(scope, id);
    const { plan, region } = props;
    const ownsNetwork = region.role === "primary";
    const replica = region.role === "secondary" ? plan.database.replica : undefined;
    if (!ownsNetwork && !props.shared) {
      throw new Error(`GcpRegionStack ${id}: the secondary region uses the primary's VPC; pass shared.networkId`);
    }
    if (replica && !props.shared?.primaryDatabaseName) {
      throw new Error(`GcpRegionStack ${id}: the plan has a database replica here, but shared.primaryDatabaseName is missing`);
    }
    if (!region.zones) throw new Error(`GcpRegionStack ${id}: the plan names no zones for ${region.region}`);
    const labels = gcpLabels(plan.tags);

    configureBackend(this, plan.backend, id);
    // Without gcp.project the provider reads GOOGLE_PROJECT (or gcloud's default): synth needs no account.
    const provider = new GoogleProvider(this, "google", { project: plan.gcp.project, region: region.region });
    // Labels on every resource that takes them. Set as an override: cdktf converts the keys of a
    // provider's attributes to snake_case all the way down, map keys included, so `defaultLabels`
    // would turn `managed-by` into `managed_by` (cdktf lib/terraform-provider.js, keysToSnakeCase).
    provider.addOverride("default_labels", labels);
    new RandomProvider(this, "random");
    const project = new DataGoogleProject(this, "project", { projectId: plan.gcp.project });

    let privateServiceAccess: PrivateServiceAccess | undefined;
    if (ownsNetwork) {
      this.network = new VpcNetwork(this, "network", { name: plan.namePrefix });
      this.networkId = this.network.networkId;
      const range = layoutOf(region.network, "regional-subnet").privateServiceRange;
      if (!range) throw new Error(`GcpRegionStack ${id}: the plan reserves no Private Service Access range in the primary region`);
      privateServiceAccess = new PrivateServiceAccess(this, "private-service-access", {
        name: `${plan.namePrefix}-private-services`,
        networkId: this.networkId,
        range,
        labels,
      });
    } else {
      this.networkId = (props.shared as GcpSharedResources).networkId;
    }

    this.subnet = new RegionSubnet(this, "subnet", { plan: region.network, region: region.region, networkId: this.networkId });
    new CloudNat(this, "cloud-nat", { name: region.network.name, region: region.region, networkId: this.networkId, subnetId: this.subnet.subnetId });
    const nodeAccount = new GkeNodeServiceAccount(this, "node-service-account", { name: region.cluster.name, projectId: project.projectId });
    new NodeFirewall(this, "node-firewall", { name: region.cluster.name, networkId: this.networkId, nodeServiceAccountEmail: nodeAccount.email });
    const secretsKey = new GkeSecretsKey(this, "secrets-key", {
      clusterName: region.cluster.name,
      region: region.region,
      projectNumber: project.number,
      labels,
    });
    this.cluster = new GkeCluster(this, "cluster", {
      plan: region.cluster,
      zones: region.zones,
      networkId: this.networkId,
      subnetId: this.subnet.subnetId,
      podRangeName: this.subnet.podRangeName,
      serviceRangeName: this.subnet.serviceRangeName,
      nodeServiceAccountEmail: nodeAccount.email,
      secretsKey,
      projectId: project.projectId,
      labels,
    });
    this.nodePools = region.pools.map(
      (pool) => new GkeNodePool(this, `${pool.name}-pool`, { cluster: this.cluster, pool, serviceAccount: nodeAccount, labels }),
    );

    if (ownsNetwork && privateServiceAccess) {
      this.database = new CloudSqlDatabase(this, "database", {
        plan: plan.database,
        region: region.region,
        networkId: this.networkId,
        privateServiceAccess: privateServiceAccess.connection,
        secretLocations: [plan.primary.region, plan.secondary.region],
        labels,
      });
    } else if (replica && props.shared?.primaryDatabaseName) {
      this.databaseReplica = new CloudSqlReplica(this, "database-replica", {
        plan: plan.database,
        name: replica.identifier,
        region: region.region,
        masterInstanceName: props.shared.primaryDatabaseName,
        networkId: this.networkId,
        labels,
      });
    }

    const coderRegion = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
    if (plan.coder.enabled && coderRegion.ingress && coderRegion.server) {
      this.coderIngress = new GcpCoderIngress(this, "coder-ingress", {
        name: `${region.cluster.name}-${coderRegion.server.kind}`,
        region: region.region,
        projectId: project.projectId,
        ingress: coderRegion.ingress,
        domain: plan.coder.domain,
        dnsZone: plan.gcp.dnsZone,
        manageDns: plan.coder.manageDns,
        acme: plan.coder.tls.mode === "acme",
        labels,
      });
    }
    if (plan.coder.enabled && coderRegion.bootstrapSecrets.length > 0) {
      new BootstrapSecretEntries(this, "coder-bootstrap-secrets", {
        entries: coderRegion.bootstrapSecrets.map((s) => ({ id: s.kind, name: s.storeName })),
        region: region.region,
        labels,
      });
    }

    addClusterOutputs(this, this.cluster);
    new TerraformOutput(this, "network_id", { value: this.networkId, description: "The deployment's global VPC" });
    if (this.database) addDatabaseOutputs(this, this.database);
    if (this.databaseReplica) {
      new TerraformOutput(this, DATABASE_OUTPUTS.replicaHost, { value: this.databaseReplica.instance.privateIpAddress, description: "Disaster-recovery replica private IP" });
    }
    if (this.coderIngress) {
      new TerraformOutput(this, CODER_INGRESS_OUTPUT, { value: this.coderIngress.addresses, description: "Public address of coderd or the proxy: the DNS records point here" });
    }
  }
}
