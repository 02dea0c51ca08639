import { Construct } from "constructs";
import { Fn } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { IKubernetesCluster } from "../contracts/cluster";
import { AddonPlacement, KubernetesAccess, ZonalVolumeClass } from "../contracts/kubernetes-access";
import { systemPoolPlacement } from "../plan/pool-role";

/** The exec credential API that `aws eks get-token` answers. */
export const EKS_EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/**
 * The exec credential of an EKS cluster for the Kubernetes and Helm providers: a short-lived token
 * from `aws eks get-token` at every run, never a stored credential (EKS user guide, the providers'
 * docs). Every stack that talks to an EKS API uses this one.
 */
export function eksExecCredential(clusterName: string, region: string): { apiVersion: string; command: string; args: string[] } {
  return { apiVersion: EKS_EXEC_API_VERSION, command: "aws", args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"] };
}

export interface EksKubernetesAccessProps {
  /** The EKS cluster, through its contract (values may be references into the infrastructure stack's state). */
  readonly cluster: IKubernetesCluster;
  /**
   * Tags for the load balancers Kubernetes creates (they are not Terraform resources, so the
   * provider's default tags never reach them).
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * How a stack reaches an EKS cluster's API: the Kubernetes and Helm providers with the endpoint and
 * CA from the cluster's contract and a token from `aws eks get-token` on every run (the way the EKS
 * user guide and the providers' docs recommend), so no credential is ever written into the
 * configuration or state. Needs the AWS CLI where Terraform runs, with an identity that has an EKS
 * access entry (the creator of the cluster, or `aws.clusterAdminPrincipalArns`).
 *
 * Also states AWS's answers for Coder: an internet-facing Network Load Balancer made by the cloud
 * controller EKS runs (no AWS Load Balancer Controller needed; with that controller installed, these
 * annotations are the one place to switch to its `external` type), and encrypted gp3 EBS volumes.
 */
export class EksKubernetesAccess extends Construct implements KubernetesAccess {
  readonly cloud = "aws";
  readonly kubernetesProvider: KubernetesProvider;
  readonly helmProvider: HelmProvider;
  readonly publicLoadBalancerAnnotations: Readonly<Record<string, string>>;
  readonly zonalVolume: ZonalVolumeClass = { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true" } };
  readonly addonPlacement: AddonPlacement = systemPoolPlacement();

  constructor(scope: Construct, id: string, props: EksKubernetesAccessProps) {
    super(scope, id);
    const { cluster } = props;
    if (cluster.cloud !== "aws") {
      throw new Error(`EksKubernetesAccess ${id}: needs an EKS cluster, got a ${cluster.cloud} cluster`);
    }
    const exec = eksExecCredential(cluster.clusterName, cluster.region);
    const host = cluster.clusterEndpoint;
    const clusterCaCertificate = Fn.base64decode(cluster.clusterCaCertificate);
    this.kubernetesProvider = new KubernetesProvider(this, "kubernetes", { host, clusterCaCertificate, exec: [exec] });
    this.helmProvider = new HelmProvider(this, "helm", { kubernetes: { host, clusterCaCertificate, exec } });

    const tags = Object.entries(props.tags ?? {}).map(([key, value]) => `${key}=${value}`);
    this.publicLoadBalancerAnnotations = {
      // The cloud controller's NLB: layer 4, so websockets and long-lived workspace connections pass untouched.
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      // Spreads clients evenly over the zones' targets even when DNS answers favour one zone (the
      // Service's Cluster traffic policy already lets every node reach either replica). Older cloud
      // controllers applied it only on an update, not at creation (kubernetes/kubernetes#82595).
      "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
      ...(tags.length > 0 ? { "service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags": tags.join(",") } : {}),
    };
  }
}
