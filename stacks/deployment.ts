import { App, TerraformStack } from "cdktf";
import { DeploymentPlan } from "../lib/plan/types";
import { AwsRegionStack } from "./aws-region-stack";
import { awsCoderConnection } from "./aws-coder-connection";
import { CoderRegionStack } from "./coder-region-stack";

/** Stack names follow `<cloud>-<region>-<layer>`; a renamed stack is a new state, so they are an API. */
export function infraStackName(stackPrefix: string): string {
  return `${stackPrefix}-infra`;
}

/** The stack of a region's Coder layer. */
export function coderStackName(stackPrefix: string): string {
  return `${stackPrefix}-coder`;
}

/** Adds the deployment's stacks to an app: for each region, its infrastructure stack, then (unless `coder.enabled` is false) its Coder stack. */
export function addDeployment(app: App, plan: DeploymentPlan): TerraformStack[] {
  switch (plan.cloud) {
    case "aws": {
      const primary = new AwsRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new AwsRegionStack(app, infraStackName(plan.secondary.stackPrefix), {
        plan,
        region: plan.secondary,
        primaryDatabaseArn: plan.database.replica ? primary.database?.instance.arn : undefined,
      });
      if (!plan.coder.enabled) return [primary, secondary];
      const connect = awsCoderConnection(plan);
      const coder = [
        { region: plan.primary, infra: primary },
        { region: plan.secondary, infra: secondary },
      ].map(
        ({ region, infra }) =>
          new CoderRegionStack(app, coderStackName(region.stackPrefix), { plan, region, cluster: infra.cluster, database: infra.database, connect }),
      );
      return [primary, secondary, ...coder];
    }
    default:
      throw new Error(`The ${plan.cloud} deployment is not implemented in this release; only aws is`);
  }
}
