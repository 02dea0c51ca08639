/** IPv4 CIDR arithmetic for planning networks. Pure functions; no cloud knowledge. */

export interface Ipv4Block {
  /** The network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns undefined for anything else, including host bits set. */
export function parseCidr(text: string): Ipv4Block | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((base & hostMask(prefix)) !== 0) return undefined;
  return { base, prefix };
}

/** Whether the text is a CIDR block with no host bits set. */
export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

export function formatCidr(block: Ipv4Block): string {
  const b = block.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${block.prefix}`;
}

function hostMask(prefix: number): number {
  return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}

export function blockSize(block: Ipv4Block): number {
  return 2 ** (32 - block.prefix);
}

/** Whether two blocks share any address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  const aEnd = a.base + blockSize(a);
  const bEnd = b.base + blockSize(b);
  return a.base < bEnd && b.base < aEnd;
}

/** The `index`-th block of length `prefix` inside `parent`; throws when it does not fit. */
export function subBlock(parent: Ipv4Block, prefix: number, index: number): Ipv4Block {
  if (prefix < parent.prefix) {
    throw new Error(`/${prefix} is larger than its parent ${formatCidr(parent)}`);
  }
  const size = 2 ** (32 - prefix);
  if ((index + 1) * size > blockSize(parent)) {
    throw new Error(`Block ${index} of /${prefix} does not fit in ${formatCidr(parent)}`);
  }
  return { base: parent.base + index * size, prefix };
}

/** The longest prefix (smallest block) holding at least `addresses` addresses. */
export function prefixFor(addresses: number): number {
  return 32 - Math.ceil(Math.log2(Math.max(addresses, 1)));
}
