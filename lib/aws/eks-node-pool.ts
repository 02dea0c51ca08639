import { Construct } from "constructs";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { PoolPlan } from "../plan/types";
import { EksCluster } from "./eks-cluster";
import { EksNodeRole } from "./eks-node-role";

/** EKS spells taint effects in its own way. */
const EKS_TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE" } as const;

export interface EksNodePoolProps {
  /** The cluster the nodes join; the pool waits for its networking add-ons. */
  readonly cluster: EksCluster;
  /** Role, machine type, counts, labels and taints from the deployment plan. */
  readonly pool: PoolPlan;
  /** The IAM role the nodes run as; the pool waits for its policies. */
  readonly nodeRole: EksNodeRole;
  /**
   * Private subnets, one per zone (in the plan's zone order). A pool with zonal shares gets one
   * node group per zone, each in its zone's subnet; any other pool one group spread over all.
   */
  readonly subnetIds: string[];
  /**
   * Security groups the nodes carry besides the cluster security group, e.g. the group the database
   * admits. Setting any makes the launch template name the cluster security group explicitly:
   * EKS attaches it by itself only when the launch template names no security group.
   * @default none: the nodes carry the cluster security group only
   */
  readonly additionalSecurityGroupIds?: readonly string[];
  /** Tags for the instances and volumes the group launches (default tags do not reach them). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Nodes replaced at a time during updates.
   * @default 1 for static pools; 10% for autoscaling pools
   */
  readonly maxUnavailable?: number;
}

/** Tags Cluster Autoscaler's auto-discovery looks for on a node group's Auto Scaling group. */
export function autoscalerDiscoveryTags(clusterName: string): Record<string, string> {
  return { "k8s.io/cluster-autoscaler/enabled": "true", [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned" };
}

/**
 * The EKS managed node groups of one pool of the reference architecture, with their launch
 * template: IMDSv2 only, encrypted gp3 root volume, no SSH and no public address. Static pools keep
 * min = max = desired in one group over all zones. An autoscaling pool with zonal shares becomes
 * one group per zone, so Cluster Autoscaler can add a node in the zone of a pending pod's EBS
 * volume (a group spanning zones lets AWS pick the zone); all of them share one launch template,
 * so the autoscaler sees them as similar and balances them.
 */
export class EksNodePool extends Construct {
  /** One per zone for a pool with zonal shares (zones with no share are left out), else one. */
  readonly nodeGroups: EksNodeGroup[];
  /** The plan this pool renders. */
  readonly pool: PoolPlan;

  constructor(scope: Construct, id: string, props: EksNodePoolProps) {
    super(scope, id);
    const { pool } = props;
    this.pool = pool;
    if (!(pool.minNodes <= pool.desiredNodes && pool.desiredNodes <= pool.maxNodes && pool.maxNodes >= 1)) {
      throw new Error(
        `EksNodePool ${id}: node counts must satisfy 0 <= min <= desired <= max and max >= 1; ` +
          `got min ${pool.minNodes}, desired ${pool.desiredNodes}, max ${pool.maxNodes}`,
      );
    }
    if (pool.scaling === "static" && pool.minNodes !== pool.maxNodes) {
      throw new Error(`EksNodePool ${id}: a static pool needs min = max, got ${pool.minNodes} and ${pool.maxNodes}`);
    }
    const shares = pool.zonalShares;
    if (shares) {
      const sum = (field: "minNodes" | "maxNodes") => shares.reduce((total, share) => total + share[field], 0);
      if (shares.length !== props.subnetIds.length || sum("minNodes") !== pool.minNodes || sum("maxNodes") !== pool.maxNodes) {
        throw new Error(
          `EksNodePool ${id}: zonal shares must be one per subnet (${props.subnetIds.length}) and add up to min ${pool.minNodes} ` +
            `and max ${pool.maxNodes}; got ${shares.length} shares adding up to ${sum("minNodes")} and ${sum("maxNodes")}`,
        );
      }
    }
    const { cluster, nodeRole } = props;
    const name = `${cluster.resourceNamePrefix}-${pool.name}`;
    const extraGroups = props.additionalSecurityGroupIds ?? [];

    const launchTemplate = new LaunchTemplate(this, "launch-template", {
      name,
      description: `Nodes of the ${pool.name} pool of ${cluster.resourceNamePrefix}`,
      updateDefaultVersion: true,
      // EKS adds the cluster security group only to a launch template that names none; naming
      // others means naming it too, or nodes lose the control plane (EKS user guide, launch-templates.html).
      vpcSecurityGroupIds: extraGroups.length > 0 ? [cluster.securityGroupId, ...extraGroups] : undefined,
      // Hop limit 1 keeps pods (one hop further) away from the node's credentials.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: pool.rootVolumeGib, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      // T-family instances run "unlimited" by default; stating it makes the cost model reviewable.
      creditSpecification: pool.burstable ? { cpuCredits: "unlimited" } : undefined,
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: { ...props.tags, Name: name },
      })),
      // A changed tag would make a new template version, and the node groups follow the latest
      // version: every node of every pool replaced, workspaces evicted, for a tag (terraform-aws-eks
      // issues 2514, 1793; EKS user guide, launch-templates: "all nodes in the group are recycled").
      // New tags reach nodes with the next deliberate node-group update (docs/day-two-aws.md).
      lifecycle: { ignoreChanges: ["tag_specifications"] },
    });

    const autoscaling = pool.scaling === "autoscaling";
    const group = (groupId: string, groupName: string, subnetIds: string[], minNodes: number, maxNodes: number) =>
      new EksNodeGroup(this, groupId, {
        clusterName: cluster.clusterName,
        nodeGroupName: groupName,
        nodeRoleArn: nodeRole.arn,
        subnetIds,
        amiType: "AL2023_x86_64_STANDARD",
        capacityType: "ON_DEMAND",
        instanceTypes: [pool.instanceType],
        scalingConfig: { minSize: minNodes, maxSize: maxNodes, desiredSize: minNodes },
        updateConfig: autoscaling
          ? { maxUnavailablePercentage: props.maxUnavailable ?? 10 }
          : { maxUnavailable: props.maxUnavailable ?? 1 },
        labels: { ...pool.labels },
        taint: pool.taints.length > 0 ? pool.taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] })) : undefined,
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.toString() },
        // EKS tags the group's Auto Scaling group with these itself; stated here so the autoscaler's
        // IAM condition and discovery visibly match what the groups carry.
        tags: autoscaling ? autoscalerDiscoveryTags(cluster.resourceNamePrefix) : undefined,
        // Nodes that join before their role's policies or the VPC CNI (with prefix delegation) fail
        // to register or get the wrong pod limit.
        dependsOn: [...nodeRole.attachments, ...cluster.nodeDependencies],
        // The cluster autoscaler owns the desired size of an autoscaling pool; Terraform must not reset it.
        lifecycle: autoscaling ? { ignoreChanges: ["scaling_config[0].desired_size"] } : undefined,
      });

    this.nodeGroups = shares
      ? shares.flatMap((share, zone) =>
          share.maxNodes > 0 ? [group(`node-group-zone-${zone}`, `${name}-zone-${zone}`, [props.subnetIds[zone]], share.minNodes, share.maxNodes)] : [],
        )
      : [group("node-group", name, props.subnetIds, pool.minNodes, pool.maxNodes)];
  }
}
