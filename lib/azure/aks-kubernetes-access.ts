import { Construct } from "constructs";
import { Fn } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { IKubernetesCluster } from "../contracts/cluster";
import { AddonPlacement, KubernetesAccess, ZonalVolumeClass } from "../contracts/kubernetes-access";
import { systemPoolPlacement } from "../plan/pool-role";
import { AKS_CRITICAL_ADDONS_TAINT } from "../reference/cluster-addon-pods";

/** The exec credential API that `kubelogin get-token` answers. */
export const KUBELOGIN_EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

/**
 * Application ID of the Entra ID server app behind every AKS-managed Entra ID cluster, the same in
 * every tenant and cluster: the audience a token for the Kubernetes API must be issued for
 * (azure.github.io/kubelogin, "Using kubelogin with AKS"; learn.microsoft.com/azure/aks/kubelogin-authentication).
 */
export const AKS_ENTRA_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/**
 * kubelogin login modes that need no secret in the configuration: `azurecli` reuses `az login`
 * (a person, or CI after `az login --federated-token`); `workloadidentity` reads the federated token
 * file and client ID from the environment (AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID,
 * AZURE_TENANT_ID); `msi` uses the managed identity of the VM Terraform runs on.
 */
export const KUBELOGIN_LOGIN_MODES = ["azurecli", "workloadidentity", "msi"] as const;
export type KubeloginLoginMode = (typeof KUBELOGIN_LOGIN_MODES)[number];

/** Minutes Azure Load Balancer keeps an idle flow: its maximum (the default of 4 minutes cuts idle terminals and port forwards). */
export const AKS_LOAD_BALANCER_IDLE_TIMEOUT_MINUTES = 30;

/**
 * Azure managed disk SKU of workspace homes: zone-redundant Premium SSD. Each AKS pool here is one
 * scale set across the region's zones, and its autoscaler cannot be told which zone to grow, so a
 * zonal (LRS) home whose zone is full would leave its workspace Pending; a ZRS disk attaches to a
 * node in any zone (learn.microsoft.com/azure/aks/azure-disk-csi, "Zone-redundant storage (ZRS)
 * disk support"; learn.microsoft.com/azure/aks/availability-zones, zone-spanning pools) and outlives
 * a zone outage. ZRS disks exist in every region with availability zones
 * (learn.microsoft.com/azure/virtual-machines/disks-deploy-zrs).
 */
export const WORKSPACE_DISK_SKU = "Premium_ZRS";

export interface AksKubernetesAccessProps {
  /** The AKS cluster, through its contract (values may be references into the infrastructure stack's state). */
  readonly cluster: IKubernetesCluster;
  /**
   * How kubelogin obtains the Entra ID token on every Terraform run.
   * @default "azurecli"
   */
  readonly loginMode?: KubeloginLoginMode;
  /**
   * Tags for the public IP addresses Kubernetes creates for the load balancers (they are not
   * Terraform resources, so the provider's tags never reach them).
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * How a stack reaches an AKS cluster whose local accounts are disabled (Entra ID with Azure RBAC
 * only): the Kubernetes and Helm providers with the endpoint and CA from the cluster's contract and
 * a token from `kubelogin get-token` on every run (an exec credential plugin, the way AKS documents
 * non-interactive access), so no credential is written into the configuration or state. Needs
 * kubelogin (and the Azure CLI for `azurecli`) where Terraform runs, with an identity holding an AKS
 * RBAC role on the cluster (the deployer is `Azure Kubernetes Service RBAC Cluster Admin`).
 *
 * Also states Azure's answers for Coder: the cluster's Standard Load Balancer probing `/healthz`
 * over HTTP(S) instead of a bare TCP connect, with the maximum idle timeout; and zone-redundant
 * Premium SSD volumes (encrypted at rest by Azure, which cannot be turned off).
 */
export class AksKubernetesAccess extends Construct implements KubernetesAccess {
  readonly cloud = "azure";
  readonly kubernetesProvider: KubernetesProvider;
  readonly helmProvider: HelmProvider;
  readonly publicLoadBalancerAnnotations: Readonly<Record<string, string>>;
  readonly zonalVolume: ZonalVolumeClass = { provisioner: "disk.csi.azure.com", parameters: { skuName: WORKSPACE_DISK_SKU } };
  // The system pool runs only critical add-ons (`only_critical_addons_enabled`), which AKS enforces with this taint.
  readonly addonPlacement: AddonPlacement = systemPoolPlacement([AKS_CRITICAL_ADDONS_TAINT]);

  constructor(scope: Construct, id: string, props: AksKubernetesAccessProps) {
    super(scope, id);
    const { cluster } = props;
    if (cluster.cloud !== "azure") {
      throw new Error(`AksKubernetesAccess ${id}: needs an AKS cluster, got a ${cluster.cloud} cluster`);
    }
    const loginMode = props.loginMode ?? "azurecli";
    if (!KUBELOGIN_LOGIN_MODES.includes(loginMode)) {
      throw new Error(`AksKubernetesAccess ${id}: loginMode "${loginMode}" is not one of ${KUBELOGIN_LOGIN_MODES.join(", ")}`);
    }
    const exec = {
      apiVersion: KUBELOGIN_EXEC_API_VERSION,
      command: "kubelogin",
      args: ["get-token", "--login", loginMode, "--server-id", AKS_ENTRA_SERVER_APP_ID],
    };
    const host = cluster.clusterEndpoint;
    const clusterCaCertificate = Fn.base64decode(cluster.clusterCaCertificate);
    this.kubernetesProvider = new KubernetesProvider(this, "kubernetes", { host, clusterCaCertificate, exec: [exec] });
    this.helmProvider = new HelmProvider(this, "helm", { kubernetes: { host, clusterCaCertificate, exec } });

    const tags = Object.entries(props.tags ?? {}).map(([key, value]) => `${key}=${value}`);
    this.publicLoadBalancerAnnotations = {
      // No probe annotations: Coder's Services use the Local traffic policy, for which the cloud
      // provider probes the Service's healthCheckNodePort with HTTP GET /healthz, answered only by
      // nodes that run a ready replica (kubernetes-sigs/cloud-provider-azure, "Custom load balancer
      // health probe": "for local services, HTTP and /healthz would be used"; with Cilium as the
      // data plane, Cilium answers that port in kube-proxy's place).
      "service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout": String(AKS_LOAD_BALANCER_IDLE_TIMEOUT_MINUTES),
      ...(tags.length > 0 ? { "service.beta.kubernetes.io/azure-pip-tags": tags.join(",") } : {}),
    };
  }
}
