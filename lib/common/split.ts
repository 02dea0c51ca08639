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
