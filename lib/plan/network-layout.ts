import { blockSize, formatCidr, Ipv4Block, parseCidr, prefixFor } from "../common/cidr";

/** Addresses AWS, GCP and Azure each keep back in every subnet (AWS and Azure: 5). */
const RESERVED_PER_SUBNET = 5;
/** Public subnets hold only load balancers and NAT gateways. */
const PUBLIC_SUBNET_PREFIX = 24;

import { ZonalSubnetLayout } from "./types";

/**
 * Carves a region's network into one private and one public subnet per zone. Each private subnet
 * holds the nodes that would land in it if one zone failed and the rest took its nodes, each node
 * with `addressesPerNode` addresses. Blocks are placed largest first so none needs padding.
 *
 * @returns the layout, or the reason it does not fit, naming the size that would
 */
export function layoutSubnets(
  cidr: string,
  zones: number,
  maxNodes: number,
  addressesPerNode: number,
): ZonalSubnetLayout | string {
  const network = parseCidr(cidr);
  if (!network) return `${cidr} is not a CIDR block`;
  const nodesPerSubnet = Math.ceil(maxNodes / Math.max(zones - 1, 1));
  const privatePrefix = prefixFor(nodesPerSubnet * addressesPerNode + RESERVED_PER_SUBNET);
  const requests = [
    ...Array.from({ length: zones }, () => ({ kind: "private" as const, prefix: privatePrefix })),
    ...Array.from({ length: zones }, () => ({ kind: "public" as const, prefix: PUBLIC_SUBNET_PREFIX })),
  ].sort((a, b) => a.prefix - b.prefix);

  const needed = requests.reduce((sum, r) => sum + 2 ** (32 - r.prefix), 0);
  if (needed > blockSize(network)) {
    return (
      `${cidr} holds ${blockSize(network)} addresses; ${zones} private /${privatePrefix} subnets ` +
      `(${nodesPerSubnet} nodes x ${addressesPerNode} addresses each) and ${zones} public /${PUBLIC_SUBNET_PREFIX} ` +
      `need a /${prefixFor(needed)} or larger`
    );
  }
  const privateSubnets: string[] = [];
  const publicSubnets: string[] = [];
  let cursor = network.base;
  for (const request of requests) {
    const block: Ipv4Block = { base: cursor, prefix: request.prefix };
    (request.kind === "private" ? privateSubnets : publicSubnets).push(formatCidr(block));
    cursor += blockSize(block);
  }
  return { kind: "zonal-subnets", privateSubnets, publicSubnets, addressesPerNode, nodesPerSubnet };
}
