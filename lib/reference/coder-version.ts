/**
 * The Coder release every chart is pinned to by default: 2.34 is the Extended Support Release of
 * Coder's mid-2026 release calendar (security fixes for about six months, where mainline releases
 * get one), and 2.34.9 its newest patch seen published, the first of the line outside both
 * advisories in lib/reference/coder-advisories.ts (github.com/coder/coder/releases/tag/v2.34.9).
 * Chart version = Coder version without the `v` (helm/coder/Chart.yaml); `coder` and
 * `coder-provisioner` stay at the same version. The Helm values are checked against this version's
 * charts (`__tests__/fixtures/charts/`).
 */
export const CODER_VERSION = "2.34.9";
