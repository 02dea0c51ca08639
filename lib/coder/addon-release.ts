import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { AddonPlacement } from "../contracts/kubernetes-access";
import { AddonChart } from "../reference/addon-charts";
import { helmValuesDocuments } from "../terraform/helm-values-documents";

/** A release of a pinned add-on chart (lib/reference/addon-charts.ts). */
export interface AddonReleaseProps {
  readonly name: string;
  readonly namespace: string;
  readonly chart: AddonChart;
  readonly values: Readonly<Record<string, unknown>>;
  /** @default false (the namespace exists) */
  readonly createNamespace?: boolean;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The release as every add-on is installed: at its pinned version, waiting for its pods, rolled back
 * when an upgrade fails (`atomic`) instead of left half-updated.
 */
export function addonRelease(scope: Construct, id: string, props: AddonReleaseProps): Release {
  return new Release(scope, id, {
    name: props.name,
    namespace: props.namespace,
    ...(props.createNamespace ? { createNamespace: true } : {}),
    repository: props.chart.repository,
    chart: props.chart.chart,
    version: props.chart.version,
    values: helmValuesDocuments(props.values),
    atomic: true,
    cleanupOnFail: true,
    wait: true,
    dependsOn: props.dependsOn,
  });
}

/** A pod's node selector and tolerations for the system pool; no tolerations key when there are none (a blank reads as forgotten). */
export function placementValues(placement: AddonPlacement): { nodeSelector: Record<string, string>; tolerations?: AddonPlacement["tolerations"][number][] } {
  return {
    nodeSelector: { ...placement.nodeSelector },
    ...(placement.tolerations.length > 0 ? { tolerations: [...placement.tolerations] } : {}),
  };
}
