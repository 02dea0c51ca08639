import { Resources } from "../reference/capacity-chain";
import { PoolPlan } from "./types";

/** CPU and memory of one container, as Kubernetes quantities in millicores and MiB. */
export type PodResources = Resources;

/**
 * Requests for `count` equal pods that share one node of the pool: each takes an equal share of
 * what the node leaves Coder's pods (allocatable less daemon pods and headroom: the end of the
 * pool's capacity chain), rounded down. Rounding down means `count` always fit; for `count` below
 * the number of whole millicores or MiB per pod, `count + 1` never do, so the node holds exactly
 * `count`.
 */
export function shareOfNode(pool: PoolPlan, count: number): PodResources {
  if (!Number.isInteger(count) || count < 1) throw new Error(`Pods per node must be a whole number of at least 1, got ${count}`);
  const { forPods } = pool.capacity;
  return { cpuMillis: Math.floor(forPods.cpuMillis / count), memoryMib: Math.floor(forPods.memoryMib / count) };
}

/** How many pods with these requests the scheduler places on one node of the pool (CPU, memory and the pod limit), headroom kept. */
export function podsPerNode(pool: PoolPlan, requests: PodResources): number {
  const { forPods, podSlots } = pool.capacity;
  return Math.min(Math.floor(forPods.cpuMillis / requests.cpuMillis), Math.floor(forPods.memoryMib / requests.memoryMib), podSlots);
}

/** Kubernetes quantity text of a size, e.g. `258m / 1031Mi`. */
export function formatResources(r: Resources): string {
  return `${r.cpuMillis}m / ${r.memoryMib}Mi`;
}
