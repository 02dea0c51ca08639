import { Testing } from "cdktf";
import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformJson } from "./synth";

/** Synthesizes constructs in a test stack with the Google and random providers; returns the parsed JSON. */
export function synthGcpConstruct(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new GoogleProvider(scope, "google", { region: "us-east1" });
      new RandomProvider(scope, "random");
      build(scope);
    }),
  );
}

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
/** Every resource body of a synthesized stack with its type, for checks that span all resources. */
export function allResources(json: TerraformJson): Array<{ type: string; name: string; body: Record<string, any> }> {
  return Object.entries((json.resource ?? {}) as Record<string, Record<string, Record<string, any>>>).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ type, name, body })),
  );
}
