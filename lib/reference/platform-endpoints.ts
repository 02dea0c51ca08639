import { Cloud } from "./types";

/**
 * Addresses outside link-local (169.254.0.0/16, denied on every cloud: instance metadata) where a
 * cloud's platform serves a node's protected settings, which workspace pods must never reach.
 * Azure's WireServer and host agent plugin, 168.63.129.16 (TCP 80 and 32526), hand out VM
 * extension settings; AKS drops pod traffic to them with node iptables rules (Azure/AgentBaker
 * PRs 345 and 4470), which an eBPF data plane may bypass, so the workspace network policy denies
 * the address too. Pods need it for nothing: their DNS goes through CoreDNS.
 */
export const PLATFORM_ENDPOINT_CIDRS: Readonly<Record<Cloud, readonly string[]>> = {
  aws: [],
  gcp: [],
  azure: ["168.63.129.16/32"],
};
