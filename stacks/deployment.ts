import { App, Aspects, TerraformStack } from "cdktf";
import { DeploymentPlan } from "../lib/plan/types";
import { PolicyAspect } from "../lib/policy/aspect";
import { POLICY_RULES } from "../lib/policy/check";
import { AwsRegionStack } from "./aws-region-stack";

/** Stack names follow `<cloud>-<region>-<layer>`; a renamed stack is a new state, so they are an API. */
export function infraStackName(stackPrefix: string): string {
  return `${stackPrefix}-infra`;
}

/**
 * Adds the deployment's stacks to an app, each checked by the cloud's policy rules (an Aspect per
 * stack: aspects on the App never run) and listing the config's rule suppressions in its output.
 */
export function addDeployment(app: App, plan: DeploymentPlan): TerraformStack[] {
  const stacks = addCloudStacks(app, plan);
  const { suppressions } = plan.policy;
  for (const stack of stacks) {
    Aspects.of(stack).add(new PolicyAspect({ rules: POLICY_RULES[plan.cloud], suppressions }));
    if (suppressions.length > 0) stack.addOverride("//.coder-refarch.policy_suppressions", suppressions);
  }
  return stacks;
}

function addCloudStacks(app: App, plan: DeploymentPlan): TerraformStack[] {
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
    default:
      throw new Error(`The ${plan.cloud} deployment is not implemented in this release; only aws is`);
  }
}
