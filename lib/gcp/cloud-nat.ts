import { Construct } from "constructs";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { GCP_NAT_MIN_PORTS_PER_VM } from "../reference/gcp-nat";

/** Ports per node, all reserved up front (lib/reference/gcp-nat.ts). */
export const NAT_MIN_PORTS_PER_VM = GCP_NAT_MIN_PORTS_PER_VM;

export interface CloudNatProps {
  /** Name of the router and the NAT. */
  readonly name: string;
  readonly region: string;
  readonly networkId: string;
  /** The region's subnet: its nodes and pods (every range) get egress. */
  readonly subnetId: string;
}

/**
 * Outbound internet for private nodes in one region: a Cloud Router and Cloud NAT with
 * automatically allocated addresses and endpoint-independent mapping, so a workspace keeps one
 * public address and port whoever it talks to: an "easy" NAT, through which Coder's clients connect
 * to workspaces directly instead of through DERP relays (Coder docs, admin/networking/stun: with a
 * "hard" NAT on both sides "direct connections may take longer to establish or will not be
 * established at all"). Errors are logged.
 */
export class CloudNat extends Construct {
  readonly router: ComputeRouter;
  readonly nat: ComputeRouterNat;

  constructor(scope: Construct, id: string, props: CloudNatProps) {
    super(scope, id);
    this.router = new ComputeRouter(this, "router", {
      name: props.name,
      region: props.region,
      network: props.networkId,
    });
    this.nat = new ComputeRouterNat(this, "nat", {
      name: props.name,
      router: this.router.name,
      region: props.region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetwork: [{ name: props.subnetId, sourceIpRangesToNat: ["ALL_IP_RANGES"] }],
      enableDynamicPortAllocation: false,
      enableEndpointIndependentMapping: true,
      minPortsPerVm: NAT_MIN_PORTS_PER_VM,
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
  }
}
