/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values are untyped JSON */

/**
 * Where each chart this project installs keeps the pod settings of each Deployment it renders:
 * replicas, requests, node selector, tolerations, affinity, spread. Charts disagree (Coder's under
 * `coder`, Reloader's under `reloader.deployment`, cert-manager one block per component), so the
 * scheduling simulation reads a release through this table; a chart missing here is an error, never
 * a release the simulation silently leaves out.
 */
export interface ChartPods {
  /** The Deployment's name as the chart renders it. */
  readonly name: string;
  /** The values block holding the pod settings (`replicaCount` or `replicas`, `resources`, ...). */
  readonly settings: any;
  readonly replicas: number;
  /** The pod labels the chart sets, for PodDisruptionBudgets and anti-affinity to select on. */
  readonly labels: Readonly<Record<string, string>>;
}

type ChartReader = (values: any, releaseName: string) => ChartPods[];

const coderChart =
  (appName: string): ChartReader =>
  (values, releaseName) => [
    {
      name: releaseName,
      settings: values.coder ?? {},
      replicas: values.coder?.replicaCount ?? 1,
      // coder/coder helm/libcoder/templates/_helpers.tpl: coder.selectorLabels
      labels: { "app.kubernetes.io/name": appName, "app.kubernetes.io/instance": releaseName },
    },
  ];

/** The charts the stacks install, by chart name. Chart defaults are not modelled: unset requests count as zero. */
export const CHART_PODS: Readonly<Record<string, ChartReader>> = {
  coder: coderChart("coder"),
  "coder-provisioner": coderChart("coder-provisioner"),
  // cert-manager/cert-manager deploy/charts/cert-manager/values.yaml (v1.21.1): the controller at the
  // root, `webhook` and `cainjector` (unless `cainjector.enabled: false`) beside it; startupapicheck
  // is a post-install Job that ends.
  "cert-manager": (values, releaseName) => {
    const component = (suffix: string, settings: any, name: string): ChartPods => ({
      name: `${releaseName}${suffix}`,
      settings: settings ?? {},
      replicas: settings?.replicaCount ?? 1,
      labels: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": releaseName, "app.kubernetes.io/component": name === "cert-manager" ? "controller" : name },
    });
    return [
      component("", values, "cert-manager"),
      component("-webhook", values.webhook, "webhook"),
      ...(values.cainjector?.enabled === false ? [] : [component("-cainjector", values.cainjector, "cainjector")]),
    ];
  },
  // stakater/Reloader deployments/kubernetes/chart/reloader/values.yaml: everything under
  // reloader.deployment; templates/_helpers.tpl names objects <release>-reloader unless fullnameOverride.
  reloader: (values, releaseName) => [
    {
      name: values.fullnameOverride || `${releaseName}-reloader`,
      settings: values.reloader?.deployment ?? {},
      replicas: values.reloader?.deployment?.replicas ?? 1,
      labels: { app: values.fullnameOverride || `${releaseName}-reloader`, release: releaseName },
    },
  ],
  // kubernetes/autoscaler charts/cluster-autoscaler/values.yaml: root keys.
  "cluster-autoscaler": (values, releaseName) => [
    {
      name: releaseName,
      settings: values,
      replicas: values.replicaCount ?? 1,
      labels: { "app.kubernetes.io/name": "aws-cluster-autoscaler", "app.kubernetes.io/instance": releaseName },
    },
  ],
};

/** The Deployments a release renders, read through CHART_PODS. */
export function chartPods(chart: string, values: any, releaseName: string): ChartPods[] {
  const reader = CHART_PODS[chart];
  if (!reader) {
    throw new Error(`the scheduling simulation does not know where chart ${chart} (release ${releaseName}) keeps its pod settings; add it to CHART_PODS (lib/simulation/chart-pods.ts)`);
  }
  return reader(values, releaseName);
}
