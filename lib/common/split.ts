/** How a tier's node count is shared between the two regions. */
export interface RegionSplit {
  readonly primary: number;
  readonly secondary: number;
}

/**
 * Resolves a split: both shares given must add up to the total; one share given leaves the rest to
 * the other region; none given splits evenly (the primary takes the odd node). Returns the reason
 * when the shares cannot add up.
 */
export function resolveSplit(
  total: number,
  primary: number | undefined,
  secondary: number | undefined,
): RegionSplit | string {
  if (primary === undefined && secondary === undefined) {
    const half = Math.floor(total / 2);
    return { primary: total - half, secondary: half };
  }
  const p = primary ?? total - (secondary as number);
  const s = secondary ?? total - p;
  if (p < 0 || s < 0 || p + s !== total) {
    return `the two regions' shares must add up to ${total}; got ${p} + ${s} = ${p + s}`;
  }
  return { primary: p, secondary: s };
}

/**
 * Splits a whole number into `parts` shares that differ by at most one and add up exactly to the
 * total; the first shares take the remainder (e.g. 64 over 3: 22, 21, 21; 1 over 3: 1, 0, 0).
 */
export function splitEvenly(total: number, parts: number): number[] {
  if (!Number.isInteger(total) || total < 0 || !Number.isInteger(parts) || parts < 1) {
    throw new Error(`splitEvenly: needs a whole total >= 0 and parts >= 1, got ${total} and ${parts}`);
  }
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}
