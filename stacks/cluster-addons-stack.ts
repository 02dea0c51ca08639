import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { CertManager } from "../lib/coder/cert-manager";
import { IKubernetesCluster } from "../lib/contracts/cluster";
import { CertManagerIdentity } from "../lib/contracts/coder-ingress";
import { DeploymentPlan } from "../lib/plan/types";
import { configureBackend } from "../lib/terraform/backend";
import type { CoderRegionStackProps } from "./coder-region-stack";

export interface ClusterAddonsStackProps {
  readonly plan: DeploymentPlan;
  /** The region's cluster, from its infrastructure stack. */
  readonly cluster: IKubernetesCluster;
  /** The cloud identity cert-manager acts as, from the infrastructure stack. */
  readonly certManagerIdentity: CertManagerIdentity;
  /** The cloud's part: configures the Kubernetes and Helm providers in the stack. */
  readonly connect: CoderRegionStackProps["connect"];
}

/**
 * The cluster add-ons the Coder layer needs on GKE and AKS (`<cloud>-<region>-addons`): cert-manager
 * with its CRDs, in a stack before the coder stack, whose ClusterIssuer and Certificate Terraform can
 * plan only once the CRDs exist. (On EKS the add-ons stack also holds the Cluster Autoscaler:
 * AwsClusterAddonsStack.)
 */
export class ClusterAddonsStack extends TerraformStack {
  readonly certManager: CertManager;

  constructor(scope: Construct, id: string, props: ClusterAddonsStackProps) {
    super(scope, id);
    configureBackend(this, props.plan.backend, id);
    const { access } = props.connect(this, props.cluster);
    this.certManager = new CertManager(this, "cert-manager", { identity: props.certManagerIdentity, placement: access.addonPlacement });
  }
}
