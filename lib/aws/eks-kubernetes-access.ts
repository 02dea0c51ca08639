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

/** How the Kubernetes and Helm providers reach an EKS API: endpoint, CA, token, and the name its certificate carries. */
export interface EksApiConnection {
  readonly host: string;
  readonly clusterCaCertificate: string;
  /** The endpoint's host name: what its certificate is checked against when the host is a relay on 127.0.0.1. */
  readonly tlsServerName?: string;
  readonly exec: ReturnType<typeof eksExecCredential>;
}

/**
 * The providers' connection to an EKS API, directly or through a Session Manager port forward: with
 * `relay` (a reference to a variable npm run deploy sets to `https://127.0.0.1:<port>`, empty
 * otherwise) the host is the relay when set, and the certificate is still checked against the
 * endpoint's own name. (`coalesce` skips the empty string; cdktf 0.21 renders an empty string or 0
 * operand of a comparison as `undefined`, so no `==` here.)
 */
export function eksApiConnection(cluster: IKubernetesCluster, relay?: string): EksApiConnection {
  const exec = eksExecCredential(cluster.clusterName, cluster.region);
  const clusterCaCertificate = Fn.base64decode(cluster.clusterCaCertificate);
  if (relay === undefined) return { host: cluster.clusterEndpoint, clusterCaCertificate, exec };
  return { host: Fn.coalesce([relay, cluster.clusterEndpoint]), clusterCaCertificate, tlsServerName: Fn.trimprefix(cluster.clusterEndpoint, "https://"), exec };
}

export interface EksKubernetesAccessProps {
  /** The EKS cluster, through its contract (values may be references into the infrastructure stack's state). */
  readonly cluster: IKubernetesCluster;
  /**
   * Reference to the variable holding the local URL of a Session Manager port forward to the
   * private API (`https://127.0.0.1:<port>`), set by npm run deploy when the region has a bastion;
   * empty means direct. @default direct only
   */
  readonly apiRelay?: string;
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
    const { exec, ...endpoint } = eksApiConnection(cluster, props.apiRelay);
    this.kubernetesProvider = new KubernetesProvider(this, "kubernetes", { ...endpoint, exec: [exec] });
    this.helmProvider = new HelmProvider(this, "helm", { kubernetes: { ...endpoint, exec } });

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
