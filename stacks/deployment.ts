import { App, TerraformStack } from "cdktf";
import { DeploymentPlan } from "../lib/plan/types";
import { AwsRegionStack } from "./aws-region-stack";
import { AzureRegionStack } from "./azure-region-stack";

/** Stack names follow `<cloud>-<region>-<layer>`; a renamed stack is a new state, so they are an API. */
export function infraStackName(stackPrefix: string): string {
  return `${stackPrefix}-infra`;
}

/** Adds the deployment's stacks to an app: for each region, its infrastructure stack. */
export function addDeployment(app: App, plan: DeploymentPlan): TerraformStack[] {
  switch (plan.cloud) {
    case "aws": {
      const primary = new AwsRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new AwsRegionStack(app, infraStackName(plan.secondary.stackPrefix), {
        plan,
        region: plan.secondary,
        primaryDatabaseArn: plan.database.replica ? primary.database?.instance.arn : undefined,
      });
      return [primary, secondary];
    }
    case "azure": {
      // The secondary reads the primary (VNet, DNS zone, server) through cdktf cross-stack references.
      const primary = new AzureRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new AzureRegionStack(app, infraStackName(plan.secondary.stackPrefix), { plan, region: plan.secondary, primary });
      return [primary, secondary];
    }
    default:
      throw new Error(`The ${plan.cloud} deployment is not implemented in this release; only aws and azure are`);
  }
}
