import { Testing } from "cdktf";
import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { GkeCluster } from "../../lib/gcp/gke-cluster";
import { GkeNodeServiceAccount } from "../../lib/gcp/gke-node-service-account";
import { GkeSecretsKey } from "../../lib/gcp/gke-secrets-key";
import { RegionPlan } from "../../lib/plan";
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

/** A region's GKE cluster with its node service account and secrets key, as the region stack builds them. */
export function gkeClusterIn(
  scope: Construct,
  region: RegionPlan,
  { name = region.cluster.name, zones = region.zones! }: { name?: string; zones?: readonly string[] } = {},
): { cluster: GkeCluster; account: GkeNodeServiceAccount } {
  const account = new GkeNodeServiceAccount(scope, "nodes", { name, projectId: "acme-coder" });
  const secretsKey = new GkeSecretsKey(scope, "key", { clusterName: name, region: region.region, projectNumber: "123456789012", labels: {} });
  const cluster = new GkeCluster(scope, "cluster", {
    plan: { ...region.cluster, name },
    zones,
    networkId: "net",
    subnetId: "subnet",
    podRangeName: "pods",
    serviceRangeName: "services",
    nodeServiceAccountEmail: account.email,
    secretsKey,
    projectId: "acme-coder",
    labels: {},
  });
  return { cluster, account };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
/** Every resource body of a synthesized stack with its type, for checks that span all resources. */
export function allResources(json: TerraformJson): Array<{ type: string; name: string; body: Record<string, any> }> {
  return Object.entries((json.resource ?? {}) as Record<string, Record<string, Record<string, any>>>).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ type, name, body })),
  );
}
