import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { POOL_LABEL_KEY, PoolRole } from "../plan/pool-role";

/** The pool cluster add-ons run on: static, untainted, never scaled down by the autoscaler. */
export const SYSTEM_POOL: PoolRole = "system";
import { EksCluster } from "./eks-cluster";

export interface EksWorkloadAddonsProps {
  readonly cluster: EksCluster;
  /** Node pools the add-ons' pods run on; the add-ons wait for them, or they never become healthy. */
  readonly nodePools: ITerraformDependable[];
  /**
   * Tags for the EBS volumes the CSI driver creates (workspace home volumes), which no provider
   * default tags reach.
   * @default none
   */
  readonly volumeTags?: Readonly<Record<string, string>>;
  /**
   * Value of the pool label that the add-ons' controllers are pinned to.
   * @default "system"
   */
  readonly systemPool?: string;
}

/**
 * EKS managed add-ons whose pods need nodes: CoreDNS and the EBS CSI driver (for workspace
 * volumes). Their controllers are pinned to the system pool so they never sit on a workspace node
 * that the autoscaler wants to remove.
 */
export class EksWorkloadAddons extends Construct {
  constructor(scope: Construct, id: string, props: EksWorkloadAddonsProps) {
    super(scope, id);
    const { cluster } = props;
    const onSystemPool = { [POOL_LABEL_KEY]: props.systemPool ?? SYSTEM_POOL };

    new EksAddon(this, "coredns", {
      clusterName: cluster.clusterName,
      addonName: "coredns",
      addonVersion: cluster.addonVersion(this, "coredns"),
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      configurationValues: JSON.stringify({ nodeSelector: onSystemPool }),
      dependsOn: props.nodePools,
    });

    const ebsCsiRole = cluster.addServiceAccountRole(this, "ebs-csi-role", {
      name: "ebs-csi",
      namespace: "kube-system",
      serviceAccount: "ebs-csi-controller-sa",
      managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
    });
    new EksAddon(this, "ebs-csi-driver", {
      clusterName: cluster.clusterName,
      addonName: "aws-ebs-csi-driver",
      addonVersion: cluster.addonVersion(this, "aws-ebs-csi-driver"),
      serviceAccountRoleArn: ebsCsiRole.arn,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      configurationValues: JSON.stringify({
        controller: { nodeSelector: onSystemPool, ...(props.volumeTags ? { extraVolumeTags: props.volumeTags } : {}) },
      }),
      // Its controller calls EC2 with this role as soon as it runs.
      dependsOn: [...props.nodePools, ...ebsCsiRole.attachments],
    });
  }
}
