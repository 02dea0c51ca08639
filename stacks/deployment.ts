import { App, Aspects, TerraformStack } from "cdktf";
import { IKubernetesCluster } from "../lib/contracts/cluster";
import { IPostgresDatabase } from "../lib/contracts/database";
import { ICoderIngress } from "../lib/contracts/coder-ingress";
import { DeploymentPlan } from "../lib/plan/types";
import { PolicyAspect } from "../lib/policy/aspect";
import { POLICY_RULES } from "../lib/policy/check";
import { impliedSuppressions } from "../lib/policy/implied-suppressions";
import { HclMetaArguments } from "../lib/terraform/hcl-meta-arguments";
import type { CoderRegionStackProps } from "./coder-region-stack";

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
const coderStacks = () => require("./coder-region-stack") as typeof import("./coder-region-stack");
const clusterAddonsStacks = () => require("./cluster-addons-stack") as typeof import("./cluster-addons-stack");
const awsCoder = () => require("./aws-coder-connection") as typeof import("./aws-coder-connection");
const gcpCoder = () => require("./gcp-coder-connection") as typeof import("./gcp-coder-connection");
const azureCoder = () => require("./azure-coder-connection") as typeof import("./azure-coder-connection");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The stack of a region's Coder layer. */
export function coderStackName(stackPrefix: string): string {
  return `${stackPrefix}-coder`;
}

/**
 * Adds the deployment's stacks to an app: for each region, its infrastructure stack; on AWS, where
 * the region has an autoscaling pool, its add-ons stack; then, unless `coder.enabled` is false, its
 * Coder stack. Each layer is deployed after the one it reads. Every stack is checked by the cloud's
 * policy rules (an Aspect per stack: aspects on the App never run) and lists the config's rule
 * suppressions in its output.
 */
export function addDeployment(app: App, plan: DeploymentPlan): TerraformStack[] {
  const stacks = addCloudStacks(app, plan);
  const suppressions = [...plan.policy.suppressions, ...impliedSuppressions(plan)];
  for (const stack of stacks) {
    Aspects.of(stack).add(new PolicyAspect({ rules: POLICY_RULES[plan.cloud], suppressions }));
    Aspects.of(stack).add(new HclMetaArguments());
    if (suppressions.length > 0) stack.addOverride("//.coder-refarch.policy_suppressions", suppressions);
  }
  return stacks;
}

/** A region's infrastructure stack, as the Coder layer reads it: its cluster, (primary) database and public entry contracts. */
type RegionInfraStack = TerraformStack & { readonly cluster: IKubernetesCluster; readonly database?: IPostgresDatabase; readonly coderIngress?: ICoderIngress };

/** What each cloud contributes: its two infrastructure stacks, any add-on stacks, and how its Coder stacks connect. */
interface CloudStacks {
  readonly infra: readonly [primary: RegionInfraStack, secondary: RegionInfraStack];
  readonly addons: readonly TerraformStack[];
  readonly connect: () => CoderRegionStackProps["connect"];
}

function addCloudStacks(app: App, plan: DeploymentPlan): TerraformStack[] {
  const { infra, addons, connect } = cloudStacks(app, plan);
  if (!plan.coder.enabled) return [...infra, ...addons];
  const { CoderRegionStack } = coderStacks();
  const connectRegion = connect();
  const coder = infra.map((stack, i) => {
    const region = i === 0 ? plan.primary : plan.secondary;
    const coderStack = new CoderRegionStack(app, coderStackName(region.stackPrefix), {
      plan,
      region,
      cluster: stack.cluster,
      database: stack.database,
      ingress: stack.coderIngress,
      connect: connectRegion,
    });
    // No reference leads there, but the coder stack's certificates are cert-manager resources, whose
    // CRDs the region's add-ons stack installs: cdktf must deploy that first.
    const regionAddons = app.node.tryFindChild(addonsStackName(region.stackPrefix));
    if (regionAddons instanceof TerraformStack) coderStack.addDependency(regionAddons);
    return coderStack;
  });
  return [...infra, ...addons, ...coder];
}

/** On GKE and AKS, an add-ons stack per region whose coderd or proxy gets ACME certificates: cert-manager. */
function certManagerStacks(app: App, plan: DeploymentPlan, infra: readonly RegionInfraStack[], connect: CoderRegionStackProps["connect"]): TerraformStack[] {
  if (!plan.coder.enabled) return [];
  const { ClusterAddonsStack } = clusterAddonsStacks();
  return infra.flatMap((stack, i) => {
    const identity = stack.coderIngress?.certManagerIdentity;
    const region = i === 0 ? plan.primary : plan.secondary;
    return identity ? [new ClusterAddonsStack(app, addonsStackName(region.stackPrefix), { plan, cluster: stack.cluster, certManagerIdentity: identity, connect })] : [];
  });
}

function cloudStacks(app: App, plan: DeploymentPlan): CloudStacks {
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
        .filter((infra) => infra.autoscalerRole || infra.coderIngress?.certManagerIdentity)
        .map((infra) => {
          const region = infra === primary ? plan.primary : plan.secondary;
          return new (awsAddonsStacks().AwsClusterAddonsStack)(app, addonsStackName(region.stackPrefix), { plan, region, infra });
        });
      return { infra: [primary, secondary], addons, connect: () => awsCoder().awsCoderConnection(plan) };
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
      const connect = gcpCoder().gcpCoderConnection(plan);
      return { infra: [primary, secondary], addons: certManagerStacks(app, plan, [primary, secondary], connect), connect: () => connect };
    }
    case "azure": {
      const { AzureRegionStack } = azureStacks();
      // The secondary reads the primary (VNet, DNS zone, server) through cdktf cross-stack references.
      const primary = new AzureRegionStack(app, infraStackName(plan.primary.stackPrefix), { plan, region: plan.primary });
      const secondary = new AzureRegionStack(app, infraStackName(plan.secondary.stackPrefix), { plan, region: plan.secondary, primary });
      const connect = azureCoder().azureCoderConnection(plan);
      return { infra: [primary, secondary], addons: certManagerStacks(app, plan, [primary, secondary], connect), connect: () => connect };
    }
    default:
      throw new Error(`The ${plan.cloud} deployment is not implemented in this release`);
  }
}
