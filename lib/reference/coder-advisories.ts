/**
 * Coder security advisories that decide which chart versions this project deploys: a version inside
 * an advisory's affected range is refused (the config check names the advisory and the fixed
 * release of the version's line). Add an advisory here when Coder publishes one; the pinned
 * version's test fails until the pin moves past it.
 */
export interface CoderAdvisory {
  readonly id: string;
  readonly title: string;
  /** The first fixed patch of each release line (`major.minor` -> patch); lines not listed and older are affected. */
  readonly fixedIn: Readonly<Record<string, number>>;
  /** The first release line that was never affected. */
  readonly unaffectedFrom: string;
  readonly source: string;
}

export const CODER_ADVISORIES: readonly CoderAdvisory[] = [
  {
    id: "GHSA-h58h-qvv5-xvwg",
    title: "workspace proxy hostname prefix match lets another domain take a workspace app credential",
    fixedIn: { "2.29": 20, "2.33": 12, "2.34": 8, "2.35": 4 },
    unaffectedFrom: "2.36",
    source: "https://github.com/coder/coder/security/advisories/GHSA-h58h-qvv5-xvwg",
  },
  {
    id: "GHSA-vx42-ghc9-gw65",
    title: "malicious packages served from an unauthorized registry server (cached modules purged by the fix)",
    fixedIn: { "2.34": 9, "2.35": 7, "2.36": 4 },
    unaffectedFrom: "2.37",
    source: "https://github.com/coder/coder/security/advisories/GHSA-vx42-ghc9-gw65",
  },
];

const parse = (version: string) => version.split(".").map(Number);

/** Whether `a` (major.minor) is at least `b`. */
function lineAtLeast(a: readonly number[], b: readonly number[]): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] >= b[1];
}

/** The advisories an exact Coder version (`2.34.9`) is affected by, each with the fix of its line. */
export function advisoriesAffecting(version: string): { readonly advisory: CoderAdvisory; readonly fixedIn: string }[] {
  const [major, minor, patch] = parse(version);
  return CODER_ADVISORIES.flatMap((advisory) => {
    if (lineAtLeast([major, minor], parse(advisory.unaffectedFrom))) return [];
    const line = `${major}.${minor}`;
    const fixedPatch = advisory.fixedIn[line];
    if (fixedPatch !== undefined && patch >= fixedPatch) return [];
    return [{ advisory, fixedIn: fixedPatch !== undefined ? `${line}.${fixedPatch}` : `${advisory.unaffectedFrom}.0` }];
  });
}
