import { blockSize, formatCidr, Ipv4Block, parseCidr, prefixFor } from "../common/cidr";

/** Addresses AWS, GCP and Azure each keep back in every subnet (AWS and Azure: 5). */
const RESERVED_PER_SUBNET = 5;
/** Public subnets hold only load balancers and NAT gateways. */
const PUBLIC_SUBNET_PREFIX = 24;
/** A prefix-delegation block: /28, 16 addresses. */
const PREFIX_BLOCK = 16;

import { ZonalSubnetLayout } from "./types";

/**
 * Addresses each private subnet keeps outside the prefix reservation for interfaces that are not
 * nodes: the EKS control plane's (EKS asks for at least 16 free per subnet), load balancers, the
 * database and its standby, a bastion.
 */
const NON_NODE_INTERFACES_PER_SUBNET = 64;

/**
 * Carves a region's network into one private and one public subnet per zone. Each private subnet
 * holds the nodes that would land in it if one zone failed and the rest took its nodes, each node
 * with `addressesPerNode` addresses. Blocks are placed largest first so none needs padding.
 *
 * With `prefixAddressesPerNode` (pod prefixes under EKS prefix delegation), enough of the range
 * between a first and a last block of the private subnet is reserved for prefixes
 * (`prefixReservations`: the fewest and largest aligned CIDRs that hold every node's prefixes), so
 * the /28 blocks the VPC CNI asks for never fail because single addresses (node, load balancer and
 * database interfaces, which use the two outer blocks and what is left unreserved) fragmented the
 * subnet. The outer blocks hold the subnet's first four and last addresses, which AWS keeps, so
 * no reservation covers them.
 *
 * @returns the layout, or the reason it does not fit, naming the size that would
 */
export function layoutSubnets(
  cidr: string,
  zones: number,
  maxNodes: number,
  addressesPerNode: number,
  prefixAddressesPerNode = 0,
): ZonalSubnetLayout | string {
  const network = parseCidr(cidr);
  if (!network) return `${cidr} is not a CIDR block`;
  const nodesPerSubnet = Math.ceil(maxNodes / Math.max(zones - 1, 1));
  let privatePrefix: number;
  let sizing: string;
  let edgeBlock = 0;
  if (prefixAddressesPerNode > 0) {
    const prefixNeed = nodesPerSubnet * prefixAddressesPerNode;
    const otherNeed = nodesPerSubnet * (addressesPerNode - prefixAddressesPerNode) + RESERVED_PER_SUBNET + NON_NODE_INTERFACES_PER_SUBNET;
    edgeBlock = 2 ** (32 - prefixFor(Math.max(Math.ceil(otherNeed / 2), PREFIX_BLOCK)));
    privatePrefix = prefixFor(prefixNeed + 2 * edgeBlock);
    sizing =
      `(${nodesPerSubnet} nodes: ${prefixNeed} addresses of reserved pod prefixes, ` +
      `${otherNeed} for node and other interfaces in two /${prefixFor(edgeBlock)} blocks)`;
  } else {
    privatePrefix = prefixFor(nodesPerSubnet * addressesPerNode + RESERVED_PER_SUBNET);
    sizing = `(${nodesPerSubnet} nodes x ${addressesPerNode} addresses each)`;
  }
  const requests = [
    ...Array.from({ length: zones }, () => ({ kind: "private" as const, prefix: privatePrefix })),
    ...Array.from({ length: zones }, () => ({ kind: "public" as const, prefix: PUBLIC_SUBNET_PREFIX })),
  ].sort((a, b) => a.prefix - b.prefix);

  const needed = requests.reduce((sum, r) => sum + 2 ** (32 - r.prefix), 0);
  if (needed > blockSize(network)) {
    return (
      `${cidr} holds ${blockSize(network)} addresses; ${zones} private /${privatePrefix} subnets ` +
      `${sizing} and ${zones} public /${PUBLIC_SUBNET_PREFIX} ` +
      `need a /${prefixFor(needed)} or larger`
    );
  }
  const privateSubnets: string[] = [];
  const publicSubnets: string[] = [];
  const prefixReservations: string[][] = [];
  let cursor = network.base;
  for (const request of requests) {
    const block: Ipv4Block = { base: cursor, prefix: request.prefix };
    if (request.kind === "private") {
      privateSubnets.push(formatCidr(block));
      prefixReservations.push(
        edgeBlock > 0 ? reservationFor(block, edgeBlock, nodesPerSubnet * prefixAddressesPerNode).map(formatCidr) : [],
      );
    } else {
      publicSubnets.push(formatCidr(block));
    }
    cursor += blockSize(block);
  }
  return { kind: "zonal-subnets", privateSubnets, publicSubnets, addressesPerNode, nodesPerSubnet, prefixReservations };
}

/**
 * The largest aligned blocks between the subnet's two edge blocks, as few as hold `needed`
 * addresses, in address order. What is left unreserved joins the edges for single addresses.
 */
function reservationFor(subnet: Ipv4Block, edgeBlock: number, needed: number): Ipv4Block[] {
  const candidates = alignedBlocks(subnet.base + edgeBlock, subnet.base + blockSize(subnet) - edgeBlock).sort((a, b) => a.prefix - b.prefix || a.base - b.base);
  const chosen: Ipv4Block[] = [];
  let reserved = 0;
  for (const candidate of candidates) {
    if (reserved >= needed) break;
    chosen.push(candidate);
    reserved += blockSize(candidate);
  }
  return chosen.sort((a, b) => a.base - b.base);
}

/** The fewest aligned CIDR blocks that exactly cover the addresses [start, end). */
function alignedBlocks(start: number, end: number): Ipv4Block[] {
  const blocks: Ipv4Block[] = [];
  let cursor = start;
  while (cursor < end) {
    let size = 1;
    while (cursor % (size * 2) === 0 && cursor + size * 2 <= end) size *= 2;
    blocks.push({ base: cursor, prefix: 32 - Math.log2(size) });
    cursor += size;
  }
  return blocks;
}
