import { Resources } from "../reference/capacity-chain";
import { CoderProvisionerSet } from "../plan/coder-plan";
import { DeploymentPlan, PoolPlan, RegionPlan } from "../plan/types";

/** A short, stable text account of the plan for a terminal: regions, pools, database, findings. */
export function planSummary(plan: DeploymentPlan): string {
  const lines = [`coder-refarch: ${plan.tier} tier on ${plan.cloud}, prefix "${plan.namePrefix}"`];
  for (const region of [plan.primary, plan.secondary]) lines.push(...regionLines(region, plan.cloud));
  const db = plan.database;
  lines.push(
    `  database: ${db.instanceType} (${db.vcpu} vCPU, ${db.memoryMib / 1024} GiB), ${db.storageGib} GiB, PostgreSQL ${db.postgresVersion}` +
      `${db.highAvailability ? ", high availability" : ""} in ${plan.primary.region}` +
      (db.replica ? `; replica in ${db.replica.region}` : "; no replica"),
  );
  lines.push(coderLine(plan));
  lines.push(...capacityLines(plan));
  for (const finding of plan.findings) lines.push(`  ${finding.severity}: ${finding.message}`);
  return lines.join("\n");
}

function regionLines(region: RegionPlan, cloud: DeploymentPlan["cloud"]): string[] {
  const pools = region.pools.map((p) => {
    const count = p.minNodes === p.maxNodes ? `${p.maxNodes}` : `${p.minNodes}-${p.maxNodes}`;
    const zones = p.zonalShares
      ? ` (a group per zone, max ${p.zonalShares.map((z) => z.maxNodes).join("/")})`
      : // Where the cloud counts nodes per zone, say how the total is spread.
        p.placement
        ? ` (${p.placement.zones.map((z) => z.slice(z.lastIndexOf("-") + 1)).join("+")}${p.placement.nodesPerZone ? `, ${p.placement.nodesPerZone} each` : ""})`
        : cloud === "azure"
          ? ` (one scale set over zones ${Array.from({ length: region.network.availabilityZones }, (_, i) => i + 1).join("+")})`
          : "";
    return `${p.name} ${count} x ${p.instanceType}${zones}`;
  });
  return [
    `  ${region.role} ${region.region}: network ${region.network.cidr} over ${region.network.availabilityZones} zones, ` +
      `Kubernetes ${region.cluster.kubernetesVersion}`,
    `    pools: ${pools.join(", ")}`,
  ];
}

function setLabel(set: CoderProvisionerSet): string {
  const tags = Object.entries(set.tags).map(([k, v]) => `${k}=${v}`);
  return `${set.replicas} ${tags.length > 0 ? tags.join(",") : "untagged"}`;
}

function coderLine(plan: DeploymentPlan): string {
  const { coder } = plan;
  if (!coder.enabled) return "  coder: left out (coder.enabled is false)";
  const parts = [coder.primary, coder.secondary].flatMap((region) => [
    ...(region.server ? [`${region.server.kind} ${region.server.replicas} x ${size(region.server.resources)} in ${region.region}`] : []),
    ...(region.provisioners
      ? [`${region.provisioners.replicas} provisioners (${region.provisioners.sets.map(setLabel).join(", ")}) x ${size(region.provisioners.resources)} in ${region.region}`]
      : []),
  ]);
  return `  coder ${coder.version}: ${parts.join(", ")}`;
}

const size = (r: Resources) => `${r.cpuMillis}m/${r.memoryMib}Mi`;

/**
 * Each pool's capacity chain, once per pool and machine type: nominal, what the kernel leaves,
 * allocatable, after the daemon pods, after the headroom, and what that holds.
 */
function capacityLines(plan: DeploymentPlan): string[] {
  const seen = new Set<string>();
  const lines = ["  capacity per node: nominal -> kernel-visible -> allocatable -> less daemon pods -> less headroom (what pods may request)"];
  for (const region of [plan.primary, plan.secondary]) {
    for (const pool of region.pools) {
      const key = `${pool.name}/${pool.instanceType}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const c = pool.capacity;
      lines.push(
        `    ${pool.name} ${pool.instanceType}: ${size(c.nominal)} -> ${size(c.kernelVisible)} -> ${size(c.allocatable)} -> ` +
          `${size(c.afterDaemons)} (${c.daemons.length} daemon pods) -> ${size(c.forPods)}${holds(plan, region, pool)}`,
      );
    }
  }
  return lines;
}

function holds(plan: DeploymentPlan, region: RegionPlan, pool: PoolPlan): string {
  const coder = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
  if ((pool.role === "coderd" || pool.role === "proxy") && coder.server) return `; holds ${pool.workloadsPerNode} ${pool.role} of ${size(coder.server.resources)}`;
  if (pool.role === "provisioner" && coder.provisioners) return `; holds ${coder.provisioners.perNode} provisioners of ${size(coder.provisioners.resources)}`;
  if (pool.role === "workspace") {
    const workspace = coder.workspaceMemoryMib;
    return `; holds ${Math.min(Math.floor(pool.capacity.forPods.memoryMib / workspace), pool.capacity.podSlots)} workspaces of ${workspace}Mi`;
  }
  return "";
}
