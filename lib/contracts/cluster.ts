import { Cloud } from "../reference/types";

/**
 * How pods of a cluster get a cloud identity without a stored key: EKS IAM roles for service
 * accounts, GKE Workload Identity, AKS workload identity. `issuer` is what a trust relationship
 * names: the IAM OIDC provider ARN on AWS, the workload pool (`<project>.svc.id.goog`) on GCP, the
 * OIDC issuer URL on Azure.
 */
export interface WorkloadIdentity {
  readonly kind: "aws-irsa" | "gcp-workload-identity" | "azure-workload-identity";
  readonly issuer: string;
}

/**
 * What a region's Kubernetes cluster offers the layers above it, the same on every cloud. The Coder
 * layer reads only this, never a cloud's construct classes. Values are Terraform references.
 */
export interface IKubernetesCluster {
  readonly cloud: Cloud;
  /** Cloud region the cluster runs in. */
  readonly region: string;
  /** The cluster's name as its cloud knows it. */
  readonly clusterName: string;
  /** HTTPS URL of the Kubernetes API server. */
  readonly clusterEndpoint: string;
  /** Base64-encoded PEM of the cluster's certificate authority. */
  readonly clusterCaCertificate: string;
  readonly workloadIdentity: WorkloadIdentity;
}

/** Output names every cloud's infrastructure stack gives its cluster, so tools and stacks read one shape. */
export const CLUSTER_OUTPUTS = {
  clusterName: "cluster_name",
  clusterEndpoint: "cluster_endpoint",
  clusterCaCertificate: "cluster_ca_certificate",
  workloadIdentityIssuer: "cluster_workload_identity_issuer",
} as const;
