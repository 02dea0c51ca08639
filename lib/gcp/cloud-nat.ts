import { Construct } from "constructs";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";

/**
 * Ports per node with dynamic port allocation: from 64 up to 8192 when a node's pods open many
 * connections (workspaces pulling images and packages). Both must be powers of two
 * (cloud.google.com/nat/docs/ports-and-addresses#dynamic-port).
 */
export const NAT_MIN_PORTS_PER_VM = 64;
export const NAT_MAX_PORTS_PER_VM = 8192;

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
 * automatically allocated addresses. Dynamic port allocation, because the static default of 64
 * ports per node runs out with many pods per node; endpoint-independent mapping off, which Cloud
 * NAT requires together with dynamic port allocation. Errors are logged.
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
      enableDynamicPortAllocation: true,
      enableEndpointIndependentMapping: false,
      minPortsPerVm: NAT_MIN_PORTS_PER_VM,
      maxPortsPerVm: NAT_MAX_PORTS_PER_VM,
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
  }
}
