import { ConfigError, ConfigIssue } from "../config/errors";
import { dayTwoFindings } from "./cloud-findings";
import { DeploymentConfig, RegionConfig } from "../config/schema";
import { nodeCapacityChain } from "../reference/capacity-chain";
import { instanceType } from "../reference/instance-catalog";
import { KUBERNETES_PROFILES } from "../reference/kubernetes-profiles";
import { REFERENCE_TIERS } from "../reference/tier-2k";
import { NodePoolReference, ReferenceArchitecture } from "../reference/types";
import { coderFindings, coderSizingIssues, planCoder, untaggedProvisionerIssues } from "./coder-plan";
import { planFindings } from "./findings";
import { layoutSubnets } from "./network-layout";
import { layoutRegionalSubnet } from "./regional-subnet-layout";
import { placePool } from "./zone-placement";
import { aksNodeCapacity, aksReservedOverlap, layoutVnet } from "./vnet-layout";
import { azureNameIssues, azureRegionNames } from "./azure-names";
import { AKS_POD_CIDRS } from "../reference/azure-limits";
import { KubernetesProfile } from "../reference/kubernetes-profiles";
import { nodeLabels, nodeTaints, PoolRole, poolRolePolicy } from "./pool-role";
import { resolveSplit, RegionSplit, splitEvenly } from "../common/split";
import { DeploymentPlan, NetworkLayout, PoolPlan, RegionPlan, RegionRole } from "./types";

/** Nodes of the add-on pool in each cluster: two, in different zones, so add-ons survive a zone. */
export const SYSTEM_POOL_NODES = 2;

/** Workspace nodes kept warm when idle, unless the config says otherwise. */
export const DEFAULT_WORKSPACE_MIN_NODES = 1;

/** Tags the project sets on everything it creates, after the user's. */
export function projectTags(namePrefix: string): Record<string, string> {
  return { "managed-by": "coder-refarch", "coder-refarch-deployment": namePrefix };
}

/**
 * Turns a validated config into the deployment plan: pools with counts and machine types from the
 * reference table, subnets, names and findings.
 *
 * @param source where the config came from, for error messages
 * @throws ConfigError when a region's network cannot hold its pools
 */
export function buildPlan(config: DeploymentConfig, source = "(embedded default)"): DeploymentPlan {
  const reference = REFERENCE_TIERS[config.tier];
  const workspaceSplit = mustSplit(reference.workspace.nodes, config, "workspaceNodes", source);
  const provisionerSplit = mustSplit(reference.provisioner.nodes, config, "provisionerNodes", source);

  const issues: ConfigIssue[] =
    config.cloud === "azure"
      ? azureNameIssues(config.namePrefix, [config.regions.primary.name, config.regions.secondary.name], config.azure.subscriptionId)
      : [];
  const reservedServiceRange = config.cloud === "azure" ? aksReservedOverlap(config.kubernetes.serviceCidr) : undefined;
  if (reservedServiceRange) {
    issues.push({ path: "kubernetes.serviceCidr", message: `overlaps ${reservedServiceRange}, a range AKS refuses; choose a range outside it`, value: config.kubernetes.serviceCidr });
  }
  const regions: Partial<Record<RegionRole, RegionPlan>> = {};
  for (const role of ["primary", "secondary"] as const) {
    const regionConfig = config.regions[role];
    const zones = namedZones(config, regionConfig);
    if (typeof zones === "string") {
      issues.push({ path: `regions.${role}.name`, message: zones, value: regionConfig.name });
      continue;
    }
    const pools = planPools(config, reference, role, regionConfig, workspaceSplit[role], provisionerSplit[role], zones);
    const plan = planRegion(config, role, regionConfig, pools, zones);
    if (typeof plan === "string") issues.push({ path: `regions.${role}.networkCidr`, message: plan, value: regionConfig.networkCidr });
    else if ("path" in plan) issues.push(plan);
    else regions[role] = plan;
  }
  const { primary, secondary } = regions;
  if (primary && secondary) issues.push(...coderSizingIssues(reference, [primary, secondary]), ...untaggedProvisionerIssues(config, [primary, secondary]));
  if (!primary || !secondary || issues.length > 0) throw new ConfigError(source, issues);

  const dbType = instanceType(config.cloud, reference.database.instanceTypes[config.cloud]);
  const database = {
    identifier: `${config.namePrefix}-${primary.region}-postgres`,
    instanceType: dbType.name,
    vcpu: dbType.vcpu,
    memoryMib: dbType.memoryMib,
    burstable: dbType.burstable,
    storageGib: reference.database.storageGib,
    postgresVersion: config.database.postgresVersion,
    highAvailability: reference.highAvailability,
    backupRetentionDays: config.database.backupRetentionDays,
    deletionProtection: config.database.deletionProtection,
    databaseName: "coder",
    masterUsername: "coder",
    replica: config.database.crossRegionReplica
      ? { region: secondary.region, identifier: `${config.namePrefix}-${secondary.region}-postgres-replica` }
      : undefined,
  };

  const coder = planCoder(config, reference, primary, secondary);
  return {
    cloud: config.cloud,
    tier: reference.tier,
    namePrefix: config.namePrefix,
    tags: { ...config.tags, ...projectTags(config.namePrefix) },
    backend: { ...config.backend, deployment: config.namePrefix },
    primary,
    secondary,
    database,
    coder,
    policy: config.policy,
    aws: config.aws,
    gcp: config.gcp,
    azure: config.azure,
    findings: [...planFindings(config, reference, [primary, secondary], database, coder), ...dayTwoFindings(config, [primary, secondary], new Date()), ...coderFindings(config)],
  };
}

function mustSplit(total: number, config: DeploymentConfig, field: "workspaceNodes" | "provisionerNodes", source: string): RegionSplit {
  const split = resolveSplit(total, config.regions.primary[field], config.regions.secondary[field]);
  if (typeof split === "string") {
    // validateConfig reports this first; a hand-built config reaching here gets the same words.
    throw new ConfigError(source, [{ path: `regions.secondary.${field}`, message: split }]);
  }
  return split;
}

/** The zones the region's pools use, where the cloud names them; the reason when it cannot. */
function namedZones(config: DeploymentConfig, regionConfig: RegionConfig): readonly string[] | undefined | string {
  const profile = KUBERNETES_PROFILES[config.cloud];
  if (!profile.namedZones) return undefined;
  const zones = profile.namedZones(regionConfig.name);
  if (!zones) return `no zone table for ${regionConfig.name} (lib/reference lists the regions this tier can use)`;
  if (zones.length < regionConfig.availabilityZones) return `${regionConfig.name} has ${zones.length} zones, fewer than availabilityZones ${regionConfig.availabilityZones}`;
  return zones.slice(0, regionConfig.availabilityZones);
}

function planRegion(
  config: DeploymentConfig,
  role: RegionRole,
  regionConfig: RegionConfig,
  pools: PoolPlan[],
  zones: readonly string[] | undefined,
): RegionPlan | string | ConfigIssue {
  const profile = KUBERNETES_PROFILES[config.cloud];
  const name = `${config.namePrefix}-${regionConfig.name}`;
  const layout = planNetworkLayout(profile, regionConfig, pools, config, role);
  if (typeof layout === "string" || "path" in layout) return layout;
  return {
    role,
    region: regionConfig.name,
    stackPrefix: `${config.cloud}-${regionConfig.name}`,
    network: { name, cidr: regionConfig.networkCidr, availabilityZones: regionConfig.availabilityZones, layout },
    cluster: {
      name,
      region: regionConfig.name,
      kubernetesVersion: config.kubernetes.version,
      // A regional subnet carries the region's own share of the service range.
      serviceCidr: layout.kind === "regional-subnet" ? layout.serviceRange : config.kubernetes.serviceCidr,
      apiAllowedCidrs: config.kubernetes.apiAllowedCidrs,
    },
    pools,
    ...(zones ? { zones } : {}),
    azure: config.cloud === "azure" ? azureRegionNames(config.namePrefix, regionConfig.name, role, config.azure.subscriptionId) : undefined,
  };
}

/** Carves the region's network in the shape its cloud needs; returns the reason when it does not fit. */
function planNetworkLayout(
  profile: KubernetesProfile,
  regionConfig: RegionConfig,
  pools: readonly PoolPlan[],
  config: DeploymentConfig,
  role: RegionRole,
): NetworkLayout | string | ConfigIssue {
  const maxNodes = pools.reduce((sum, pool) => sum + pool.maxNodes, 0);
  switch (profile.networkLayout) {
    case "zonal-subnets":
      return layoutSubnets(
        regionConfig.networkCidr,
        regionConfig.availabilityZones,
        maxNodes,
        profile.nodeSubnetAddresses(profile.maxPodsPerNode),
        profile.nodePrefixAddresses?.(profile.maxPodsPerNode),
      );
    case "regional-subnet":
      // The primary region owns the network (and the database), so it holds the Private Service Access range.
      return layoutRegionalSubnet({
        cidr: regionConfig.networkCidr,
        pools,
        serviceCidr: config.kubernetes.serviceCidr,
        serviceRangeIndex: role === "primary" ? 0 : 1,
        privateServiceAccess: role === "primary",
      });
    case "vnet-subnets":
      return layoutVnet({
        networkCidr: regionConfig.networkCidr,
        podCidr: AKS_POD_CIDRS[role],
        nodeCapacity: aksNodeCapacity(pools),
        otherRanges: [
          { name: "regions.primary.networkCidr", cidr: config.regions.primary.networkCidr },
          { name: "regions.secondary.networkCidr", cidr: config.regions.secondary.networkCidr },
          { name: "kubernetes.serviceCidr", cidr: config.kubernetes.serviceCidr },
        ],
      });
    default:
      throw new Error(`The ${profile.networkLayout} network layout (${profile.service}) is not implemented yet`);
  }
}

/** The pools of one region; a pool whose share is zero is left out rather than rendered empty. */
function planPools(
  config: DeploymentConfig,
  reference: ReferenceArchitecture,
  role: RegionRole,
  regionConfig: RegionConfig,
  workspaceNodes: number,
  provisionerNodes: number,
  zones: readonly string[] | undefined,
): PoolPlan[] {
  const systemType = KUBERNETES_PROFILES[config.cloud].systemPoolInstanceType;
  const pools: PoolPlan[] = [
    pool(config, "system", systemType, SYSTEM_POOL_NODES, SYSTEM_POOL_NODES),
    // coderd runs only beside the database; the other region serves users through a workspace
    // proxy sized like coderd.
    fromReference(config, role === "primary" ? "coderd" : "proxy", reference.coderd, reference.coderd.nodes, reference.coderd.nodes),
    fromReference(config, "provisioner", reference.provisioner, provisionerNodes, provisionerNodes),
    fromReference(config, "workspace", reference.workspace, Math.min(regionConfig.workspaceMinNodes ?? DEFAULT_WORKSPACE_MIN_NODES, workspaceNodes), workspaceNodes),
  ];
  const kept = pools.filter((p) => p.maxNodes > 0);
  // Where the cloud names zones and counts per zone (GKE), each pool gets its placement; on EKS an
  // autoscaling pool becomes one group per zone; AKS spreads one scale set over the zones.
  if (zones) return kept.map((p) => ({ ...p, placement: placePool(p, zones) }));
  if (config.cloud !== "aws") return kept;
  return kept.map((p) => (p.scaling === "autoscaling" ? withZonalShares(p, regionConfig.availabilityZones) : p));
}

/** An autoscaling pool's minimum and maximum split evenly over the zones; the totals stay exact. */
function withZonalShares(pool: PoolPlan, zones: number): PoolPlan {
  const mins = splitEvenly(pool.minNodes, zones);
  const maxes = splitEvenly(pool.maxNodes, zones);
  return { ...pool, zonalShares: maxes.map((maxNodes, zone) => ({ minNodes: mins[zone], maxNodes })) };
}

function fromReference(config: DeploymentConfig, role: PoolRole, row: NodePoolReference, minNodes: number, maxNodes: number): PoolPlan {
  const { daemonSetPods } = KUBERNETES_PROFILES[config.cloud];
  // The config may choose another machine type for a row (Coder's newer guidance prefers non-burstable ones).
  const typeName = config.instanceTypes[row.workload] ?? row.instanceTypes[config.cloud];
  // Where pools set their own max pods, the workspace pool is sized for its workspaces and the
  // daemon pods, within the table's ceiling, instead of the cloud's default.
  const maxPods =
    role === "workspace" && daemonSetPods !== undefined
      ? Math.min(row.perNode + daemonSetPods, REFERENCE_TIERS[config.tier].constraints.maxWorkspacePodsPerNode)
      : undefined;
  return { ...pool(config, role, typeName, minNodes, maxNodes, maxPods), workloadsPerNode: row.perNode };
}

function pool(config: DeploymentConfig, role: PoolRole, typeName: string, minNodes: number, maxNodes: number, maxPodsPerNode?: number): PoolPlan {
  const policy = poolRolePolicy(role);
  const type = instanceType(config.cloud, typeName);
  const maxPods = maxPodsPerNode ?? KUBERNETES_PROFILES[config.cloud].maxPodsPerNode;
  const min = policy.scaling === "static" ? maxNodes : minNodes;
  return {
    role,
    name: role,
    instanceType: type.name,
    vcpu: type.vcpu,
    memoryMib: type.memoryMib,
    burstable: type.burstable,
    scaling: policy.scaling,
    minNodes: min,
    maxNodes,
    desiredNodes: min,
    labels: nodeLabels(role),
    taints: nodeTaints(role),
    rootVolumeGib: policy.rootVolumeGib,
    maxPodsPerNode: maxPods,
    capacity: nodeCapacityChain(config.cloud, type, maxPods, policy.tainted),
  };
}
