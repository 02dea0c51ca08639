import { NetworkPolicyV1SpecEgress } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { CODER_NAMESPACES, CODER_SERVER_APP_NAME, CODER_SERVER_PORTS } from "../plan/coder-plan";

/**
 * Egress rules of the Coder layer's network policies. Peers inside the cluster are chosen by
 * namespace and pod selector, never by address: GKE Dataplane V2 and Azure CNI powered by Cilium
 * turn a call to a Service or load balancer address into the backend pod's address before the
 * policy judges it, and Cilium never matches cluster pods or nodes with an `ipBlock` ("CIDR rules
 * do not apply to traffic where both sides of the connection are either managed by Cilium or use an
 * IP belonging to a node in the cluster", docs.cilium.io, policy language, IP/CIDR based). Addresses
 * are for what lies outside the cluster.
 */

const namespaceSelector = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });

/** Name resolution through the cluster DNS (kube-dns / CoreDNS pods carry `k8s-app: kube-dns` on all three clouds). */
export const DNS_EGRESS: NetworkPolicyV1SpecEgress = {
  to: [{ namespaceSelector: namespaceSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
  ports: [
    { protocol: "UDP", port: "53" },
    { protocol: "TCP", port: "53" },
  ],
};

/**
 * coderd's or the workspace proxy's pods (release `instance` of the `coder` chart) on their HTTPS
 * port, 8443: clients dial the https access URL, whose 443 the Service maps there. Port 8080 serves
 * only the redirect to https and the pods' own health checks.
 */
export function coderServerEgress(instance: string): NetworkPolicyV1SpecEgress {
  const ports = [CODER_SERVER_PORTS.https];
  return {
    to: [
      {
        namespaceSelector: namespaceSelector(CODER_NAMESPACES.server),
        podSelector: { matchLabels: { "app.kubernetes.io/name": CODER_SERVER_APP_NAME, "app.kubernetes.io/instance": instance } },
      },
    ],
    ports: ports.map((port) => ({ protocol: "TCP", port: String(port) })),
  };
}

/** The Kubernetes API on 443, at its ClusterIP and where its endpoints sit in the region's network. */
export function apiServerEgress(cidrs: readonly string[]): NetworkPolicyV1SpecEgress {
  return { to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: "443" }] };
}

/** The internet: every address but the private networks, metadata and platform endpoints the plan denies. */
export function internetEgress(deniedCidrs: readonly string[]): NetworkPolicyV1SpecEgress {
  return { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...deniedCidrs] } }] };
}
