import { AwsOptions, AzureOptions, BackendConfig, GcpOptions, PolicyOptions } from "../config/schema";
import { Allocatable } from "../reference/allocatable";
import { Cloud } from "../reference/types";
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
export type NetworkLayout = ZonalSubnetLayout;

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
  readonly allocatable: Allocatable;
  /** Coder workloads each node is meant to carry, per the table (none for system pools). */
  readonly workloadsPerNode?: number;
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
