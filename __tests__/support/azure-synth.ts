import { Testing } from "cdktf";
import { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { DeploymentPlan } from "../../lib/plan";
import { planOf, SynthesizedDeployment, synthDeployment, TerraformJson } from "./synth";

/** The plan of an Azure config: `{ cloud: "azure" }` plus whatever the test changes. */
export function azurePlanOf(raw: Record<string, unknown> = {}): DeploymentPlan {
  return planOf({ cloud: "azure", ...raw });
}

/** Synthesizes a whole Azure deployment, as `cdktf synth` would. */
export function synthAzureDeployment(raw: Record<string, unknown> = {}): SynthesizedDeployment {
  return synthDeployment({ cloud: "azure", ...raw });
}

/** Synthesizes constructs in a test stack with the azurerm and random providers; returns the parsed JSON. */
export function synthAzureConstruct(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new AzurermProvider(scope, "azurerm", { features: [{}] });
      new RandomProvider(scope, "random");
      build(scope);
    }),
  );
}

/** Every resource of a stack with its type, for checks that run over all of them. */
export function allResources(json: TerraformJson): { type: string; name: string; body: TerraformJson }[] {
  return Object.entries((json.resource ?? {}) as Record<string, Record<string, TerraformJson>>).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ type, name, body })),
  );
}
