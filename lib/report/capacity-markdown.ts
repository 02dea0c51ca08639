import { DeploymentPlan, PoolPlan } from "../plan/types";
import { Resources } from "../reference/capacity-chain";

const cell = (r: Resources) => `${r.cpuMillis}m / ${r.memoryMib} MiB`;

/** What one node of a pool holds, in the plan's own terms. */
function holds(plan: DeploymentPlan, pool: PoolPlan): string {
  const coder = plan.primary.pools.includes(pool) ? plan.coder.primary : plan.coder.secondary;
  if ((pool.role === "coderd" || pool.role === "proxy") && coder.server) return `${pool.workloadsPerNode} ${pool.role} of ${cell(coder.server.resources)}`;
  if (pool.role === "provisioner" && coder.provisioners) return `${coder.provisioners.perNode} provisioners of ${cell(coder.provisioners.resources)}`;
  if (pool.role === "workspace") {
    return `${Math.min(Math.floor(pool.capacity.forPods.memoryMib / coder.workspaceMemoryMib), pool.capacity.podSlots)} workspaces of ${coder.workspaceMemoryMib} MiB`;
  }
  return "cluster add-ons";
}

/**
 * The capacity chain of each pool of a plan as a Markdown table: nominal size, what the kernel
 * leaves, allocatable, after the daemon pods, after the headroom, and what a node holds; each pool
 * and machine type once, primary region first.
 */
export function capacityMarkdown(plan: DeploymentPlan): string {
  const rows = [
    "| pool | machine | nominal | kernel-visible | allocatable | less daemon pods | less headroom (for pods) | a node holds |",
    "|---|---|---|---|---|---|---|---|",
  ];
  const seen = new Set<string>();
  for (const pool of [...plan.primary.pools, ...plan.secondary.pools]) {
    const key = `${pool.name}/${pool.instanceType}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const c = pool.capacity;
    rows.push(
      `| ${pool.name} | ${pool.instanceType} | ${cell(c.nominal)} | ${c.kernelVisible.memoryMib} MiB | ${cell(c.allocatable)} | ` +
        `${cell(c.afterDaemons)} (${c.daemons.length} pods) | ${cell(c.forPods)} | ${holds(plan, pool)} |`,
    );
  }
  return rows.join("\n");
}

/** Where each step's figures come from, each distinct source once: kernel shares, reservations, daemon pods. */
export function capacitySources(plan: DeploymentPlan): string[] {
  const pools = [...plan.primary.pools, ...plan.secondary.pools];
  const unique = (pick: (p: PoolPlan) => string) => [...new Set(pools.map(pick))];
  return [
    ...unique((p) => p.capacity.sources.kernel).map((s) => `- kernel share: ${s}`),
    ...unique((p) => p.capacity.sources.reservation).map((s) => `- reservation: ${s}`),
    ...unique((p) => p.capacity.sources.daemons).map((s) => `- daemon pods: ${s}`),
  ];
}
