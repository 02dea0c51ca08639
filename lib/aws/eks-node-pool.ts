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
  /** Private subnets, one per zone; the group spreads its nodes over them. */
  readonly subnetIds: string[];
  /** Tags for the instances and volumes the group launches (default tags do not reach them). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Nodes replaced at a time during updates.
   * @default 1 for static pools; 10% for autoscaling pools
   */
  readonly maxUnavailable?: number;
}

/**
 * One EKS managed node group for one pool of the reference architecture, with its launch
 * template: IMDSv2 only, encrypted gp3 root volume, no SSH and no public address. Static pools keep
 * min = max = desired; autoscaling pools leave the desired size to the cluster autoscaler.
 */
export class EksNodePool extends Construct {
  readonly nodeGroup: EksNodeGroup;
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
    const { cluster, nodeRole } = props;
    const name = `${cluster.resourceNamePrefix}-${pool.name}`;

    const launchTemplate = new LaunchTemplate(this, "launch-template", {
      name,
      description: `Nodes of the ${pool.name} pool of ${cluster.resourceNamePrefix}`,
      updateDefaultVersion: true,
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
    });

    const autoscaling = pool.scaling === "autoscaling";
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: cluster.clusterName,
      nodeGroupName: name,
      nodeRoleArn: nodeRole.arn,
      subnetIds: props.subnetIds,
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: [pool.instanceType],
      scalingConfig: { minSize: pool.minNodes, maxSize: pool.maxNodes, desiredSize: pool.desiredNodes },
      updateConfig: autoscaling
        ? { maxUnavailablePercentage: props.maxUnavailable ?? 10 }
        : { maxUnavailable: props.maxUnavailable ?? 1 },
      labels: { ...pool.labels },
      taint: pool.taints.length > 0 ? pool.taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] })) : undefined,
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.toString() },
      // Nodes that join before their role's policies or the VPC CNI (with prefix delegation) fail
      // to register or get the wrong pod limit.
      dependsOn: [...nodeRole.attachments, ...cluster.nodeDependencies],
      // The cluster autoscaler owns the desired size of an autoscaling pool; Terraform must not reset it.
      lifecycle: autoscaling ? { ignoreChanges: ["scaling_config[0].desired_size"] } : undefined,
    });
  }
}
