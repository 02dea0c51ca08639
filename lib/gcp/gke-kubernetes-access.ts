import { Construct } from "constructs";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { IKubernetesCluster } from "../contracts/cluster";
import { AddonPlacement, KubernetesAccess, ZonalVolumeClass } from "../contracts/kubernetes-access";
import { systemPoolPlacement } from "../plan/pool-role";

/** The GKE Persistent Disk CSI driver (the cluster turns its add-on on: `gce_persistent_disk_csi_driver_config`). */
export const GKE_PD_CSI_DRIVER = "pd.csi.storage.gke.io";

/**
 * Disk type of workspace homes: Balanced Persistent Disk, SSD-backed at about half pd-ssd's price,
 * the type GKE's own default StorageClass (`standard-rwo`) uses. T2D and N1 machines (the table's
 * workspace and coderd types) attach it; newer series such as C3, N4 and C4 attach only Hyperdisk
 * (cloud.google.com/compute/docs/disks#disk-types, "machine series support"), so a pool moved to
 * one of those needs `hyperdisk-balanced` here.
 */
export const GKE_WORKSPACE_DISK_TYPE = "pd-balanced";

/**
 * Annotation asking GKE for a backend service-based external passthrough Network Load Balancer
 * instead of the legacy target pool-based one. It works on every supported GKE version (1.25.5+)
 * with the HttpLoadBalancing add-on, which is on by default; the newer
 * `spec.loadBalancerClass: networking.gke.io/l4-regional-external` needs GKE 1.33.1+ and is immutable
 * (cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer).
 */
export const GKE_BACKEND_SERVICE_LB_ANNOTATION = { "cloud.google.com/l4-rbs": "enabled" } as const;

export interface GkeKubernetesAccessProps {
  /** The GKE cluster, through its contract (values may be references into the infrastructure stack's state). */
  readonly cluster: IKubernetesCluster;
}

/**
 * How a stack reaches a GKE cluster's API: the Kubernetes and Helm providers with the cluster's DNS
 * endpoint from its contract and an OAuth access token of whoever runs Terraform, read from the
 * google provider's `google_client_config` data source on every run (the providers' documented GKE
 * setup). The token lives about an hour and is never written into the configuration; no client
 * certificate or static token exists (the cluster issues none). The caller's identity needs a
 * Kubernetes role on the cluster (`roles/container.admin`, or `container.developer` plus RBAC).
 *
 * Also states Google Cloud's answers for Coder: a backend service-based external passthrough
 * Network Load Balancer (layer 4, so websockets and long-lived workspace connections pass
 * untouched, and regional, like the Service) and Balanced Persistent Disks, which Compute Engine
 * always encrypts at rest (Google-managed keys; a CMEK would need `disk-encryption-kms-key` and a
 * grant to the Compute Engine service agent).
 */
export class GkeKubernetesAccess extends Construct implements KubernetesAccess {
  readonly cloud = "gcp";
  readonly kubernetesProvider: KubernetesProvider;
  readonly helmProvider: HelmProvider;
  /** The `google_client_config` data source whose `access_token` the providers use. */
  readonly clientConfig: DataGoogleClientConfig;
  readonly publicLoadBalancerAnnotations: Readonly<Record<string, string>> = { ...GKE_BACKEND_SERVICE_LB_ANNOTATION };
  readonly zonalVolume: ZonalVolumeClass = { provisioner: GKE_PD_CSI_DRIVER, parameters: { type: GKE_WORKSPACE_DISK_TYPE } };
  readonly addonPlacement: AddonPlacement = systemPoolPlacement();

  constructor(scope: Construct, id: string, props: GkeKubernetesAccessProps) {
    super(scope, id);
    const { cluster } = props;
    if (cluster.cloud !== "gcp") {
      throw new Error(`GkeKubernetesAccess ${id}: needs a GKE cluster, got a ${cluster.cloud} cluster`);
    }
    this.clientConfig = new DataGoogleClientConfig(this, "client-config");
    // The DNS endpoint presents a certificate of Google Trust Services: no cluster CA, which would
    // become the only trust anchor and fail verification (hashicorp/terraform-provider-kubernetes
    // issue 2637; fluxcd/flux2 issue 5896). The Google OAuth token is what the endpoint accepts.
    const host = cluster.clusterEndpoint;
    const token = this.clientConfig.accessToken;
    this.kubernetesProvider = new KubernetesProvider(this, "kubernetes", { host, token });
    this.helmProvider = new HelmProvider(this, "helm", { kubernetes: { host, token } });
  }
}
