import { Construct } from "constructs";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { IKubernetesCluster, WorkloadIdentity } from "../contracts/cluster";
import { ClusterPlan } from "../plan/types";
import { GkeSecretsKey } from "./gke-secrets-key";
import { GKE_CLUSTER_NAME_MAX } from "./names";

/** Node metadata every GKE node gets: the legacy (v0.1/v1beta1) metadata endpoints stay off. */
export const GKE_NODE_METADATA = { "disable-legacy-endpoints": "true" };

/** Scope of node VMs: everything, with IAM roles on the node service account doing the limiting (Google's recommendation). */
export const GKE_NODE_OAUTH_SCOPES = ["https://www.googleapis.com/auth/cloud-platform"];

/**
 * Weekend maintenance, 8 hours on Saturday and Sunday (UTC). GKE refuses a window that gives less
 * than 48 hours of availability in any 32 days or is shorter than 4 contiguous hours
 * (cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions).
 */
export const GKE_MAINTENANCE_WINDOW = {
  startTime: "2026-01-03T02:00:00Z",
  endTime: "2026-01-03T10:00:00Z",
  recurrence: "FREQ=WEEKLY;BYDAY=SA,SU",
};

/** Control-plane and workload logs sent to Cloud Logging. */
export const GKE_LOG_COMPONENTS = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"];

export interface GkeClusterProps {
  /** Name, region, version and API access from the deployment plan. */
  readonly plan: ClusterPlan;
  /** Zones of the region, by name (for the default pool GKE creates and removes). */
  readonly zones: readonly string[];
  readonly networkId: string;
  readonly subnetId: string;
  /** Secondary ranges of the subnet for pods and Services. */
  readonly podRangeName: string;
  readonly serviceRangeName: string;
  /** The nodes' least-privilege service account (the default pool is created with it too). */
  readonly nodeServiceAccountEmail: string;
  /** The KMS key for Secrets; the cluster waits for its grant to the GKE service agent. */
  readonly secretsKey: GkeSecretsKey;
  /** Project ID, which names the Workload Identity pool. */
  readonly projectId: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * GKE release channel; channels upgrade nodes themselves, so pools never pin a version.
   * @default "REGULAR"
   */
  readonly releaseChannel?: "RAPID" | "REGULAR" | "STABLE" | "EXTENDED";
  /**
   * Refuse `terraform destroy` of the cluster.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A regional GKE cluster (control plane and nodes over the region's zones) set up as the reference
 * architecture expects: private nodes, the API reachable only from the plan's CIDRs (private only
 * when none), Workload Identity, Secrets encrypted with a Cloud KMS key, Dataplane V2 (which
 * enforces network policy itself), shielded nodes, the GKE metadata server, a release channel and
 * a maintenance window, legacy ABAC and client certificates off, deletion protection. Node pools
 * are `GkeNodePool`s; the default pool is removed.
 */
export class GkeCluster extends Construct implements IKubernetesCluster {
  readonly cloud = "gcp";
  readonly region: string;
  readonly cluster: ContainerCluster;
  readonly clusterName: string;
  /** Cluster ID (`projects/<p>/locations/<region>/clusters/<name>`), which node pools take. */
  readonly clusterId: string;
  readonly clusterEndpoint: string;
  readonly clusterCaCertificate: string;
  /** Workload Identity: Kubernetes service accounts act as Google service accounts through `<project>.svc.id.goog`. */
  readonly workloadIdentity: WorkloadIdentity;
  /** The plain cluster name, for naming the cluster's other resources. */
  readonly resourceNamePrefix: string;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    const { plan } = props;
    if (plan.name.length > GKE_CLUSTER_NAME_MAX) {
      throw new Error(`GkeCluster ${id}: GKE cluster names have at most ${GKE_CLUSTER_NAME_MAX} characters; "${plan.name}" has ${plan.name.length} (shorten namePrefix)`);
    }
    if (props.zones.length < 1) throw new Error(`GkeCluster ${id}: zones is empty`);
    const publicEndpoint = plan.apiAllowedCidrs.length > 0;
    const workloadPool = `${props.projectId}.svc.id.goog`;

    this.cluster = new ContainerCluster(this, "cluster", {
      name: plan.name,
      location: plan.region,
      nodeLocations: [...props.zones],
      minMasterVersion: plan.kubernetesVersion,
      releaseChannel: { channel: props.releaseChannel ?? "REGULAR" },
      network: props.networkId,
      subnetwork: props.subnetId,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {
        clusterSecondaryRangeName: props.podRangeName,
        servicesSecondaryRangeName: props.serviceRangeName,
        stackType: "IPV4",
      },
      // Dataplane V2 (Cilium) enforces NetworkPolicy itself; the Calico add-on must stay off.
      datapathProvider: "ADVANCED_DATAPATH",
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: !publicEndpoint },
      // The DNS-based endpoint (`<uid>.<region>.gke.goog`): reachable from any network that reaches
      // Google APIs, each request checked by IAM (container.clusters.connect) before Kubernetes RBAC,
      // so one runner reaches both regions' private clusters; the IP endpoints stay private
      // (cloud.google.com/blog/products/containers-kubernetes/new-dns-based-endpoint-for-the-gke-control-plane:
      // "available today on every cluster, regardless of version or cluster configuration").
      controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: plan.apiAllowedCidrs.map((cidr) => ({ cidrBlock: cidr, displayName: `allowed ${cidr}` })),
        gcpPublicCidrsAccessEnabled: false,
      },
      workloadIdentityConfig: { workloadPool },
      databaseEncryption: { state: "ENCRYPTED", keyName: props.secretsKey.keyId },
      enableShieldedNodes: true,
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      maintenancePolicy: { recurringWindow: { ...GKE_MAINTENANCE_WINDOW } },
      loggingConfig: { enableComponents: GKE_LOG_COMPONENTS },
      addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true } },
      resourceLabels: { ...props.labels },
      deletionProtection: props.deletionProtection ?? true,
      // GKE creates a default pool before Terraform can remove it, with the Compute Engine default
      // account unless told otherwise: give it the nodes' own account and the same hardening.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: {
        serviceAccount: props.nodeServiceAccountEmail,
        oauthScopes: GKE_NODE_OAUTH_SCOPES,
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        metadata: { ...GKE_NODE_METADATA },
        resourceLabels: { ...props.labels },
      },
      // The default pool's settings only matter while it exists; a change to them would replace the cluster.
      lifecycle: { ignoreChanges: ["node_config", "initial_node_count"] },
      dependsOn: [props.secretsKey.grantReady.sleep],
    });
    this.region = plan.region;
    this.resourceNamePrefix = plan.name;
    this.clusterName = this.cluster.name;
    this.clusterId = this.cluster.id;
    // What clients use: the DNS endpoint, whose certificate a public CA signs (clients must not pin the cluster CA to it).
    this.clusterEndpoint = `https://${this.cluster.controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint}`;
    this.clusterCaCertificate = this.cluster.masterAuth.clusterCaCertificate;
    this.workloadIdentity = { kind: "gcp-workload-identity", issuer: workloadPool };
  }
}
