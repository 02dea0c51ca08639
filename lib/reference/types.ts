/**
 * Types for Coder's reference architectures. Plain data: nothing here imports cdktf, so the
 * config check, the plan and the tests can use it without synthesizing anything.
 */

/** The clouds a deployment can target. */
export type Cloud = "aws" | "gcp" | "azure";

export const CLOUDS: readonly Cloud[] = ["aws", "gcp", "azure"];

/** One value per cloud, e.g. the machine type of a pool. */
export type PerCloud<T> = Readonly<Record<Cloud, T>>;

/** What a node (or database server) offers, as the reference table states it. */
export interface NodeCapacity {
  readonly vcpu: number;
  /** The table says "GB"; cloud catalogs mean GiB by it, and so do we. */
  readonly memoryGib: number;
}

/** The workloads Coder's table places on nodes. */
export type CoderWorkload = "coderd" | "provisioner" | "workspace";

/** A row of the hardware table for the three Kubernetes node pools. */
export interface NodePoolReference {
  readonly workload: CoderWorkload;
  readonly capacity: NodeCapacity;
  /** Nodes in the whole deployment (both regions together). */
  readonly nodes: number;
  /** How many of the workload each node carries ("1 coderd each", "30 provisioners each"). */
  readonly perNode: number;
  readonly instanceTypes: PerCloud<string>;
}

/** The database row of the hardware table. */
export interface DatabaseReference {
  readonly capacity: NodeCapacity;
  readonly replicas: number;
  readonly storageGib: number;
  readonly instanceTypes: PerCloud<string>;
}

/** The table's footnotes, as numbers and rules the plan enforces or reports on. */
export interface ReferenceConstraints {
  /** Memory one workspace user needs. */
  readonly workspaceMemoryGib: number;
  /** Kubernetes workspace pods a single node may run at most. */
  readonly maxWorkspacePodsPerNode: number;
  /** Provisioner daemons never share nodes with coderd. */
  readonly provisionersOnCoderdNodes: false;
  /** Provisioners run in a namespace of their own. */
  readonly provisionerNamespaceSeparate: true;
  /** Workspace nodes may be split between this many regions, not necessarily evenly. */
  readonly workspaceRegions: number;
  /** Above this many workspace builds a day, add database replicas. */
  readonly databaseReplicaBuildsPerDay: number;
}

/** One tier of Coder's validated architectures. */
export interface ReferenceArchitecture {
  readonly tier: string;
  readonly maxUsers: number;
  readonly apiRequestsPerSecond: number;
  readonly highAvailability: boolean;
  readonly coderd: NodePoolReference;
  readonly provisioner: NodePoolReference;
  readonly workspace: NodePoolReference;
  readonly database: DatabaseReference;
  readonly constraints: ReferenceConstraints;
}
