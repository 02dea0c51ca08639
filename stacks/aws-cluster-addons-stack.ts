import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { ClusterAutoscaler } from "../lib/aws/cluster-autoscaler";
import { CertManager } from "../lib/coder/cert-manager";
import { systemPoolPlacement } from "../lib/plan/pool-role";
import { eksApiConnection } from "../lib/aws/eks-kubernetes-access";
import { DeploymentPlan, RegionPlan } from "../lib/plan/types";
import { configureBackend } from "../lib/terraform/backend";
import { AwsRegionStack } from "./aws-region-stack";
import { kubernetesApiRelay } from "./kubernetes-api-relay";

export interface AwsClusterAddonsStackProps {
  readonly plan: DeploymentPlan;
  readonly region: RegionPlan;
  /** The region's infrastructure stack: cluster endpoint, CA and the autoscaler's role come from its state. */
  readonly infra: AwsRegionStack;
}

/**
 * What runs inside one region's cluster that the infrastructure and the Coder layer need (Cluster
 * Autoscaler; cert-manager, whose CRDs the coder stack's certificates need at plan time), as Helm
 * releases. A layer of its own because the Helm provider is configured from the cluster's
 * endpoint: in the stack that creates the cluster that value is unknown at plan time, and a
 * replaced cluster would leave the provider pointing at the old one. The provider authenticates
 * with a short-lived EKS token from `aws eks get-token` (exec) at each run, so no credential is
 * stored in configuration, state or outputs. It needs the API reachable from where it runs (see
 * the README: allowed CIDRs, the bastion's port forward, or an in-VPC runner).
 */
export class AwsClusterAddonsStack extends TerraformStack {
  readonly clusterAutoscaler?: ClusterAutoscaler;
  readonly certManager?: CertManager;

  constructor(scope: Construct, id: string, props: AwsClusterAddonsStackProps) {
    super(scope, id);
    const { plan, region, infra } = props;
    const certManagerIdentity = infra.coderIngress?.certManagerIdentity;
    if (!infra.autoscalerRole && !certManagerIdentity) {
      throw new Error(`AwsClusterAddonsStack ${id}: ${infra.node.id} has neither an autoscaling pool nor ACME certificates: no add-on to install`);
    }
    configureBackend(this, plan.backend, id);
    new HelmProvider(this, "helm", { kubernetes: eksApiConnection(infra.cluster, kubernetesApiRelay(this, plan, region.region)) });
    if (infra.autoscalerRole) {
      this.clusterAutoscaler = new ClusterAutoscaler(this, "cluster-autoscaler", {
        clusterName: region.cluster.name,
        region: region.region,
        kubernetesVersion: region.cluster.kubernetesVersion,
        roleArn: infra.autoscalerRole.arn,
      });
    }
    if (certManagerIdentity) {
      this.certManager = new CertManager(this, "cert-manager", { identity: certManagerIdentity, placement: systemPoolPlacement() });
    }
  }
}
