import { blockSize, formatCidr, Ipv4Block, overlaps, parseCidr, prefixFor } from "../common/cidr";
import {
  AKS_OVERLAY_NODE_PREFIX,
  AKS_RESERVED_CIDRS,
  AZURE_RESERVED_PER_SUBNET,
  POSTGRES_SUBNET_PREFIX,
  PRIVATE_ENDPOINT_SUBNET_PREFIX,
} from "../reference/azure-limits";
import { ConfigIssue } from "../config/errors";
import { VnetSubnetLayout } from "./types";

/** The smallest node subnet: internal load balancers take node-subnet addresses too. */
const MIN_NODE_SUBNET_PREFIX = 24;

/** Share of an autoscaling pool's maximum AKS adds during an upgrade (the pools' max_surge); static pools surge by 1. */
export const AKS_UPGRADE_SURGE_PERCENT = 10;

export interface VnetLayoutInput {
  /** The region's VNet range. */
  readonly networkCidr: string;
  /** Azure CNI Overlay pod range of the region's cluster. */
  readonly podCidr: string;
  /** Nodes the region's pools may run at once, surge included. */
  readonly nodeCapacity: number;
  /** Ranges the pod range must stay clear of: both VNets and the service range. */
  readonly otherRanges: readonly { readonly name: string; readonly cidr: string }[];
}

/**
 * Carves a region's VNet into a node subnet (one address per node: pods live on the overlay), a
 * private-endpoint subnet and a delegated PostgreSQL subnet, largest first so none needs padding;
 * and checks the overlay pod range: one /24 per node, clear of the VNets, the service range and the
 * ranges AKS refuses.
 *
 * @returns the layout; the reason it does not fit, naming the size that would; or, when the pod
 *   range clashes with another range, an issue naming that range's field
 */
export function layoutVnet(input: VnetLayoutInput): VnetSubnetLayout | string | ConfigIssue {
  const network = parseCidr(input.networkCidr);
  if (!network) return `${input.networkCidr} is not a CIDR block`;
  const pods = parseCidr(input.podCidr);
  if (!pods) return `the pod range ${input.podCidr} is not a CIDR block`;

  const reserved = AKS_RESERVED_CIDRS.find((r) => overlaps(network, parseCidr(r)!));
  if (reserved) return `${input.networkCidr} overlaps ${reserved}, a range AKS refuses; choose a range outside it`;
  const clash = input.otherRanges.find((r) => overlaps(pods, parseCidr(r.cidr)!));
  if (clash) {
    return { path: clash.name, message: `overlaps the AKS pod range ${input.podCidr} of a cluster; choose a range outside it`, value: clash.cidr };
  }
  const podNodes = 2 ** (AKS_OVERLAY_NODE_PREFIX - pods.prefix);
  if (podNodes < input.nodeCapacity) {
    return `the AKS pod range ${input.podCidr} holds ${podNodes} nodes (a /${AKS_OVERLAY_NODE_PREFIX} each); the pools need ${input.nodeCapacity}`;
  }

  const nodePrefix = Math.min(prefixFor(input.nodeCapacity + AZURE_RESERVED_PER_SUBNET), MIN_NODE_SUBNET_PREFIX);
  const requests = [
    { kind: "node" as const, prefix: nodePrefix },
    { kind: "privateEndpoint" as const, prefix: PRIVATE_ENDPOINT_SUBNET_PREFIX },
    { kind: "postgres" as const, prefix: POSTGRES_SUBNET_PREFIX },
  ].sort((a, b) => a.prefix - b.prefix);
  const needed = requests.reduce((sum, r) => sum + 2 ** (32 - r.prefix), 0);
  if (needed > blockSize(network)) {
    return (
      `${input.networkCidr} holds ${blockSize(network)} addresses; a /${nodePrefix} node subnet (${input.nodeCapacity} nodes), ` +
      `a /${PRIVATE_ENDPOINT_SUBNET_PREFIX} private-endpoint subnet and a /${POSTGRES_SUBNET_PREFIX} PostgreSQL subnet need a /${prefixFor(needed)} or larger`
    );
  }
  const subnets: Partial<Record<(typeof requests)[number]["kind"], string>> = {};
  let cursor = network.base;
  for (const request of requests) {
    const block: Ipv4Block = { base: cursor, prefix: request.prefix };
    subnets[request.kind] = formatCidr(block);
    cursor += blockSize(block);
  }
  return {
    kind: "vnet-subnets",
    nodeSubnet: subnets.node!,
    privateEndpointSubnet: subnets.privateEndpoint!,
    postgresSubnet: subnets.postgres!,
    podCidr: input.podCidr,
    nodeCapacity: input.nodeCapacity,
  };
}

/** Nodes a region's pools may run at once: every pool at its maximum, plus the upgrade surge AKS adds. */
export function aksNodeCapacity(pools: readonly { readonly maxNodes: number; readonly scaling: string }[]): number {
  return pools.reduce((sum, p) => sum + p.maxNodes + aksUpgradeSurge(p), 0);
}

/** Extra nodes AKS adds to a pool during an upgrade; the node pools render the same figure as max_surge. */
export function aksUpgradeSurge(pool: { readonly maxNodes: number; readonly scaling: string }): number {
  return pool.scaling === "autoscaling" ? Math.ceil((pool.maxNodes * AKS_UPGRADE_SURGE_PERCENT) / 100) : 1;
}

/** The AKS reserved range a service range overlaps, if any: AKS refuses such a cluster at creation. */
export function aksReservedOverlap(cidr: string): string | undefined {
  const block = parseCidr(cidr);
  return block ? AKS_RESERVED_CIDRS.find((r) => overlaps(block, parseCidr(r)!)) : undefined;
}
