import { ConfigError, ConfigIssue } from "../config/errors";
import { DeploymentConfig, RegionConfig } from "../config/schema";
import { allocatable } from "../reference/allocatable";
import { instanceType } from "../reference/instance-catalog";
import { KUBERNETES_PROFILES } from "../reference/kubernetes-profiles";
import { REFERENCE_TIERS } from "../reference/tier-2k";
import { NodePoolReference, ReferenceArchitecture } from "../reference/types";
import { planFindings } from "./findings";
import { layoutSubnets } from "./network-layout";
import { KubernetesProfile } from "../reference/kubernetes-profiles";
import { nodeLabels, nodeTaints, PoolRole, poolRolePolicy } from "./pool-role";
import { resolveSplit, RegionSplit } from "../common/split";
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

  const issues: ConfigIssue[] = [];
  const regions: Partial<Record<RegionRole, RegionPlan>> = {};
  for (const role of ["primary", "secondary"] as const) {
    const regionConfig = config.regions[role];
    const pools = planPools(config, reference, role, regionConfig, workspaceSplit[role], provisionerSplit[role]);
    const plan = planRegion(config, role, regionConfig, pools);
    if (typeof plan === "string") issues.push({ path: `regions.${role}.networkCidr`, message: plan, value: regionConfig.networkCidr });
    else regions[role] = plan;
  }
  const { primary, secondary } = regions;
  if (!primary || !secondary) throw new ConfigError(source, issues);

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

  return {
    cloud: config.cloud,
    tier: reference.tier,
    namePrefix: config.namePrefix,
    tags: { ...config.tags, ...projectTags(config.namePrefix) },
    backend: { ...config.backend, deployment: config.namePrefix },
    primary,
    secondary,
    database,
    policy: config.policy,
    aws: config.aws,
    gcp: config.gcp,
    azure: config.azure,
    findings: planFindings(config, reference, [primary, secondary], database),
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

function planRegion(config: DeploymentConfig, role: RegionRole, regionConfig: RegionConfig, pools: PoolPlan[]): RegionPlan | string {
  const profile = KUBERNETES_PROFILES[config.cloud];
  const name = `${config.namePrefix}-${regionConfig.name}`;
  const layout = planNetworkLayout(profile, regionConfig, pools);
  if (typeof layout === "string") return layout;
  return {
    role,
    region: regionConfig.name,
    stackPrefix: `${config.cloud}-${regionConfig.name}`,
    network: { name, cidr: regionConfig.networkCidr, availabilityZones: regionConfig.availabilityZones, layout },
    cluster: {
      name,
      region: regionConfig.name,
      kubernetesVersion: config.kubernetes.version,
      serviceCidr: config.kubernetes.serviceCidr,
      apiAllowedCidrs: config.kubernetes.apiAllowedCidrs,
    },
    pools,
  };
}

/** Carves the region's network in the shape its cloud needs; returns the reason when it does not fit. */
function planNetworkLayout(profile: KubernetesProfile, regionConfig: RegionConfig, pools: readonly PoolPlan[]): NetworkLayout | string {
  const maxNodes = pools.reduce((sum, pool) => sum + pool.maxNodes, 0);
  switch (profile.networkLayout) {
    case "zonal-subnets":
      return layoutSubnets(regionConfig.networkCidr, regionConfig.availabilityZones, maxNodes, profile.nodeSubnetAddresses(profile.maxPodsPerNode));
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
  return pools.filter((p) => p.maxNodes > 0);
}

function fromReference(config: DeploymentConfig, role: PoolRole, row: NodePoolReference, minNodes: number, maxNodes: number): PoolPlan {
  return { ...pool(config, role, row.instanceTypes[config.cloud], minNodes, maxNodes), workloadsPerNode: row.perNode };
}

function pool(config: DeploymentConfig, role: PoolRole, typeName: string, minNodes: number, maxNodes: number): PoolPlan {
  const policy = poolRolePolicy(role);
  const type = instanceType(config.cloud, typeName);
  const maxPods = KUBERNETES_PROFILES[config.cloud].maxPodsPerNode;
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
    allocatable: allocatable(config.cloud, type, maxPods),
  };
}
