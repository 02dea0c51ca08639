/**
 * The DaemonSet pods AKS itself runs on every Linux node of this project's clusters (Azure CNI
 * Overlay with Cilium as data plane and policy engine: no kube-proxy, no azure-npm; no Container
 * Insights, no Defender, no Key Vault CSI add-on), with what each one requests. They take their
 * requests from every node before Coder's pods do, so the pod sizing subtracts their sum.
 *
 * AKS does not publish these numbers; each row names where its figure comes from, and rows that
 * are estimates say so. Every figure is rounded up, so the sizing errs towards a free millicore,
 * never towards a Pending pod. Check a real node with `kubectl describe node` ("Non-terminated
 * Pods") after the first deploy; a figure that grew is one line here.
 */
export interface AksNodeDaemon {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryMib: number;
  readonly source: string;
}

export const AKS_NODE_DAEMONS: readonly AksNodeDaemon[] = [
  {
    name: "cilium",
    cpuMillis: 100,
    memoryMib: 100,
    source:
      "Azure/AKS issue 5244: the agent's only request is its clean-cilium-state init container's 100Mi; CPU 100m is that init container's upstream request (cilium chart), counted as an estimate",
  },
  {
    name: "azure-cns",
    cpuMillis: 40,
    memoryMib: 250,
    source: "Azure/AKS issue 3525: azure-cns and azure-npm request 550 MB together, azure-npm 300Mi (issue 2792); CPU an estimate",
  },
  { name: "cloud-node-manager", cpuMillis: 50, memoryMib: 50, source: "Azure/AKS issue 5251 (a node's pod list: 50m / 50Mi)" },
  {
    name: "csi-azuredisk-node",
    cpuMillis: 30,
    memoryMib: 60,
    source: "Azure/AKS issue 5251: the azuredisk container requests 10m / 20Mi; its two sidecars counted alike",
  },
  {
    name: "csi-azurefile-node",
    cpuMillis: 40,
    memoryMib: 80,
    source: "four containers (azurefile, node-driver-registrar, liveness-probe, azfilesrefresh), counted like csi-azuredisk-node's: an estimate",
  },
  { name: "azure-ip-masq-agent", cpuMillis: 100, memoryMib: 50, source: "an estimate (its usage is about 1m / 15Mi, Azure/AKS-Construction issue 442)" },
];

/** What the daemons above request together, with headroom for one more small agent (Azure may add one). */
export const AKS_NODE_DAEMON_REQUESTS = {
  cpuMillis: AKS_NODE_DAEMONS.reduce((sum, d) => sum + d.cpuMillis, 0) + 40,
  memoryMib: AKS_NODE_DAEMONS.reduce((sum, d) => sum + d.memoryMib, 0) + 50,
} as const;
