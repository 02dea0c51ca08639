/**
 * Cloud NAT with endpoint-independent mapping, which needs static port allocation (it and dynamic
 * port allocation are "mutually exclusive": google_compute_router_nat docs). 4096 ports per node
 * hold about 4,000 concurrent outbound connections (14 workspaces' package and image pulls), and
 * each NAT address serves 15 nodes (cloud.google.com/nat/docs/ports-and-addresses).
 */
export const GCP_NAT_MIN_PORTS_PER_VM = 4096;
/** Ports Cloud NAT hands out per address (1024-65535). */
export const GCP_NAT_PORTS_PER_ADDRESS = 64_512;
