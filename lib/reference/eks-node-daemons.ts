import type { NodeDaemon } from "./node-daemons";

/**
 * The DaemonSet pods on every node of this project's EKS clusters (AL2023 managed node groups;
 * managed add-ons vpc-cni with network policy, kube-proxy and the EBS CSI driver). CoreDNS is a
 * Deployment, not here.
 */
export const EKS_NODE_DAEMONS: readonly NodeDaemon[] = [
  {
    name: "aws-node",
    namespace: "kube-system",
    cpuMillis: 50,
    memoryMib: 0,
    toleratesAllTaints: true,
    source:
      "aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml: aws-node 25m and aws-eks-nodeagent 25m (the network policy agent), no memory request; tolerations operator Exists",
  },
  {
    name: "kube-proxy",
    namespace: "kube-system",
    cpuMillis: 100,
    memoryMib: 0,
    toleratesAllTaints: true,
    source: "the EKS kube-proxy add-on: 100m, no memory request (aws/containers-roadmap issue 1509; seen on EKS nodes)",
  },
  {
    name: "ebs-csi-node",
    namespace: "kube-system",
    cpuMillis: 30,
    memoryMib: 120,
    toleratesAllTaints: true,
    source:
      "kubernetes-sigs/aws-ebs-csi-driver chart: ebs-plugin 10m/40Mi, node-driver-registrar and liveness-probe 10m/32Mi each (104Mi; older releases 120Mi, counted); node.tolerateAllTaints true",
  },
];
