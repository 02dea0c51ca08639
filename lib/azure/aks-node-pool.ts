import { Construct } from "constructs";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { PoolPlan } from "../plan/types";
import { AksCluster } from "./aks-cluster";
import { aksPoolSettings, AKS_OS_SKU } from "./aks-pool-settings";

export interface AksNodePoolProps {
  /** The cluster the pool joins, on the cluster's Kubernetes minor. */
  readonly cluster: AksCluster;
  /** Role, machine type, counts, labels and taints from the deployment plan. */
  readonly pool: PoolPlan;
  readonly zones: number;
  readonly nodeSubnetId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One AKS user node pool for one pool of the reference architecture, spread over the region's
 * zones, without node public IPs. Static pools run exactly their count; autoscaling pools run the
 * cluster autoscaler between min and max, and Terraform ignores the node count the autoscaler sets
 * (otherwise every apply would scale the pool back).
 */
export class AksNodePool extends Construct {
  readonly nodePool: KubernetesClusterNodePool;
  /** The plan this pool renders. */
  readonly pool: PoolPlan;

  constructor(scope: Construct, id: string, props: AksNodePoolProps) {
    super(scope, id);
    const { pool } = props;
    this.pool = pool;
    if (pool.role === "system") throw new Error(`AksNodePool ${id}: the system pool is the cluster's default node pool (AksCluster)`);
    if (!(pool.minNodes <= pool.desiredNodes && pool.desiredNodes <= pool.maxNodes && pool.maxNodes >= 1)) {
      throw new Error(`AksNodePool ${id}: node counts must satisfy min <= desired <= max and max >= 1; got ${pool.minNodes}, ${pool.desiredNodes}, ${pool.maxNodes}`);
    }
    if (pool.scaling === "static" && pool.minNodes !== pool.maxNodes) {
      throw new Error(`AksNodePool ${id}: a static pool needs min = max, got ${pool.minNodes} and ${pool.maxNodes}`);
    }
    const settings = aksPoolSettings(pool, props.zones);
    const autoscaling = pool.scaling === "autoscaling";
    this.nodePool = new KubernetesClusterNodePool(this, "pool", {
      name: settings.name,
      temporaryNameForRotation: settings.temporaryNameForRotation,
      kubernetesClusterId: props.cluster.clusterId,
      mode: "User",
      vmSize: settings.vmSize,
      zones: settings.zones,
      vnetSubnetId: props.nodeSubnetId,
      maxPods: settings.maxPods,
      osDiskSizeGb: settings.osDiskSizeGb,
      osType: "Linux",
      osSku: AKS_OS_SKU,
      orchestratorVersion: props.cluster.kubernetesVersion,
      nodePublicIpEnabled: false,
      nodeLabels: settings.nodeLabels,
      nodeTaints: settings.nodeTaints.length > 0 ? settings.nodeTaints : undefined,
      autoScalingEnabled: autoscaling,
      minCount: autoscaling ? pool.minNodes : undefined,
      maxCount: autoscaling ? pool.maxNodes : undefined,
      nodeCount: pool.desiredNodes,
      upgradeSettings: { maxSurge: settings.maxSurge, drainTimeoutInMinutes: settings.drainTimeoutInMinutes },
      tags: { ...props.tags },
      lifecycle: autoscaling ? { ignoreChanges: ["node_count"] } : undefined,
    });
  }
}
