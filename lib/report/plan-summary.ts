import { DeploymentPlan, RegionPlan } from "../plan/types";

/** A short, stable text account of the plan for a terminal: regions, pools, database, findings. */
export function planSummary(plan: DeploymentPlan): string {
  const lines = [`coder-refarch: ${plan.tier} tier on ${plan.cloud}, prefix "${plan.namePrefix}"`];
  for (const region of [plan.primary, plan.secondary]) lines.push(...regionLines(region));
  const db = plan.database;
  lines.push(
    `  database: ${db.instanceType} (${db.vcpu} vCPU, ${db.memoryMib / 1024} GiB), ${db.storageGib} GiB, PostgreSQL ${db.postgresVersion}` +
      `${db.highAvailability ? ", high availability" : ""} in ${plan.primary.region}` +
      (db.replica ? `; replica in ${db.replica.region}` : "; no replica"),
  );
  lines.push(coderLine(plan));
  for (const finding of plan.findings) lines.push(`  ${finding.severity}: ${finding.message}`);
  return lines.join("\n");
}

function regionLines(region: RegionPlan): string[] {
  const pools = region.pools.map((p) => {
    const count = p.minNodes === p.maxNodes ? `${p.maxNodes}` : `${p.minNodes}-${p.maxNodes}`;
    const zones = p.zonalShares
      ? ` (a group per zone, max ${p.zonalShares.map((z) => z.maxNodes).join("/")})`
      : // Where the cloud counts nodes per zone, say how the total is spread.
        p.placement
        ? ` (${p.placement.zones.map((z) => z.slice(z.lastIndexOf("-") + 1)).join("+")}${p.placement.nodesPerZone ? `, ${p.placement.nodesPerZone} each` : ""})`
        : "";
    return `${p.name} ${count} x ${p.instanceType}${zones}`;
  });
  return [
    `  ${region.role} ${region.region}: network ${region.network.cidr} over ${region.network.availabilityZones} zones, ` +
      `Kubernetes ${region.cluster.kubernetesVersion}`,
    `    pools: ${pools.join(", ")}`,
  ];
}

function coderLine(plan: DeploymentPlan): string {
  const { coder } = plan;
  if (!coder.enabled) return "  coder: left out (coder.enabled is false)";
  const size = (r: { cpuMillis: number; memoryMib: number }) => `${r.cpuMillis}m/${r.memoryMib}Mi`;
  const parts = [coder.primary, coder.secondary].flatMap((region) => [
    ...(region.server ? [`${region.server.kind} ${region.server.replicas} x ${size(region.server.resources)} in ${region.region}`] : []),
    ...(region.provisioners ? [`${region.provisioners.replicas} provisioners x ${size(region.provisioners.resources)} in ${region.region}`] : []),
  ]);
  return `  coder ${coder.version}: ${parts.join(", ")}`;
}
