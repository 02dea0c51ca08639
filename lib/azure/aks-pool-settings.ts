import { aksUpgradeSurge } from "../plan/vnet-layout";
import { PoolPlan } from "../plan/types";
import { AKS_LINUX_POOL_NAME } from "../reference/azure-limits";
import { PROVISIONER_GRACE_SECONDS } from "../plan/coder-plan";

/**
 * How long an upgrade waits for a node's pods to leave before it stops ("If this time is exceeded,
 * the upgrade fails"; AKS default 30 minutes, 5 minutes to 24 hours: learn.microsoft.com/azure/aks/
 * upgrade-aks-node-pools-rolling, drain timeout). A provisioner finishes its build within its grace
 * period, so its pool waits that long and ten minutes more; the other pools keep AKS's default,
 * stated, because unsetting it later would replace the pool (azurerm 4.55 docs).
 */
export const AKS_DEFAULT_DRAIN_TIMEOUT_MINUTES = 30;
export function aksDrainTimeoutMinutes(pool: PoolPlan): number {
  return pool.role === "provisioner" ? Math.ceil(PROVISIONER_GRACE_SECONDS / 60) + 10 : AKS_DEFAULT_DRAIN_TIMEOUT_MINUTES;
}

/** Node OS of every pool: Microsoft's container-optimized Linux. */
export const AKS_OS_SKU = "AzureLinux";

/** What the system pool and the user pools share, rendered from the plan's pool in one place. */
export interface AksPoolSettings {
  readonly name: string;
  readonly temporaryNameForRotation: string;
  readonly vmSize: string;
  readonly zones: string[];
  readonly maxPods: number;
  readonly osDiskSizeGb: number;
  readonly nodeLabels: Record<string, string>;
  /** `key=value:Effect`, the form AKS takes. */
  readonly nodeTaints: string[];
  readonly maxSurge: string;
  readonly drainTimeoutInMinutes: number;
}

/**
 * The AKS form of a plan pool. Checks what AKS refuses only at apply: Linux pool names (and the
 * temporary name used when a change rotates the nodes) of at most 12 lowercase letters and digits,
 * starting with a letter; max pods 10-250.
 */
export function aksPoolSettings(pool: PoolPlan, zones: number): AksPoolSettings {
  const temporary = `${pool.name.slice(0, 9)}tmp`;
  for (const name of [pool.name, temporary]) {
    if (!AKS_LINUX_POOL_NAME.test(name)) {
      throw new Error(`AKS pool name "${name}" (pool ${pool.role}) must be 1-12 lowercase letters and digits, starting with a letter`);
    }
  }
  if (pool.maxPodsPerNode < 10 || pool.maxPodsPerNode > 250) {
    throw new Error(`AKS pool ${pool.name}: max pods must be 10 to 250 with Azure CNI Overlay, got ${pool.maxPodsPerNode}`);
  }
  const surge = aksUpgradeSurge(pool);
  return {
    name: pool.name,
    temporaryNameForRotation: temporary,
    vmSize: pool.instanceType,
    zones: Array.from({ length: zones }, (_, i) => String(i + 1)),
    maxPods: pool.maxPodsPerNode,
    osDiskSizeGb: pool.rootVolumeGib,
    nodeLabels: { ...pool.labels },
    nodeTaints: pool.taints.map((t) => `${t.key}=${t.value}:${t.effect}`),
    maxSurge: String(surge),
    drainTimeoutInMinutes: aksDrainTimeoutMinutes(pool),
  };
}
