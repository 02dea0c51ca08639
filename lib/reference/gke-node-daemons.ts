import type { NodeDaemon } from "./node-daemons";

/**
 * The DaemonSet pods GKE runs on every node of this project's clusters (Standard, Dataplane V2,
 * Workload Identity, the Persistent Disk CSI driver, system logging and monitoring with Managed
 * Service for Prometheus). Dataplane V2 replaces kube-proxy. kube-dns, konnectivity-agent and
 * metrics-server are Deployments, not here. Figures are what public `kubectl describe node` output
 * of GKE 1.29-1.36 nodes shows, the larger where versions differ.
 */
export const GKE_NODE_DAEMONS: readonly NodeDaemon[] = [
  {
    name: "anetd",
    namespace: "kube-system",
    cpuMillis: 200,
    memoryMib: 300,
    toleratesAllTaints: true,
    source:
      "Dataplane V2's agent (cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2); its requests are not published and vary with node size (anetd-xs .. anetd-xl): an estimate at the top of 100-200m / 150-300Mi",
  },
  {
    name: "fluentbit-gke",
    namespace: "kube-system",
    cpuMillis: 105,
    memoryMib: 230,
    toleratesAllTaints: true,
    source: "105m / 230Mi on GKE 1.29-1.36 nodes (cryptnono/cryptnono issue 34)",
  },
  {
    name: "gke-metadata-server",
    namespace: "kube-system",
    cpuMillis: 100,
    memoryMib: 100,
    toleratesAllTaints: true,
    source: "Workload Identity's metadata server: 100m / 100Mi (cryptnono/cryptnono issue 34)",
  },
  {
    name: "gke-metrics-agent",
    namespace: "kube-system",
    cpuMillis: 21,
    memoryMib: 155,
    toleratesAllTaints: true,
    source: "19-21m / 145-155Mi on GKE 1.30-1.36 nodes (public kubectl describe node output)",
  },
  { name: "netd", namespace: "kube-system", cpuMillis: 8, memoryMib: 65, toleratesAllTaints: true, source: "8m / 65Mi on a GKE 1.36 node" },
  { name: "pdcsi-node", namespace: "kube-system", cpuMillis: 10, memoryMib: 20, toleratesAllTaints: true, source: "the Persistent Disk CSI node plugin: 10m / 20Mi" },
  {
    name: "collector",
    namespace: "gmp-system",
    cpuMillis: 5,
    memoryMib: 36,
    toleratesAllTaints: true,
    source: "Managed Service for Prometheus collector: 5m / 36M on GKE 1.30",
  },
  { name: "ip-masq-agent", namespace: "kube-system", cpuMillis: 10, memoryMib: 16, toleratesAllTaints: true, source: "10m / 16Mi (cryptnono/cryptnono issue 34); also seen on Dataplane V2" },
];
