import { gcpZones } from "./gcp-zones";
import { Cloud } from "./types";

/**
 * How each cloud's managed Kubernetes is set up by this project, as numbers the plan needs before
 * any resource exists: pod density, how its network policy sees traffic, the machine type of the
 * small pool for cluster add-ons, and how many subnet addresses a node consumes. What daemon pods
 * take from every node is in node-daemons.ts.
 */
export interface KubernetesProfile {
  readonly cloud: Cloud;
  readonly service: string;
  /**
   * Pods per node as configured. EKS: the VPC CNI with prefix delegation, which managed node groups
   * cap at 110 on instances under 30 vCPU; GKE: its default; AKS: 110, below Azure CNI Overlay's
   * maximum of 250, because AKS reserves memory per possible pod (see below).
   */
  readonly maxPodsPerNode: number;
  /**
   * Whether the cluster's network policy engine judges a pod's traffic to a Service by the Service's
   * ClusterIP (before the address is translated), so an `ipBlock` can match ClusterIPs. EKS: the VPC
   * CNI's policy agent hooks the pod's interface before kube-proxy's DNAT
   * (aws/amazon-network-policy-controller-k8s pkg/resolvers/endpoints.go). GKE Dataplane V2 and Azure
   * CNI powered by Cilium translate first, so a ClusterIP never reaches a policy.
   */
  readonly policySeesServiceIps: boolean;
  /**
   * Whether the two regions' networks reach each other: one VPC (GKE), peered VNets (AKS), or two
   * unconnected VPCs (EKS). Where they do, workspaces must be kept out of the other region too.
   */
  readonly regionsConnected: boolean;
  /** Machine type of the `system` pool that hosts cluster add-ons (not part of Coder's table). */
  readonly systemPoolInstanceType: string;
  /** Addresses one node takes from its node subnet, pods included where pods use subnet addresses. */
  nodeSubnetAddresses(maxPods: number): number;
  /**
   * Of those, the addresses that come as prefixes (EKS prefix delegation: /28 blocks), which the
   * plan reserves a range of the subnet for. Absent where pods take no subnet prefixes.
   */
  nodePrefixAddresses?(maxPods: number): number;
  /** How the plan carves a region's network for this cloud (see NetworkLayout in lib/plan). */
  readonly networkLayout: "zonal-subnets" | "regional-subnet" | "vnet-subnets";
  /** Non-burstable classes Coder's current guidance prefers, named when the table's types are burstable. */
  readonly nonBurstableAdvice: string;
  /**
   * Where each pool sets its own max pods per node (GKE `max_pods_per_node`): the daemon pods a node
   * runs besides its workloads, so the workspace pool gets workspaces per node + this. Absent where
   * one max pods applies to every pool.
   */
  readonly daemonSetPods?: number;
  /**
   * Where regional pools count nodes per zone and must name their zones (GKE `node_locations`):
   * the region's zones by name, or undefined for a region the table does not list.
   */
  namedZones?(region: string): readonly string[] | undefined;
}

/** EKS prefix delegation hands out /28 prefixes (16 addresses). */
const AWS_PREFIX_ADDRESSES = 16;
/** WARM_PREFIX_TARGET set on the VPC CNI: one spare prefix per node. */
export const AWS_WARM_PREFIX_TARGET = 1;
/** Primary addresses of the ENIs a node attaches (t3.2xlarge allows 4). */
const AWS_ENI_PRIMARY_ADDRESSES = 4;

/** Pod prefixes a node holds under prefix delegation: enough for its pods, plus the warm target. */
function awsNodePrefixAddresses(maxPods: number): number {
  return (Math.ceil(maxPods / AWS_PREFIX_ADDRESSES) + AWS_WARM_PREFIX_TARGET) * AWS_PREFIX_ADDRESSES;
}

export const KUBERNETES_PROFILES: Readonly<Record<Cloud, KubernetesProfile>> = {
  aws: {
    cloud: "aws",
    service: "EKS",
    maxPodsPerNode: 110,
    policySeesServiceIps: true,
    regionsConnected: false,
    systemPoolInstanceType: "t3.large",
    nodeSubnetAddresses: (maxPods) => awsNodePrefixAddresses(maxPods) + AWS_ENI_PRIMARY_ADDRESSES,
    nodePrefixAddresses: (maxPods) => awsNodePrefixAddresses(maxPods),
    networkLayout: "zonal-subnets",
    nonBurstableAdvice: "m5/c5-class nodes and a db.m5-class database",
  },
  gcp: {
    cloud: "gcp",
    service: "GKE",
    maxPodsPerNode: 110,
    policySeesServiceIps: false,
    regionsConnected: true,
    systemPoolInstanceType: "e2-standard-2",
    // Pods draw from a secondary range; the node subnet holds the node's own address.
    nodeSubnetAddresses: () => 1,
    networkLayout: "regional-subnet",
    nonBurstableAdvice: "N2/T2D machine types",
    // GKE's own DaemonSets on a Dataplane V2 node are 8 (GKE_NODE_DAEMONS); 16 leaves room for the user's own.
    // The workspace pool then runs 16 + 16 = 32 pods per node and each node takes a /26 of pod range.
    daemonSetPods: 16,
    namedZones: gcpZones,
  },
  azure: {
    cloud: "azure",
    service: "AKS",
    // Below Azure CNI Overlay's 250: AKS reserves 20 MB of memory per possible pod, so 110 leaves
    // about 2.7 GiB more allocatable per node than 250, and still holds 16 workspaces or 30
    // provisioners plus the daemon pods (learn.microsoft.com/azure/aks/node-resource-reservations).
    maxPodsPerNode: 110,
    policySeesServiceIps: false,
    regionsConnected: true,
    // AKS asks system pools for at least 4 vCPUs and 4 GB (learn.microsoft.com/azure/aks/use-system-pools:
    // "at least 4 vCPUs and 4 GB of memory"); CoreDNS autoscales with the node count (~150 at full scale).
    systemPoolInstanceType: "Standard_D4s_v3",
    // Azure CNI Overlay: pods use an overlay range, the node subnet only node addresses.
    nodeSubnetAddresses: () => 1,
    networkLayout: "vnet-subnets",
    nonBurstableAdvice: "Dsv3/Dsv5 sizes",
  },
};
