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
  readonly cidr: string;
  readonly availabilityZones: number;
  /** One per zone, for nodes and pods. */
  readonly privateSubnets: readonly string[];
  /** One per zone, for load balancers and NAT gateways. */
  readonly publicSubnets: readonly string[];
  /** Subnet addresses one node consumes (its pods included where the CNI uses subnet addresses). */
  readonly addressesPerNode: number;
  /** Nodes each private subnet is sized for. */
  readonly nodesPerSubnet: number;
}

export interface ClusterPlan {
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly serviceCidr: string;
  /** CIDRs allowed to the public API endpoint; empty means the endpoint is private only. */
  readonly apiAllowedCidrs: readonly string[];
  readonly adminPrincipalArns: readonly string[];
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

export type BackendPlan =
  | { readonly type: "local" }
  | { readonly type: "s3"; readonly bucket: string; readonly region: string; readonly keyPrefix: string; readonly dynamodbTable?: string };

export interface Finding {
  readonly severity: "warning" | "info";
  /** Stable identifier, for tests and for suppressing a finding later. */
  readonly code: string;
  readonly message: string;
}
