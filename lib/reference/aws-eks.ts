/**
 * EKS facts the AWS constructs need before any API call, each with its source. Plain data.
 */

/**
 * Availability zone IDs in which EKS refuses to create a cluster's network interfaces.
 * CreateCluster fails when a subnet sits in one of them, and zone NAMES map to different zone IDs
 * in each account, so they are excluded by ID.
 * Source: Amazon EKS user guide, "View Amazon EKS networking requirements for VPC and subnets"
 * (network-reqs.html, subnet requirements): use1-az3 (us-east-1), usw1-az2 (us-west-1),
 * cac1-az3 (ca-central-1).
 */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

/** A Cluster Autoscaler release and the Helm chart that ships it. */
export interface ClusterAutoscalerRelease {
  /** Chart version in https://kubernetes.github.io/autoscaler (chart `cluster-autoscaler`). */
  readonly chartVersion: string;
  /** Image tag; the autoscaler's minor must equal the cluster's Kubernetes minor. */
  readonly imageTag: string;
}

/** Helm repository of the Cluster Autoscaler chart. */
export const CLUSTER_AUTOSCALER_CHART_REPOSITORY = "https://kubernetes.github.io/autoscaler";

/**
 * Cluster Autoscaler per Kubernetes minor. The autoscaler's README asks for the autoscaler minor
 * that matches the cluster's; the chart pins that image as its appVersion, and the tag is set
 * explicitly too so a chart default never drifts from the cluster.
 * Sources: kubernetes/autoscaler issue 8891 (`helm search repo`: chart 9.51.0 = 1.33.0,
 * 9.53.0 = 1.34.2), issue 10097 (chart 9.54.0+ = 1.35.0), kubermatic/kubermatic PR 16253
 * (chart 9.59.0 = appVersion 1.35.0), kubernetes/k8s.io PR 8815 (images 1.33.3 and 1.34.2 promoted).
 * 1.32 and 1.36 are absent: no chart/image pairing could be confirmed; add one here with its source.
 */
export const CLUSTER_AUTOSCALER_RELEASES: Readonly<Record<string, ClusterAutoscalerRelease>> = {
  "1.33": { chartVersion: "9.51.0", imageTag: "v1.33.3" },
  "1.34": { chartVersion: "9.53.0", imageTag: "v1.34.2" },
  "1.35": { chartVersion: "9.59.0", imageTag: "v1.35.0" },
};

/**
 * Zones (public subnets, one Elastic IP each) of the NLB in front of coderd or the proxy. Two keep
 * it serving through a zone's failure; coderd's and the proxy's nodes live in the same two zones,
 * since an NLB sends nothing to targets in a zone it is not enabled in (Elastic Load Balancing user
 * guide for Network Load Balancers, "Availability Zones").
 */
export const CODER_LOAD_BALANCER_ZONES = 2;

/**
 * Elastic IPs a region allows an account by default; each NAT gateway and each zone of Coder's NLB
 * holds one. Source: Amazon VPC user guide, "Amazon VPC quotas" (Elastic IP addresses per Region: 5).
 */
export const DEFAULT_ELASTIC_IP_QUOTA = 5;
