import { App, TerraformStack } from "cdktf";
import { DeploymentPlan } from "../lib/plan/types";
import { AwsClusterAddonsStack } from "./aws-cluster-addons-stack";
import { AwsRegionStack } from "./aws-region-stack";

/** Stack names follow `<cloud>-<region>-<layer>`; a renamed stack is a new state, so they are an API. */
export function infraStackName(stackPrefix: string): string {
  return `${stackPrefix}-infra`;
}

/** The layer of Helm releases a cluster's infrastructure needs (Cluster Autoscaler). */
export function addonsStackName(stackPrefix: string): string {
  return `${stackPrefix}-addons`;
}

/**
 * Adds the deployment's stacks to an app: for each region, its infrastructure stack, and where the
 * region has an autoscaling pool, its add-ons stack (deployed after it).
 */
export function addDeployment(app: App, plan: DeploymentPlan): TerraformStack[] {
  switch (plan.cloud) {
    case "aws": {
      const primary = new AwsRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new AwsRegionStack(app, infraStackName(plan.secondary.stackPrefix), {
        plan,
        region: plan.secondary,
        primaryDatabaseArn: plan.database.replica ? primary.database?.instance.arn : undefined,
      });
      const addons = [primary, secondary]
        .filter((infra) => infra.autoscalerRole)
        .map((infra) => {
          const region = infra === primary ? plan.primary : plan.secondary;
          return new AwsClusterAddonsStack(app, addonsStackName(region.stackPrefix), { plan, region, infra });
        });
      return [primary, secondary, ...addons];
    }
    default:
      throw new Error(`The ${plan.cloud} deployment is not implemented in this release; only aws is`);
  }
}
