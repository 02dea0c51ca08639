import { blockSize, formatCidr, parseCidr, prefixFor, subBlock } from "../common/cidr";
import { PoolPlan, RegionalSubnetLayout } from "./types";

/** GCP keeps back 4 addresses of every subnet's primary range (cloud.google.com/vpc/docs/subnets#unusable-ip-addresses-in-every-subnet). */
const RESERVED_PER_SUBNET = 4;

/**
 * The range reserved for Private Service Access. Cloud SQL needs at least a /24 and takes a /24 per
 * region it places instances in (the replica's region too); a /20 leaves room for both and for
 * growth (cloud.google.com/sql/docs/postgres/configure-private-services-access).
 */
export const PRIVATE_SERVICE_RANGE_PREFIX = 20;

/**
 * Pod addresses one node takes: GKE gives each node a block of at least twice its max pods, rounded
 * up to a power of two (110 pods: /24; 256 pods: /23)
 * (cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr).
 */
export function podBlockAddresses(maxPodsPerNode: number): number {
  return 2 ** Math.ceil(Math.log2(2 * maxPodsPerNode));
}

export interface RegionalSubnetRequest {
  /** The region's address space. */
  readonly cidr: string;
  /** The region's pools, with their zone placement (surge is counted per zone). */
  readonly pools: readonly PoolPlan[];
  /** The whole `kubernetes.serviceCidr`; each region takes one half. */
  readonly serviceCidr: string;
  /** Which half of the service range this region takes (0: primary, 1: secondary). */
  readonly serviceRangeIndex: number;
  /** Reserve a Private Service Access range here (the region that owns the network). */
  readonly privateServiceAccess: boolean;
}

/**
 * Carves a region's network into a node range, a pod range sized for every pool at its maximum plus
 * its upgrade surge, and (where asked) a Private Service Access range, placed largest first so none
 * needs padding.
 *
 * @returns the layout, or the reason it does not fit, naming the size that would
 */
export function layoutRegionalSubnet(request: RegionalSubnetRequest): RegionalSubnetLayout | string {
  const network = parseCidr(request.cidr);
  if (!network) return `${request.cidr} is not a CIDR block`;
  const services = parseCidr(request.serviceCidr);
  if (!services) return `${request.serviceCidr} is not a CIDR block`;

  const podBlocks: Record<string, number> = {};
  let nodes = 0;
  let podAddresses = 0;
  for (const pool of request.pools) {
    const surge = (pool.placement?.surgePerZone ?? 0) * (pool.placement?.zones.length ?? 0);
    const poolNodes = pool.maxNodes + surge;
    podBlocks[pool.name] = podBlockAddresses(pool.maxPodsPerNode);
    nodes += poolNodes;
    podAddresses += poolNodes * podBlocks[pool.name];
  }
  const requests = [
    { kind: "pods" as const, prefix: prefixFor(podAddresses) },
    { kind: "nodes" as const, prefix: prefixFor(nodes + RESERVED_PER_SUBNET) },
    ...(request.privateServiceAccess ? [{ kind: "private-services" as const, prefix: PRIVATE_SERVICE_RANGE_PREFIX }] : []),
  ].sort((a, b) => a.prefix - b.prefix);
  const needed = requests.reduce((sum, r) => sum + 2 ** (32 - r.prefix), 0);
  if (needed > blockSize(network)) {
    return (
      `${request.cidr} holds ${blockSize(network)} addresses; ${nodes} nodes (surge included) need a /${requests.find((r) => r.kind === "nodes")?.prefix} ` +
      `node range and a /${requests.find((r) => r.kind === "pods")?.prefix} pod range` +
      (request.privateServiceAccess ? ` and Private Service Access a /${PRIVATE_SERVICE_RANGE_PREFIX}` : "") +
      `: a /${prefixFor(needed)} or larger`
    );
  }
  const ranges: Partial<Record<(typeof requests)[number]["kind"], string>> = {};
  let cursor = network.base;
  for (const r of requests) {
    ranges[r.kind] = formatCidr({ base: cursor, prefix: r.prefix });
    cursor += 2 ** (32 - r.prefix);
  }
  if (services.prefix >= 32) return `${request.serviceCidr} cannot be split between two regions`;
  return {
    kind: "regional-subnet",
    nodeRange: ranges.nodes as string,
    podRange: ranges.pods as string,
    serviceRange: formatCidr(subBlock(services, services.prefix + 1, request.serviceRangeIndex)),
    privateServiceRange: ranges["private-services"],
    podBlockAddresses: podBlocks,
    nodesSized: nodes,
  };
}
