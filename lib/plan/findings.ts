import { DeploymentConfig } from "../config/schema";
import { CODER_LOAD_BALANCER_ZONES, DEFAULT_ELASTIC_IP_QUOTA } from "../reference/aws-eks";
import { KUBERNETES_PROFILES } from "../reference/kubernetes-profiles";
import { ReferenceArchitecture } from "../reference/types";
import type { CoderPlan } from "./coder-plan";
import { formatResources } from "./pod-sizing";
import { DatabasePlan, Finding, PoolPlan, RegionPlan } from "./types";
import { aksUpgradeSurge } from "./vnet-layout";

const MIB_PER_GIB = 1024;

/**
 * Where the table and the cloud disagree, said plainly instead of hidden: density the table asks
 * for that a node's capacity chain does not hold, what each provisioner gets, nodes filled so a
 * drain strands pods, burstable machine types, and the footnote on database replicas.
 */
export function planFindings(
  config: DeploymentConfig,
  reference: ReferenceArchitecture,
  regions: readonly RegionPlan[],
  database: DatabasePlan,
  coder: CoderPlan,
): Finding[] {
  const profile = KUBERNETES_PROFILES[config.cloud];
  const findings: Finding[] = [];
  const pools = regions.flatMap((r) => r.pools);
  const first = (role: PoolPlan["role"]) => pools.find((p) => p.role === role);

  const workspace = first("workspace");
  if (workspace) {
    const memoryPerWorkspace = reference.constraints.workspaceMemoryGib * MIB_PER_GIB;
    const chain = workspace.capacity;
    const fits = Math.min(Math.floor(chain.forPods.memoryMib / memoryPerWorkspace), chain.podSlots);
    const wanted = reference.workspace.perNode;
    const totalNodes = pools.filter((p) => p.role === "workspace").reduce((sum, p) => sum + p.maxNodes, 0);
    if (fits < wanted) {
      findings.push({
        severity: "warning",
        code: "workspace-density",
        message:
          `The table puts ${wanted} workspaces of ${reference.constraints.workspaceMemoryGib} GiB on each ${workspace.instanceType}, ` +
          `but a node leaves ${chain.forPods.memoryMib} MiB for pods (${chain.kernelVisible.memoryMib} MiB capacity, ` +
          `${chain.allocatable.memoryMib} allocatable on ${profile.service}, less ${chain.allocatable.memoryMib - chain.afterDaemons.memoryMib} MiB ` +
          `of daemon pods and ${chain.headroom.memoryMib} MiB headroom): ${fits} fit per node, ` +
          `so ${totalNodes} nodes hold ${fits * totalNodes} workspaces, not ${wanted * totalNodes}.`,
      });
    }
    if (wanted > workspace.maxPodsPerNode || workspace.maxPodsPerNode > reference.constraints.maxWorkspacePodsPerNode) {
      findings.push({
        severity: "warning",
        code: "workspace-pods-per-node",
        message: `Nodes allow ${workspace.maxPodsPerNode} pods; the table needs ${wanted} workspaces per node and at most ${reference.constraints.maxWorkspacePodsPerNode}.`,
      });
    }
  }

  const provisioners = coder.primary.provisioners ?? coder.secondary.provisioners;
  const provisionerNode = first("provisioner");
  if (provisioners && provisionerNode) {
    findings.push({
      severity: "info",
      code: "provisioner-size",
      message:
        `${provisioners.perNode} provisioners per ${provisionerNode.instanceType} request ${formatResources(provisioners.resources)} each ` +
        `(the node leaves ${formatResources(provisionerNode.capacity.forPods)} for pods); Coder's current guidance sizes a provisioner at 1 vCPU / 1 GiB.`,
    });
  }

  const full = pools.filter((p) => p.scaling === "static" && (p.workloadsPerNode ?? 0) > 0 && p.desiredNodes > 0);
  const drained = [...new Map(full.map((p) => [p.role, p])).values()];
  if (drained.length > 0) {
    findings.push({
      severity: "info",
      code: "node-drain",
      message:
        `Each ${drained.map((p) => p.name).join(", ")} node is filled by its pods (${drained.map((p) => `${p.workloadsPerNode} per ${p.name} node`).join(", ")}), ` +
        `so draining one by hand (kubectl drain, a failed node) leaves its pods Pending until a replacement joins; ` +
        `node upgrades on ${profile.service} add the new node before removing the old one (surge), and the PodDisruptionBudgets keep one coderd and one proxy replica serving.`,
    });
  }

  const burstable = [...new Set(pools.filter((p) => p.burstable).map((p) => p.instanceType))];
  if (burstable.length > 0) {
    findings.push({
      severity: "warning",
      code: "burstable-nodes",
      message:
        `${burstable.join(", ")} are burstable: sustained load beyond the CPU baseline spends credits, ` +
        `and unlimited mode bills for it. Coder's current guidance prefers non-burstable classes (on ${config.cloud}: ${profile.nonBurstableAdvice}).`,
    });
  }
  if (database.burstable) {
    findings.push({
      severity: "warning",
      code: "burstable-database",
      message: `${database.instanceType} is a burstable database class, which Coder's current guidance advises against for production.`,
    });
  }

  for (const region of regions) {
    const provisioners = region.pools.find((p) => p.role === "provisioner");
    if (provisioners && !region.pools.some((p) => p.role === "workspace")) {
      findings.push({
        severity: "warning",
        code: "idle-provisioners",
        message:
          `${region.region} has ${provisioners.maxNodes} provisioner node(s) but no workspace nodes: its provisioners build only ` +
          `workspaces tagged for ${region.region}, so they would sit idle. Give the region workspace nodes or its provisioner share to the other region.`,
      });
    }
  }

  if (config.cloud === "aws") {
    const perRegion = regions.map((r) => r.network.availabilityZones + (coder.enabled ? CODER_LOAD_BALANCER_ZONES : 0));
    const most = Math.max(...perRegion);
    if (most >= DEFAULT_ELASTIC_IP_QUOTA) {
      findings.push({
        severity: "info",
        code: "aws-elastic-ip-quota",
        message:
          `Each region holds ${most} Elastic IPs (a NAT gateway per zone${coder.enabled ? `, ${CODER_LOAD_BALANCER_ZONES} for Coder's load balancer` : ""}), ` +
          `${most > DEFAULT_ELASTIC_IP_QUOTA ? "over" : "all of"} the default quota of ${DEFAULT_ELASTIC_IP_QUOTA}: check the account's "EC2-VPC Elastic IPs" quota in both regions before deploying.`,
      });
    }
  }

  if (config.cloud === "azure") {
    // Azure counts vCPU quota per VM family and region; a first deployment usually has far less.
    const perRegion = regions.map((r) => `${r.region} ${r.pools.reduce((sum, p) => sum + (p.maxNodes + aksUpgradeSurge(p)) * p.vcpu, 0)}`);
    findings.push({
      severity: "info",
      code: "azure-vcpu-quota",
      message: `At full scale with upgrade surge the node pools use up to ${perRegion.join(" and ")} vCPUs (Dv3 family): check the subscription's Dv3-family and regional vCPU quota in both regions before deploying.`,
    });
  }

  const builds = config.workload.workspaceBuildsPerDay;
  const threshold = reference.constraints.databaseReplicaBuildsPerDay;
  if (builds !== undefined && builds > threshold) {
    findings.push({
      severity: "warning",
      code: "database-replicas",
      message: `${builds} workspace builds a day exceeds the table's ${threshold}: consider more database replicas or a larger instance than ${database.instanceType}.`,
    });
  }
  return findings;
}
