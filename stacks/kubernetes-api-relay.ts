import { TerraformStack } from "cdktf";
import { variableSuffix } from "../lib/plan/coder-plan";
import { DeploymentPlan } from "../lib/plan/types";
import { InputVariable } from "../lib/terraform/input-variable";

/** The variable npm run deploy sets to the local end of a region's Session Manager port forward. */
export function kubernetesApiRelayVariableName(region: string): string {
  return `kubernetes_api_relay_${variableSuffix(region)}`;
}

/** Whether npm run deploy relays to the region's API through its bastion: private API, bastion on (AWS). */
export function usesApiRelay(plan: DeploymentPlan): boolean {
  return plan.cloud === "aws" && plan.aws.bastion && plan.primary.cluster.apiAllowedCidrs.length === 0;
}

/**
 * In a stack that talks to a region's Kubernetes API, the relay variable when the deploy relays
 * (`usesApiRelay`); undefined otherwise. Empty, the providers connect to the endpoint directly.
 */
export function kubernetesApiRelay(stack: TerraformStack, plan: DeploymentPlan, region: string): string | undefined {
  if (!usesApiRelay(plan)) return undefined;
  return new InputVariable(stack, kubernetesApiRelayVariableName(region), {
    type: "string",
    default: "",
    nullable: false,
    description: `Set by npm run deploy: https://127.0.0.1:<port>, the local end of the Session Manager port forward through the ${region} bastion to the private Kubernetes API; empty connects directly`,
  }).stringValue;
}
