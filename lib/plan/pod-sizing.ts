import { KubernetesProfile } from "../reference/kubernetes-profiles";
import { PoolPlan } from "./types";

/** CPU and memory of one container, as Kubernetes quantities in millicores and MiB. */
export interface PodResources {
  readonly cpuMillis: number;
  readonly memoryMib: number;
}

/**
 * What Coder's pods may claim on one node of a pool: the node's allocatable capacity (what the
 * cloud leaves after kubelet, OS and eviction reservations) less the requests of the daemon pods
 * every node runs (CNI, kube-proxy, CSI node plugin). Never the raw machine size.
 */
export function podCapacity(pool: PoolPlan, profile: KubernetesProfile): PodResources {
  return {
    cpuMillis: pool.allocatable.cpuMillis - profile.daemonSetCpuMillis,
    memoryMib: pool.allocatable.memoryMib - profile.daemonSetMemoryMib,
  };
}

/**
 * Requests for `count` equal pods that share one node: each takes an equal share of the node's pod
 * capacity (less an optional `headroom` fraction left unrequested), rounded down. Rounding down means `count` always fit; for `count` below the number of
 * whole millicores or MiB per pod (30 pods: any node above 930m and 930 MiB), `count + 1` never do,
 * so the node holds exactly `count`.
 */
export function shareOfNode(pool: PoolPlan, profile: KubernetesProfile, count: number, headroom = 0): PodResources {
  if (!Number.isInteger(count) || count < 1) throw new Error(`Pods per node must be a whole number of at least 1, got ${count}`);
  if (headroom < 0 || headroom >= 1) throw new Error(`Headroom must be a fraction from 0 to below 1, got ${headroom}`);
  const capacity = podCapacity(pool, profile);
  const usable = (value: number) => value * (1 - headroom);
  const share = { cpuMillis: Math.floor(usable(capacity.cpuMillis) / count), memoryMib: Math.floor(usable(capacity.memoryMib) / count) };
  if (share.cpuMillis < 1 || share.memoryMib < 1) {
    throw new Error(`${count} pods do not fit on a ${pool.instanceType} node of the ${pool.name} pool (${capacity.cpuMillis}m CPU, ${capacity.memoryMib} MiB left for pods)`);
  }
  return share;
}

/** How many pods with these requests the scheduler places on one node of the pool (CPU, memory and the pod limit). */
export function podsPerNode(pool: PoolPlan, profile: KubernetesProfile, requests: PodResources, daemonPods: number): number {
  const capacity = podCapacity(pool, profile);
  return Math.min(
    Math.floor(capacity.cpuMillis / requests.cpuMillis),
    Math.floor(capacity.memoryMib / requests.memoryMib),
    pool.maxPodsPerNode - daemonPods,
  );
}
