import { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";
import { POOL_LABEL_KEY } from "../plan/pool-role";
import { CLUSTER_AUTOSCALER_CHART_REPOSITORY, CLUSTER_AUTOSCALER_RELEASES } from "../reference/aws-eks";
import { helmValuesDocuments } from "../terraform/helm-values-documents";
import { CLUSTER_AUTOSCALER_NAMESPACE, CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } from "./cluster-autoscaler-role";
import { SYSTEM_POOL } from "./eks-workload-addons";

export interface ClusterAutoscalerProps {
  /** Name of the EKS cluster whose tagged node groups it discovers. */
  readonly clusterName: string;
  /** Region of the cluster. */
  readonly region: string;
  /** Kubernetes minor of the cluster; the autoscaler's minor must match it. */
  readonly kubernetesVersion: string;
  /** ARN of the autoscaler's IRSA role (`ClusterAutoscalerRole`). */
  readonly roleArn: string;
  /**
   * Value of the pool label of the nodes it runs on: never a node it might remove.
   * @default "system"
   */
  readonly systemPool?: string;
  /**
   * Replicas; one leads, a second takes over within the lease time.
   * @default 2
   */
  readonly replicas?: number;
}

/**
 * Kubernetes Cluster Autoscaler for EKS managed node groups, as a pinned Helm release: discovers
 * the cluster's groups by tag, balances similar groups (the per-zone workspace groups) so zones
 * grow evenly, and runs on the system pool under its own IRSA role.
 */
export class ClusterAutoscaler extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const pinned = CLUSTER_AUTOSCALER_RELEASES[props.kubernetesVersion];
    if (!pinned) {
      throw new Error(
        `ClusterAutoscaler ${id}: no Cluster Autoscaler release is pinned for kubernetes.version ${props.kubernetesVersion}; ` +
          `pinned: ${Object.keys(CLUSTER_AUTOSCALER_RELEASES).join(", ")} (lib/reference/aws-eks.ts)`,
      );
    }
    const values = {
      cloudProvider: "aws",
      awsRegion: props.region,
      autoDiscovery: { clusterName: props.clusterName },
      image: { tag: pinned.imageTag },
      replicaCount: props.replicas ?? 2,
      rbac: {
        serviceAccount: {
          create: true,
          name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
          annotations: { "eks.amazonaws.com/role-arn": props.roleArn },
        },
      },
      nodeSelector: { [POOL_LABEL_KEY]: props.systemPool ?? SYSTEM_POOL },
      extraArgs: {
        // Per-zone groups of one pool grow together instead of one zone filling first. The groups
        // compare equal on the pool label alone: the built-in comparison also weighs every other
        // label and memory within 1.5%, which per-zone groups miss, so new nodes went to one zone
        // (cluster-autoscaler flags.go: balancing-label "disables all other comparison logic").
        "balance-similar-node-groups": true,
        "balancing-label": POOL_LABEL_KEY,
        expander: "least-waste",
        // System pods (CoreDNS, CSI) live on the static system pool; workspace nodes may be removed.
        "skip-nodes-with-system-pods": false,
      },
    };
    this.release = new Release(this, "release", {
      name: "cluster-autoscaler",
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      repository: CLUSTER_AUTOSCALER_CHART_REPOSITORY,
      chart: "cluster-autoscaler",
      version: pinned.chartVersion,
      values: helmValuesDocuments(values),
      atomic: true,
      cleanupOnFail: true,
    });
  }
}
