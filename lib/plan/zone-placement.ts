import { PoolPlan, ZonePlacement } from "./types";

/** Nodes a surge upgrade adds per zone at a time; no node is taken away before its replacement runs. */
export const UPGRADE_SURGE_PER_ZONE = 1;

/**
 * Spreads a pool over a region's zones for a cloud that counts nodes per zone. A static pool takes
 * the largest number of zones that divides its node count (so the total is exact: 2 nodes in
 * 3 zones would be 3 or 0, never 2); an autoscaling pool takes every zone, at most one per node,
 * and is bounded by totals.
 */
export function placePool(pool: Pick<PoolPlan, "scaling" | "maxNodes">, zones: readonly string[]): ZonePlacement {
  if (zones.length === 0) throw new Error("placePool: no zones to place the pool in");
  if (pool.scaling === "autoscaling") {
    return { zones: zones.slice(0, Math.max(1, Math.min(zones.length, pool.maxNodes))), surgePerZone: UPGRADE_SURGE_PER_ZONE };
  }
  let count = Math.min(zones.length, pool.maxNodes);
  while (count > 1 && pool.maxNodes % count !== 0) count--;
  count = Math.max(count, 1);
  return { zones: zones.slice(0, count), nodesPerZone: pool.maxNodes / count, surgePerZone: UPGRADE_SURGE_PER_ZONE };
}
