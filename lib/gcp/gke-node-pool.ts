import { Construct } from "constructs";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { PoolPlan } from "../plan/types";
import { GKE_NODE_METADATA, GKE_NODE_OAUTH_SCOPES, GkeCluster } from "./gke-cluster";
import { GkeNodeServiceAccount } from "./gke-node-service-account";

/** GKE spells taint effects in its own way. */
const GKE_TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE" } as const;

/** GKE's ceiling for pods per node. */
export const GKE_MAX_PODS_PER_NODE = 256;

export interface GkeNodePoolProps {
  readonly cluster: GkeCluster;
  /** Role, machine type, counts, max pods, labels, taints and zone placement from the deployment plan. */
  readonly pool: PoolPlan;
  /** The account the nodes run as; the pool waits for its grants. */
  readonly serviceAccount: GkeNodeServiceAccount;
  /** GCP resource labels for the node VMs and disks. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * One GKE node pool for one pool of the reference architecture, over the plan's named zones.
 * Regional pools count nodes PER ZONE: a static pool renders `node_count` = the plan's nodes per
 * zone in exactly as many zones as divide its total; an autoscaling pool renders only
 * `total_min/max_node_count` (never `node_count` with autoscaling). Auto-repair and auto-upgrade on
 * (the release channel requires the latter), surge upgrades that never take a node away before its
 * replacement runs, shielded nodes with secure boot, the GKE metadata server, COS, and the
 * `coder-refarch/pool` label and taint of the pool's role.
 */
export class GkeNodePool extends Construct {
  readonly nodePool: ContainerNodePool;
  /** The plan this pool renders. */
  readonly pool: PoolPlan;

  constructor(scope: Construct, id: string, props: GkeNodePoolProps) {
    super(scope, id);
    const { pool, cluster } = props;
    this.pool = pool;
    const placement = pool.placement;
    if (!placement || placement.zones.length === 0) {
      throw new Error(`GkeNodePool ${id}: the plan names no zones for pool ${pool.name}; GKE regional pools count nodes per zone`);
    }
    if (pool.maxPodsPerNode < 8 || pool.maxPodsPerNode > GKE_MAX_PODS_PER_NODE) {
      throw new Error(`GkeNodePool ${id}: max pods per node must be 8-${GKE_MAX_PODS_PER_NODE}, got ${pool.maxPodsPerNode}`);
    }
    const autoscaling = pool.scaling === "autoscaling";
    if (!autoscaling) {
      const perZone = placement.nodesPerZone;
      if (perZone === undefined || perZone * placement.zones.length !== pool.maxNodes || pool.minNodes !== pool.maxNodes) {
        throw new Error(
          `GkeNodePool ${id}: a static pool needs min = max = zones x nodes per zone; got min ${pool.minNodes}, max ${pool.maxNodes}, ` +
            `${placement.zones.length} zones x ${perZone ?? "?"}`,
        );
      }
    } else if (!(pool.minNodes <= pool.maxNodes && pool.maxNodes >= 1)) {
      throw new Error(`GkeNodePool ${id}: need 0 <= min <= max and max >= 1; got min ${pool.minNodes}, max ${pool.maxNodes}`);
    }
    // Autoscaling pools start with what fits under the minimum in every zone; the autoscaler takes it from there.
    const initialPerZone = autoscaling ? Math.floor(pool.minNodes / placement.zones.length) : undefined;

    this.nodePool = new ContainerNodePool(this, "node-pool", {
      name: pool.name,
      cluster: cluster.clusterId,
      location: cluster.region,
      nodeLocations: [...placement.zones],
      maxPodsPerNode: pool.maxPodsPerNode,
      nodeCount: autoscaling ? undefined : placement.nodesPerZone,
      initialNodeCount: initialPerZone ? initialPerZone : undefined,
      autoscaling: autoscaling
        ? { totalMinNodeCount: pool.minNodes, totalMaxNodeCount: pool.maxNodes, locationPolicy: "BALANCED" }
        : undefined,
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: "SURGE", maxSurge: placement.surgePerZone, maxUnavailable: 0 },
      nodeConfig: {
        machineType: pool.instanceType,
        imageType: "COS_CONTAINERD",
        diskType: "pd-balanced",
        diskSizeGb: pool.rootVolumeGib,
        serviceAccount: props.serviceAccount.email,
        oauthScopes: GKE_NODE_OAUTH_SCOPES,
        labels: { ...pool.labels },
        taint: pool.taints.length > 0 ? pool.taints.map((t) => ({ key: t.key, value: t.value, effect: GKE_TAINT_EFFECT[t.effect] })) : undefined,
        resourceLabels: { ...props.labels },
        metadata: { ...GKE_NODE_METADATA },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
      },
      // The autoscaler owns the size of an autoscaling pool, and the initial count forces replacement when it changes.
      lifecycle: autoscaling ? { ignoreChanges: ["initial_node_count"] } : undefined,
      dependsOn: props.serviceAccount.grants,
    });
  }
}
