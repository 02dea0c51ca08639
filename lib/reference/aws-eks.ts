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

/**
 * EKS managed add-on versions per Kubernetes minor, pinned so an apply never upgrades the network
 * plugin or DNS unasked: the versions the EKS user guide lists as the add-on type's latest for each
 * minor (managing-vpc-cni, managing-coredns, managing-kube-proxy: "the latest version of the Amazon
 * EKS add-on type for each Kubernetes version"), tested together with that minor. The EBS CSI driver
 * has no such table: it follows EKS's default version for the minor (`aws eks describe-addon-versions
 * --kubernetes-version <v> --addon-name aws-ebs-csi-driver`, the one marked default), which moves only
 * when AWS changes the default. Refresh a row with that command before moving to a new minor.
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<"vpc-cni" | "coredns" | "kube-proxy", string>>>> = {
  "1.34": { "vpc-cni": "v1.21.1-eksbuild.7", coredns: "v1.13.2-eksbuild.7", "kube-proxy": "v1.34.6-eksbuild.2" },
  "1.35": { "vpc-cni": "v1.21.1-eksbuild.7", coredns: "v1.14.2-eksbuild.4", "kube-proxy": "v1.35.3-eksbuild.2" },
};

/**
 * End of EKS standard support per minor (EKS user guide, kubernetes-versions: 14 months of standard
 * support, then 12 of extended). With the clusters' upgrade policy STANDARD, EKS upgrades the control
 * plane itself on that day, and the next plan, still pinned to the old minor, would try to go back.
 */
export const EKS_STANDARD_SUPPORT_END: Readonly<Record<string, string>> = {
  "1.32": "2026-03-23",
  "1.33": "2026-07-29",
  "1.34": "2026-12-02",
  "1.35": "2027-03-27",
  "1.36": "2027-08-02",
};
