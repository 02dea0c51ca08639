/**
 * Helm charts of the cluster add-ons the Coder layer needs besides Coder's own, pinned. Bump a
 * version here with its source; the values the constructs set are the keys of that version.
 */
export interface AddonChart {
  /** Helm repository (OCI registries as `oci://...`). */
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  readonly source: string;
}

/**
 * cert-manager v1.21.1 (2026-07-29), the newest stable release. The OCI chart is the one cert-manager
 * recommends: "the OCI Helm charts are the source of truth and are published immediately upon
 * release" (cert-manager.io/docs/installation/helm). Chart versions carry the `v`.
 */
export const CERT_MANAGER_CHART: AddonChart = {
  repository: "oci://quay.io/jetstack/charts",
  chart: "cert-manager",
  version: "v1.21.1",
  source: "github.com/cert-manager/cert-manager/releases/tag/v1.21.1",
};

/**
 * Stakater Reloader, chart 2.2.16 (app v1.4.21, 2026-08-10), pushed signed to its OCI registry by
 * the project's release workflow (stakater/Reloader .github/workflows/push-helm-chart.yaml).
 */
export const RELOADER_CHART: AddonChart = {
  repository: "oci://ghcr.io/stakater/charts",
  chart: "reloader",
  version: "2.2.16",
  source: "github.com/stakater/Reloader/releases/tag/v1.4.21",
};
