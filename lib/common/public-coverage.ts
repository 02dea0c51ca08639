import { parseCidr } from "./cidr";

/**
 * Ranges that are not public IPv4 space (IANA special-purpose address registry, RFC 6890):
 * "this network", private (RFC 1918), shared address space (RFC 6598), loopback, link-local,
 * benchmarking, and everything from 224.0.0.0 (multicast and reserved).
 */
const NOT_PUBLIC = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/3"];

/**
 * The most of the public address space a list of allowed ranges may cover: 1%, about 37 million
 * addresses, more than a /8. Anything wider admits a good part of the internet, whatever way it is
 * written: `0.0.0.0/0`, or `0.0.0.0/1` plus `128.0.0.0/1`, or many /8s.
 */
export const MAX_PUBLIC_SHARE = 0.01;

type Interval = readonly [start: number, end: number];

function intervalOf(cidr: string): Interval | undefined {
  const block = parseCidr(cidr);
  if (!block) return undefined;
  return [block.base, block.base + 2 ** (32 - block.prefix)];
}

/** Sorted, merged intervals. */
function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

const total = (intervals: readonly Interval[]) => intervals.reduce((sum, [start, end]) => sum + (end - start), 0);

const RESERVED = merge(NOT_PUBLIC.map((c) => intervalOf(c)!));
const PUBLIC_SIZE = 2 ** 32 - total(RESERVED);

/** The share (0 to 1) of the public IPv4 space the union of these ranges covers; what is not a CIDR counts as all of it. */
export function publicShare(cidrs: readonly string[]): number {
  const intervals: Interval[] = [];
  for (const cidr of cidrs) {
    const interval = intervalOf(cidr);
    if (!interval) return 1;
    intervals.push(interval);
  }
  const union = merge(intervals);
  // Public addresses covered: the union less its overlap with the reserved ranges.
  let covered = total(union);
  for (const [start, end] of union) {
    for (const [rStart, rEnd] of RESERVED) covered -= Math.max(0, Math.min(end, rEnd) - Math.max(start, rStart));
  }
  return covered / PUBLIC_SIZE;
}

/** Whether the ranges admit more of the internet than MAX_PUBLIC_SHARE. */
export function coversTooMuch(cidrs: readonly string[]): boolean {
  return publicShare(cidrs) > MAX_PUBLIC_SHARE;
}
