import { AwsOptions, AzureOptions, BackendConfig, GcpOptions, PolicyOptions } from "../config/schema";
import { NodeCapacityChain } from "../reference/capacity-chain";
import { Cloud } from "../reference/types";
import type { CoderPlan } from "./coder-plan";
import { NodeTaint, PoolRole, Scaling } from "./pool-role";

/**
 * The deployment as pure data, computed once from the config before any construct exists. Every
 * construct receives exactly the numbers it renders; tests and reports read the same plan.
 */
export interface DeploymentPlan {
  readonly cloud: Cloud;
  readonly tier: string;
  readonly namePrefix: string;
  /** Tags for every resource that takes them: the user's plus the project's own. */
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: BackendPlan;
  readonly primary: RegionPlan;
  readonly secondary: RegionPlan;
  readonly database: DatabasePlan;
  /** Coder on the clusters: chart version, URLs, replicas and pod sizes per region. */
  readonly coder: CoderPlan;
  /** Policy rules suppressed by the config, with their reasons. */
  readonly policy: PolicyOptions;
  /** Options of the `aws` config block (used only on AWS). */
  readonly aws: AwsOptions;
  /** Options of the `gcp` config block (used only on GCP). */
  readonly gcp: GcpOptions;
  /** Options of the `azure` config block (used only on Azure). */
  readonly azure: AzureOptions;
  /** What the plan noticed and the user should know: gaps between the table and the cloud. */
  readonly findings: readonly Finding[];
}

export type RegionRole = "primary" | "secondary";

export interface RegionPlan {
  readonly role: RegionRole;
  /** Cloud region name, e.g. us-east-1. */
  readonly region: string;
  /** Start of the region's stack names, e.g. aws-us-east-1. */
  readonly stackPrefix: string;
  readonly network: NetworkPlan;
  readonly cluster: ClusterPlan;
  readonly pools: readonly PoolPlan[];
  /** The zones the region's pools use, by name, where the cloud needs them named (GCP); absent elsewhere. */
  readonly zones?: readonly string[];
  /** Azure resource names within Azure's limits (set only when the cloud is azure). */
  readonly azure?: AzureRegionNames;
}

/**
 * Names of a region's Azure resources, checked against Azure's limits while planning. Globally
 * unique names (Key Vault, PostgreSQL server) end in a short hash of the subscription (when the
 * config names it), the prefix and the region: deterministic, so a re-run plans the same names.
 */
export interface AzureRegionNames {
  readonly resourceGroup: string;
  /** Resource group AKS creates for the nodes' VMs, disks and load balancers. */
  readonly nodeResourceGroup: string;
  /** 3-24 characters, globally unique. */
  readonly keyVault: string;
  /** AKS DNS prefix of the API server's host name (1-54 characters). */
  readonly dnsPrefix: string;
  /** The PostgreSQL server of this region: the primary in the primary region, the replica in the secondary. */
  readonly postgresServer: string;
  /** Private DNS zone of the PostgreSQL servers, shared by both regions; Azure wants the `.postgres.database.azure.com` suffix. */
  readonly postgresDnsZone: string;
  readonly logAnalyticsWorkspace: string;
}

export interface NetworkPlan {
  readonly name: string;
  /** The region's whole address space (VPC or VNet range). */
  readonly cidr: string;
  readonly availabilityZones: number;
  /** How the address space is carved, in the shape the cloud's network needs. */
  readonly layout: NetworkLayout;
}

/** The carving of a region's network; each cloud's constructs read the kind they build. */
export type NetworkLayout = ZonalSubnetLayout | RegionalSubnetLayout | VnetSubnetLayout;

/**
 * One subnet for the whole region, its zones included, with secondary ranges for pods and services
 * (VPC-native clusters): the GCP shape. Every range lies inside the region's `networkCidr` except
 * the service range, which is the region's half of `kubernetes.serviceCidr` (ranges in one VPC must
 * never overlap, so the two regions cannot share one).
 */
export interface RegionalSubnetLayout {
  readonly kind: "regional-subnet";
  /** Primary range: one address per node. */
  readonly nodeRange: string;
  /** Secondary range the pods draw from: every node takes a block of `podBlockAddresses` of its pool. */
  readonly podRange: string;
  /** Secondary range for Kubernetes Services. */
  readonly serviceRange: string;
  /** Range reserved for Private Service Access (Cloud SQL's private IPs); only in the region that owns the network. */
  readonly privateServiceRange?: string;
  /** Pod addresses one node of each pool takes (2 x its max pods, rounded up to a power of two), by pool name. */
  readonly podBlockAddresses: Readonly<Record<string, number>>;
  /** Nodes the ranges hold: every pool at its maximum plus its upgrade surge. */
  readonly nodesSized: number;
}

/**
 * The Azure shape: one VNet per region with subnets by purpose (Azure subnets span the region's
 * zones, so there is no subnet per zone), and pods on an Azure CNI Overlay range outside the VNet.
 */
export interface VnetSubnetLayout {
  readonly kind: "vnet-subnets";
  /** Node addresses of every pool (and internal load balancers). */
  readonly nodeSubnet: string;
  /** Delegated to PostgreSQL Flexible Server: the primary server here, the replica in the secondary. */
  readonly postgresSubnet: string;
  /** For private endpoints (Key Vault and other PaaS services reached privately). */
  readonly privateEndpointSubnet: string;
  /** Azure CNI Overlay pod range: outside both VNets, the service range and AKS's reserved ranges. */
  readonly podCidr: string;
  /** Nodes the node subnet and the pod range hold: every pool at its maximum plus upgrade surge. */
  readonly nodeCapacity: number;
}

/**
 * One private subnet for nodes (and pods, where the CNI gives pods subnet addresses) and one public
 * subnet for load balancers and NAT per zone: the AWS shape.
 */
export interface ZonalSubnetLayout {
  readonly kind: "zonal-subnets";
  /** One per zone, for nodes and pods. */
  readonly privateSubnets: readonly string[];
  /** One per zone, for load balancers and NAT gateways. */
  readonly publicSubnets: readonly string[];
  /** Subnet addresses one node consumes (its pods included where the CNI uses subnet addresses). */
  readonly addressesPerNode: number;
  /** Nodes each private subnet is sized for. */
  readonly nodesPerSubnet: number;
  /**
   * Per private subnet (same order), the CIDRs reserved for pod prefixes (EKS prefix delegation);
   * empty where the cloud hands pods no subnet prefixes.
   */
  readonly prefixReservations: readonly (readonly string[])[];
}

/** The layout of a network, or an error naming the layout a construct expected. */
export function layoutOf<K extends NetworkLayout["kind"]>(network: NetworkPlan, kind: K): Extract<NetworkLayout, { kind: K }> {
  if (network.layout.kind !== kind) {
    throw new Error(`Network ${network.name} is laid out as ${network.layout.kind}, not ${kind}`);
  }
  return network.layout as Extract<NetworkLayout, { kind: K }>;
}

export interface ClusterPlan {
  readonly name: string;
  /** Cloud region the cluster runs in. */
  readonly region: string;
  readonly kubernetesVersion: string;
  readonly serviceCidr: string;
  /** CIDRs allowed to the public API endpoint; empty means the endpoint is private only. */
  readonly apiAllowedCidrs: readonly string[];
}

export interface PoolPlan {
  readonly role: PoolRole;
  readonly name: string;
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryMib: number;
  readonly burstable: boolean;
  readonly scaling: Scaling;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly desiredNodes: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  readonly rootVolumeGib: number;
  readonly maxPodsPerNode: number;
  /** What a node of the pool offers pods, step by step from its nominal size (see capacity-chain.ts). */
  readonly capacity: NodeCapacityChain;
  /** Coder workloads each node is meant to carry, per the table (none for system pools). */
  readonly workloadsPerNode?: number;
  /**
   * For autoscaling pools, the pool's minimum and maximum split over the region's zones (index =
   * zone), adding up exactly to `minNodes` and `maxNodes`: for clouds that scale one node group per
   * zone, so a zonal disk always finds a node in its zone.
   */
  readonly zonalShares?: readonly ZonalShare[];
  /** Where the cloud counts a pool's nodes per zone (GKE), the zones and per-zone counts that give exactly its totals. */
  readonly placement?: ZonePlacement;
}

/** One zone's part of an autoscaling pool. */
export interface ZonalShare {
  readonly minNodes: number;
  readonly maxNodes: number;
}

/**
 * A pool spread over named zones, for clouds whose regional pools count nodes PER ZONE (GKE's
 * `node_count`, `min/max_node_count`). A static pool of N nodes uses as many zones as divide N
 * evenly (2 nodes: 2 zones x 1), so zones x nodesPerZone = N exactly.
 */
export interface ZonePlacement {
  readonly zones: readonly string[];
  /** Static pools: nodes in each zone. Absent for autoscaling pools, which are bounded by totals. */
  readonly nodesPerZone?: number;
  /** Extra nodes an upgrade may add in each zone at a time (surge). */
  readonly surgePerZone: number;
}

export interface DatabasePlan {
  readonly identifier: string;
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryMib: number;
  /** Burstable classes run at a CPU baseline and spend credits above it. */
  readonly burstable: boolean;
  readonly storageGib: number;
  readonly postgresVersion: string;
  /** Standby in another zone (Multi-AZ / regional / zone-redundant). */
  readonly highAvailability: boolean;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly databaseName: string;
  readonly masterUsername: string;
  /** The disaster-recovery replica in the secondary region, when enabled. */
  readonly replica?: { readonly region: string; readonly identifier: string };
}

/**
 * Where the deployment's state lives, with the deployment's name: state identity is deployment plus
 * stack, so two deployments in the same regions and bucket never share (and overwrite) a state.
 */
export type BackendPlan = BackendConfig & {
  /** The deployment's name (its `namePrefix`), part of every state key and local state file name. */
  readonly deployment: string;
};

export interface Finding {
  readonly severity: "warning" | "info";
  /** Stable identifier, for tests and for suppressing a finding later. */
  readonly code: string;
  readonly message: string;
}
