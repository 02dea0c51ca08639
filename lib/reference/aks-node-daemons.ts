import type { NodeDaemon } from "./node-daemons";

/**
 * The DaemonSet pods AKS runs on every Linux node of this project's clusters (Azure CNI Overlay with
 * Cilium as data plane and policy engine: no kube-proxy, no azure-npm; no Container Insights, no
 * Defender, no Key Vault CSI add-on).
 */
export const AKS_NODE_DAEMONS: readonly NodeDaemon[] = [
  {
    name: "cilium",
    namespace: "kube-system",
    cpuMillis: 100,
    memoryMib: 100,
    toleratesAllTaints: true,
    source:
      "Azure/AKS issue 5244: the agent's only request is its clean-cilium-state init container's 100Mi; CPU 100m is that init container's upstream request (cilium chart), counted as an estimate",
  },
  {
    name: "azure-cns",
    namespace: "kube-system",
    cpuMillis: 40,
    memoryMib: 250,
    toleratesAllTaints: true,
    source: "40m / 250Mi, requests equal limits, seen on three AKS clusters' nodes (Azure/AKS issue 3525 and public `kubectl describe node` output)",
  },
  { name: "cloud-node-manager", namespace: "kube-system", cpuMillis: 50, memoryMib: 50, toleratesAllTaints: true, source: "Azure/AKS issue 5251 (a node's pod list: 50m / 50Mi)" },
  {
    name: "csi-azuredisk-node",
    namespace: "kube-system",
    cpuMillis: 30,
    memoryMib: 60,
    toleratesAllTaints: true,
    source: "Azure/AKS issue 5251: three containers, 30m / 60Mi together",
  },
  {
    name: "csi-azurefile-node",
    namespace: "kube-system",
    cpuMillis: 30,
    memoryMib: 60,
    toleratesAllTaints: true,
    source: "three containers, 30m / 60Mi together, seen beside csi-azuredisk-node on AKS nodes",
  },
  {
    name: "azure-ip-masq-agent",
    namespace: "kube-system",
    cpuMillis: 100,
    memoryMib: 50,
    toleratesAllTaints: true,
    source: "100m / 50Mi on 2025 AKS nodes (50m / 36Mi before); whether it runs beside Cilium is unconfirmed, so it is counted",
  },
];
