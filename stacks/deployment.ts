import { App, TerraformStack } from "cdktf";
import { DeploymentPlan } from "../lib/plan/types";

/** Stack names follow `<cloud>-<region>-<layer>`; a renamed stack is a new state, so they are an API. */
export function infraStackName(stackPrefix: string): string {
  return `${stackPrefix}-infra`;
}

/** Adds the deployment's stacks to an app: for each region, its infrastructure stack. */
export function addDeployment(app: App, plan: DeploymentPlan): TerraformStack[] {
  switch (plan.cloud) {
    case "aws": {
      // Each cloud's stack loads only when its cloud is deployed: a cloud's provider modules cost
      // about 0.3-0.5 s of start-up that another cloud's synth should not pay.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AwsRegionStack } = require("./aws-region-stack") as typeof import("./aws-region-stack");
      const primary = new AwsRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new AwsRegionStack(app, infraStackName(plan.secondary.stackPrefix), {
        plan,
        region: plan.secondary,
        primaryDatabaseArn: plan.database.replica ? primary.database?.instance.arn : undefined,
      });
      return [primary, secondary];
    }
    case "azure": {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AzureRegionStack } = require("./azure-region-stack") as typeof import("./azure-region-stack");
      // The secondary reads the primary (VNet, DNS zone, server) through cdktf cross-stack references.
      const primary = new AzureRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new AzureRegionStack(app, infraStackName(plan.secondary.stackPrefix), { plan, region: plan.secondary, primary });
      return [primary, secondary];
    }
    default:
      throw new Error(`The ${plan.cloud} deployment is not implemented in this release; only aws and azure are`);
  }
}
