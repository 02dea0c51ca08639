import { Construct } from "constructs";
import { PropagationWait } from "../terraform/propagation-wait";
import { Fn, ITerraformDependable } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { formatCidr, parseCidr } from "../common/cidr";
import { IKubernetesCluster, WorkloadIdentity } from "../contracts/cluster";
import { AzureRegionNames, ClusterPlan, PoolPlan, VnetSubnetLayout } from "../plan/types";
import { aksPoolSettings, AKS_OS_SKU } from "./aks-pool-settings";
import { KmsKey } from "./kms-key";

/**
 * Control-plane log categories sent to Log Analytics. kube-audit-admin is the audit log without its
 * get and list events, the bulk of it and of its cost ("kube-audit ... can incur substantial cost";
 * learn.microsoft.com/azure/aks/monitor-aks-reference, resource logs).
 */
export const AKS_LOG_CATEGORIES = ["kube-apiserver", "kube-audit-admin", "kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "guard"];

/** Patch releases only: the minor stays the one the config names, and moves when the config does. */
export const AKS_UPGRADE_CHANNEL = "patch";

/** The service range's address AKS gives CoreDNS: the tenth, by convention (it must lie in the range). */
export function dnsServiceIp(serviceCidr: string): string {
  const block = parseCidr(serviceCidr);
  if (!block) throw new Error(`${serviceCidr} is not a CIDR block`);
  return formatCidr({ base: block.base + 10, prefix: 32 }).replace(/\/32$/, "");
}

export interface AksClusterProps {
  /** Name, version, service range and API access from the deployment plan. */
  readonly plan: ClusterPlan;
  /** The region's Azure names (DNS prefix, node resource group). */
  readonly names: AzureRegionNames;
  /** The plan's network layout: the overlay pod range. */
  readonly layout: VnetSubnetLayout;
  /** The plan's `system` pool: the default node pool, mode System, only critical add-ons. */
  readonly systemPool: PoolPlan;
  readonly zones: number;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly nodeSubnetId: string;
  /** The KMS key and the cluster's user-assigned identity that may use it. */
  readonly kmsKey: KmsKey;
  /** NAT egress addresses, added to the authorized ranges when the API is public. */
  readonly egressCidrs: readonly string[];
  /** What must exist first: the NAT gateway's subnet association and the subnet's NSG association. */
  readonly networkDependencies: readonly ITerraformDependable[];
  readonly logAnalyticsWorkspaceId: string;
  /** Entra ID tenant for Azure RBAC. @default the provider's tenant */
  readonly tenantId?: string;
  /** Object ID granted cluster admin through Azure RBAC: the deployer, as EKS grants its creator. */
  readonly adminObjectId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * An AKS cluster set up as the reference architecture expects, and as AKS accepts it at apply:
 * - Standard tier (uptime SLA); Kubernetes pinned to the minor only, with the patch upgrade channel
 *   and weekly maintenance windows (a pinned patch drifts after every auto-upgrade, provider issue 26946);
 * - Azure CNI Overlay with Cilium as both data plane and network policy engine (Cilium policy needs
 *   the Cilium data plane); pods on the plan's overlay range; egress through the NAT gateway;
 * - Entra ID with Azure RBAC and local accounts disabled (one needs the other); OIDC issuer and
 *   workload identity (workload identity needs the issuer);
 * - etcd secrets encrypted with a Key Vault key through a user-assigned identity that already has
 *   Key Vault Crypto User; the identity also gets Network Contributor on the node subnet first;
 * - a private API server, or a public one for the config's CIDRs plus the NAT addresses (AKS
 *   refuses private together with authorized ranges);
 * - the default pool is the plan's system pool: mode System, CriticalAddonsOnly taint, across zones;
 * - control-plane and audit logs to Log Analytics.
 */
export class AksCluster extends Construct implements IKubernetesCluster {
  readonly cloud = "azure";
  readonly region: string;
  readonly cluster: KubernetesCluster;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly clusterEndpoint: string;
  readonly clusterCaCertificate: string;
  readonly workloadIdentity: WorkloadIdentity;
  readonly kubernetesVersion: string;
  readonly privateCluster: boolean;
  /** Principal of the control plane's identity: what it may do (attach addresses, subnets) is granted to it. */
  readonly controlPlanePrincipalId: string;
  /** The OIDC issuer that workload identities federate with. */
  readonly oidcIssuerUrl: string;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    const { plan, kmsKey } = props;
    if (!/^\d+\.\d+$/.test(plan.kubernetesVersion)) {
      throw new Error(`AksCluster ${id}: pin the Kubernetes minor only (e.g. 1.36), got ${plan.kubernetesVersion}: a patch drifts under auto-upgrade`);
    }
    if (props.systemPool.role !== "system" || props.systemPool.scaling !== "static") {
      throw new Error(`AksCluster ${id}: the default node pool must be the plan's static system pool, got ${props.systemPool.role}`);
    }
    const publicApi = plan.apiAllowedCidrs.length > 0;
    const system = aksPoolSettings(props.systemPool, props.zones);

    const networkContributor = new RoleAssignment(this, "node-subnet-network-contributor", {
      scope: props.nodeSubnetId,
      roleDefinitionName: "Network Contributor",
      principalId: kmsKey.identity.principalId,
      principalType: "ServicePrincipal",
    });
    // AKS checks both grants while it creates the cluster: wait until they take effect.
    const identityReady = new PropagationWait(this, "identity-access-propagation", { grants: [kmsKey.cryptoUserAssignment, networkContributor] });

    this.cluster = new KubernetesCluster(this, "cluster", {
      name: plan.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      dnsPrefix: props.names.dnsPrefix,
      nodeResourceGroup: props.names.nodeResourceGroup,
      kubernetesVersion: plan.kubernetesVersion,
      skuTier: "Standard",
      automaticUpgradeChannel: AKS_UPGRADE_CHANNEL,
      nodeOsUpgradeChannel: "NodeImage",
      maintenanceWindowAutoUpgrade: { frequency: "Weekly", interval: 1, dayOfWeek: "Sunday", startTime: "02:00", utcOffset: "+00:00", duration: 4 },
      maintenanceWindowNodeOs: { frequency: "Weekly", interval: 1, dayOfWeek: "Saturday", startTime: "02:00", utcOffset: "+00:00", duration: 4 },
      identity: { type: "UserAssigned", identityIds: [kmsKey.identity.id] },
      keyManagementService: { keyVaultKeyId: kmsKey.keyId, keyVaultNetworkAccess: "Public" },
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: props.tenantId },
      localAccountDisabled: true,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      privateClusterEnabled: !publicApi,
      // A public DNS name that resolves to the private endpoint: a runner in a network peered with
      // both VNets resolves both clusters without links to their private DNS zones, which answer
      // only in the VNet they are linked to (learn.microsoft.com/azure/aks/private-clusters; the
      // public FQDN "doesn't create a public API endpoint").
      privateClusterPublicFqdnEnabled: !publicApi,
      privateDnsZoneId: publicApi ? undefined : "System",
      apiServerAccessProfile: publicApi ? { authorizedIpRanges: [...plan.apiAllowedCidrs, ...props.egressCidrs] } : undefined,
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataPlane: "cilium",
        networkPolicy: "cilium",
        podCidr: props.layout.podCidr,
        serviceCidr: plan.serviceCidr,
        dnsServiceIp: dnsServiceIp(plan.serviceCidr),
        loadBalancerSku: "standard",
        outboundType: "userAssignedNATGateway",
      },
      defaultNodePool: {
        name: system.name,
        temporaryNameForRotation: system.temporaryNameForRotation,
        type: "VirtualMachineScaleSets",
        vmSize: system.vmSize,
        nodeCount: props.systemPool.maxNodes,
        zones: system.zones,
        onlyCriticalAddonsEnabled: true,
        vnetSubnetId: props.nodeSubnetId,
        maxPods: system.maxPods,
        osDiskSizeGb: system.osDiskSizeGb,
        osSku: AKS_OS_SKU,
        orchestratorVersion: plan.kubernetesVersion,
        nodePublicIpEnabled: false,
        nodeLabels: system.nodeLabels,
        upgradeSettings: { maxSurge: system.maxSurge, drainTimeoutInMinutes: system.drainTimeoutInMinutes },
        tags: { ...props.tags },
      },
      // Zonal workloads (workspaces with zonal disks) scale evenly across the pool's zones.
      autoScalerProfile: { balanceSimilarNodeGroups: true, expander: "least-waste" },
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      tags: { ...props.tags },
      dependsOn: [identityReady.sleep, ...props.networkDependencies],
    });

    const admin = new RoleAssignment(this, "admin", {
      scope: this.cluster.id,
      roleDefinitionName: "Azure Kubernetes Service RBAC Cluster Admin",
      principalId: props.adminObjectId,
    });
    // The add-ons and coder stacks use it next: this stack's apply ends once it takes effect.
    new PropagationWait(this, "admin-access-propagation", { grants: [admin] });
    new MonitorDiagnosticSetting(this, "control-plane-logs", {
      name: "control-plane-logs",
      targetResourceId: this.cluster.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logAnalyticsDestinationType: "Dedicated",
      enabledLog: AKS_LOG_CATEGORIES.map((category) => ({ category })),
      enabledMetric: [{ category: "AllMetrics" }],
    });

    this.region = plan.region;
    this.privateCluster = !publicApi;
    this.kubernetesVersion = plan.kubernetesVersion;
    this.clusterId = this.cluster.id;
    this.clusterName = this.cluster.name;
    this.clusterEndpoint = `https://${this.cluster.fqdn}:443`;
    // kube_config is sensitive as a whole; the CA certificate in it is public, and an output of a
    // sensitive value without `sensitive = true` fails the plan.
    this.clusterCaCertificate = Fn.nonsensitive(this.cluster.kubeConfig.get(0).clusterCaCertificate);
    this.workloadIdentity = { kind: "azure-workload-identity", issuer: this.cluster.oidcIssuerUrl };
    this.oidcIssuerUrl = this.cluster.oidcIssuerUrl;
    this.controlPlanePrincipalId = kmsKey.identity.principalId;
  }
}
