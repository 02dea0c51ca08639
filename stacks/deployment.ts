import { App, TerraformStack } from "cdktf";
import { DeploymentPlan } from "../lib/plan/types";

/** Stack names follow `<cloud>-<region>-<layer>`; a renamed stack is a new state, so they are an API. */
export function infraStackName(stackPrefix: string): string {
  return `${stackPrefix}-infra`;
}

/** The layer of Helm releases a cluster's infrastructure needs (Cluster Autoscaler). */
export function addonsStackName(stackPrefix: string): string {
  return `${stackPrefix}-addons`;
}

/*
 * Each cloud's stacks are loaded only when that cloud is deployed: their provider modules take
 * hundreds of milliseconds to load, which every run of the app would otherwise pay for every cloud.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const awsStacks = () => require("./aws-region-stack") as typeof import("./aws-region-stack");
const awsAddonsStacks = () => require("./aws-cluster-addons-stack") as typeof import("./aws-cluster-addons-stack");
const gcpStacks = () => require("./gcp-region-stack") as typeof import("./gcp-region-stack");
const azureStacks = () => require("./azure-region-stack") as typeof import("./azure-region-stack");
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Adds the deployment's stacks to an app: for each region, its infrastructure stack, and on AWS,
 * where the region has an autoscaling pool, its add-ons stack (deployed after it).
 */
export function addDeployment(app: App, plan: DeploymentPlan): TerraformStack[] {
  switch (plan.cloud) {
    case "aws": {
      const { AwsRegionStack } = awsStacks();
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
          return new (awsAddonsStacks().AwsClusterAddonsStack)(app, addonsStackName(region.stackPrefix), { plan, region, infra });
        });
      return [primary, secondary, ...addons];
    }
    case "gcp": {
      const { GcpRegionStack } = gcpStacks();
      // The primary owns the global VPC; the secondary reads it (and the database name) from the primary's state.
      const primary = new GcpRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new GcpRegionStack(app, infraStackName(plan.secondary.stackPrefix), {
        plan,
        region: plan.secondary,
        shared: { networkId: primary.networkId, primaryDatabaseName: plan.database.replica ? primary.database?.instanceName : undefined },
      });
      return [primary, secondary];
    }
    case "azure": {
      const { AzureRegionStack } = azureStacks();
      // The secondary reads the primary (VNet, DNS zone, server) through cdktf cross-stack references.
      const primary = new AzureRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new AzureRegionStack(app, infraStackName(plan.secondary.stackPrefix), { plan, region: plan.secondary, primary });
      return [primary, secondary];
    }
    default:
      throw new Error(`The ${plan.cloud} deployment is not implemented in this release`);
  }
}
