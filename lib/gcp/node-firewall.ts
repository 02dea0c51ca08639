import { Construct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { boundedName, COMPUTE_NAME_MAX } from "./names";

/**
 * Where Google's load-balancer health checks come from: 35.191.0.0/16 and 130.211.0.0/22, and for
 * passthrough Network Load Balancers (Coder's) also 209.85.152.0/22 and 209.85.204.0/22
 * (cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges; the four GKE's own L4
 * rules open, kubernetes/cloud-provider-gcp gce_loadbalancer.go "L3/4 health checkers").
 */
export const HEALTH_CHECK_RANGES = ["35.191.0.0/16", "130.211.0.0/22", "209.85.152.0/22", "209.85.204.0/22"];

export interface NodeFirewallProps {
  /** Start of the rules' names, e.g. the cluster name. */
  readonly name: string;
  readonly networkId: string;
  /** The region's node service account: rules apply to its nodes only. */
  readonly nodeServiceAccountEmail: string;
}

/**
 * The one ingress a region's nodes need beyond what GKE manages itself (control plane to nodes,
 * pod to pod): load-balancer health checks, on TCP only, from Google's probers only, to this
 * region's nodes only (by service account, which unlike network tags a workload cannot set).
 */
export class NodeFirewall extends Construct {
  constructor(scope: Construct, id: string, props: NodeFirewallProps) {
    super(scope, id);
    new ComputeFirewall(this, "health-checks", {
      name: boundedName(`${props.name}-allow-health-checks`, COMPUTE_NAME_MAX),
      description: "Load-balancer health checks to this region's nodes",
      network: props.networkId,
      direction: "INGRESS",
      priority: 1000,
      sourceRanges: HEALTH_CHECK_RANGES,
      targetServiceAccounts: [props.nodeServiceAccountEmail],
      allow: [{ protocol: "tcp" }],
      logConfig: { metadata: "EXCLUDE_ALL_METADATA" },
    });
  }
}
