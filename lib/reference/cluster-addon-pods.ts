import { Cloud } from "./types";

/**
 * The cluster-wide Deployments each managed Kubernetes service runs besides the per-node daemons
 * (DNS, metrics, API connectivity), with what they request. They need a home on an untainted pool
 * (or one whose taint they tolerate), which is what the system pool is for; the scheduling
 * simulation places them next to Coder's pods. Figures from public `kubectl describe node` output,
 * rounded up; where this project pins a Deployment with a node selector, the synthesized
 * configuration says so (`eksAddon`).
 */
export interface ClusterAddonPods {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly cpuMillis: number;
  readonly memoryMib: number;
  /** Taint keys the pods tolerate (with `operator: Exists`). */
  readonly toleratedTaintKeys: readonly string[];
  /** On EKS, the managed add-on whose `configuration_values` carries the pods' node selector, and where in it. */
  readonly eksAddon?: { readonly addonName: string; readonly nodeSelectorPath: readonly string[] };
  readonly source: string;
}

/** AKS's taint on a system pool with only critical add-ons (`only_critical_addons_enabled`). */
export const AKS_CRITICAL_ADDONS_TAINT = "CriticalAddonsOnly";
/** The taint GKE's own Deployments tolerate, for a pool kept for them. */
export const GKE_MANAGED_COMPONENTS_TAINT = "components.gke.io/gke-managed-components";

export const CLUSTER_ADDON_PODS: Readonly<Record<Cloud, readonly ClusterAddonPods[]>> = {
  aws: [
    {
      name: "coredns",
      namespace: "kube-system",
      replicas: 2,
      cpuMillis: 100,
      memoryMib: 70,
      toleratedTaintKeys: [AKS_CRITICAL_ADDONS_TAINT],
      eksAddon: { addonName: "coredns", nodeSelectorPath: ["nodeSelector"] },
      source: "the EKS CoreDNS add-on: 2 replicas of 100m / 70Mi",
    },
    {
      name: "ebs-csi-controller",
      namespace: "kube-system",
      replicas: 2,
      cpuMillis: 60,
      memoryMib: 240,
      toleratedTaintKeys: [AKS_CRITICAL_ADDONS_TAINT],
      eksAddon: { addonName: "aws-ebs-csi-driver", nodeSelectorPath: ["controller", "nodeSelector"] },
      source: "kubernetes-sigs/aws-ebs-csi-driver chart: controller 60m / 232-240Mi with its sidecars",
    },
  ],
  gcp: [
    { name: "kube-dns", namespace: "kube-system", replicas: 2, cpuMillis: 265, memoryMib: 140, toleratedTaintKeys: [GKE_MANAGED_COMPONENTS_TAINT], source: "265m / 140Mi per replica on GKE 1.30+ nodes" },
    { name: "kube-dns-autoscaler", namespace: "kube-system", replicas: 1, cpuMillis: 20, memoryMib: 10, toleratedTaintKeys: [GKE_MANAGED_COMPONENTS_TAINT], source: "20m / 10Mi" },
    { name: "konnectivity-agent", namespace: "kube-system", replicas: 2, cpuMillis: 15, memoryMib: 60, toleratedTaintKeys: [GKE_MANAGED_COMPONENTS_TAINT], source: "15m / 60Mi per replica" },
    { name: "metrics-server", namespace: "kube-system", replicas: 1, cpuMillis: 48, memoryMib: 105, toleratedTaintKeys: [GKE_MANAGED_COMPONENTS_TAINT], source: "48m / 105Mi (metrics-server v0.7.1 on GKE)" },
    { name: "event-exporter-gke", namespace: "kube-system", replicas: 1, cpuMillis: 3, memoryMib: 100, toleratedTaintKeys: [GKE_MANAGED_COMPONENTS_TAINT], source: "3m / 100Mi" },
    { name: "l7-default-backend", namespace: "kube-system", replicas: 1, cpuMillis: 10, memoryMib: 20, toleratedTaintKeys: [GKE_MANAGED_COMPONENTS_TAINT], source: "10m / 20Mi" },
  ],
  azure: [
    { name: "coredns", namespace: "kube-system", replicas: 2, cpuMillis: 100, memoryMib: 70, toleratedTaintKeys: [AKS_CRITICAL_ADDONS_TAINT], source: "100m / 70Mi per replica on AKS nodes" },
    { name: "coredns-autoscaler", namespace: "kube-system", replicas: 1, cpuMillis: 20, memoryMib: 10, toleratedTaintKeys: [AKS_CRITICAL_ADDONS_TAINT], source: "20m / 10Mi" },
    { name: "konnectivity-agent", namespace: "kube-system", replicas: 2, cpuMillis: 20, memoryMib: 20, toleratedTaintKeys: [AKS_CRITICAL_ADDONS_TAINT], source: "20m / 20Mi per replica" },
    { name: "metrics-server", namespace: "kube-system", replicas: 2, cpuMillis: 156, memoryMib: 134, toleratedTaintKeys: [AKS_CRITICAL_ADDONS_TAINT], source: "156m / 134Mi per replica, 2 replicas" },
    {
      name: "azure-wi-webhook-controller-manager",
      namespace: "kube-system",
      replicas: 2,
      cpuMillis: 100,
      memoryMib: 20,
      toleratedTaintKeys: [AKS_CRITICAL_ADDONS_TAINT],
      source: "workload identity's webhook: 100m / 20Mi per replica, 2 replicas",
    },
  ],
};
