import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { AddonPlacement } from "../contracts/kubernetes-access";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_SERVICE_ACCOUNT, CertManagerIdentity } from "../contracts/coder-ingress";
import { AddonChart, CERT_MANAGER_CHART } from "../reference/addon-charts";
import { addonRelease, placementValues } from "./addon-release";

/**
 * Requests of cert-manager's three Deployments. The chart sets none (`resources: {}`), which would
 * leave them unaccounted for on the system pool; these are what an idle cert-manager with a handful
 * of certificates uses, rounded up.
 */
export const CERT_MANAGER_REQUESTS = {
  controller: { cpu: "20m", memory: "64Mi" },
  webhook: { cpu: "10m", memory: "32Mi" },
  cainjector: { cpu: "10m", memory: "64Mi" },
} as const;

export interface CertManagerProps {
  /** The cloud identity the controller acts as for the DNS-01 solver (workload identity). */
  readonly identity: CertManagerIdentity;
  /** The system pool. */
  readonly placement: AddonPlacement;
  /** @default CERT_MANAGER_CHART */
  readonly chart?: AddonChart;
  /** What must exist first (the identity's grants). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * cert-manager, pinned, with its CRDs, on the system pool, running as the cloud identity that may
 * answer DNS-01 challenges in the zone of Coder's domain. It lives in a stack of its own before the
 * coder stacks: their ClusterIssuer and Certificate are custom resources, which Terraform can plan
 * only once the CRDs exist (hashicorp/terraform-provider-kubernetes issue 1367). The CRDs stay on
 * uninstall (`crds.keep`, the chart's default), so removing the release never deletes certificates.
 */
export class CertManager extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    const chart = props.chart ?? CERT_MANAGER_CHART;
    const placement = placementValues(props.placement);
    const podLabels = props.identity.podLabels;
    const values = {
      crds: { enabled: true, keep: true },
      // Its leases in its own namespace, not kube-system.
      global: { leaderElection: { namespace: CERT_MANAGER_NAMESPACE } },
      serviceAccount: { name: CERT_MANAGER_SERVICE_ACCOUNT, annotations: { ...props.identity.serviceAccountAnnotations } },
      ...(Object.keys(podLabels).length > 0 ? { podLabels: { ...podLabels } } : {}),
      resources: { requests: CERT_MANAGER_REQUESTS.controller },
      ...placement,
      webhook: { resources: { requests: CERT_MANAGER_REQUESTS.webhook }, ...placement },
      cainjector: { resources: { requests: CERT_MANAGER_REQUESTS.cainjector }, ...placement },
      startupapicheck: placement,
    };
    this.release = addonRelease(this, "release", {
      name: "cert-manager",
      namespace: CERT_MANAGER_NAMESPACE,
      createNamespace: true,
      chart,
      values,
      dependsOn: props.dependsOn,
    });
  }
}
