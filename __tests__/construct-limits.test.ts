import { Construct } from "constructs";
import { TerraformVariable, Testing } from "cdktf";
import { PostgresDatabase } from "../lib/aws/postgres-database";
import { LogAnalyticsWorkspace } from "../lib/azure/log-analytics";
import { RegionResourceGroup } from "../lib/azure/resource-group";
import { GkeNodePool } from "../lib/gcp/gke-node-pool";
import { RegionSubnet } from "../lib/gcp/region-subnet";
import { CoderRelease } from "../lib/coder/coder-release";
import { BootstrapSecret } from "../lib/coder/bootstrap-secret";
import { jsonDocument } from "../lib/terraform/json-document";
import { PoolPlan } from "../lib/plan";
import { synthAzureConstruct } from "./support/azure-synth";
import { gkeClusterIn, synthGcpConstruct } from "./support/gcp-synth";
import { onlyResource, planOf, synthConstruct } from "./support/synth";

/**
 * Each construct refuses, in its constructor, what its cloud would refuse at apply time: exactly at
 * the limit it passes, one past it fails, and the message names the construct, the limit and the
 * value given.
 */
describe("AWS PostgresDatabase", () => {
  const plan = planOf().database;
  const placement = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], clientSecurityGroupIds: ["sg-nodes"] };
  const build = (change: object, subnetIds = placement.subnetIds) => () =>
    synthConstruct((scope) => new PostgresDatabase(scope, "database", { plan: { ...plan, ...change }, ...placement, subnetIds }));

  test("PostgreSQL 13 is the oldest Coder supports", () => {
    expect(build({ postgresVersion: "12" })).toThrow("PostgresDatabase database: Coder needs PostgreSQL 13 or newer, got 12");
    expect(onlyResource(build({ postgresVersion: "13" })(), "aws_db_instance").engine_version).toBe("13");
  });

  test("Multi-AZ needs two subnets; one is enough without it", () => {
    expect(build({}, ["subnet-a"])).toThrow("PostgresDatabase database: Multi-AZ needs subnets in at least 2 zones, got 1");
    expect(onlyResource(build({ highAvailability: false }, ["subnet-a"])(), "aws_db_instance").multi_az).toBe(false);
  });

  test("backups are kept at least 7 days", () => {
    expect(build({ backupRetentionDays: 6 })).toThrow("PostgresDatabase database: backupRetentionDays must be at least 7, got 6");
    expect(onlyResource(build({ backupRetentionDays: 7 })(), "aws_db_instance").backup_retention_period).toBe(7);
  });

  test("the password version is a whole number from 1", () => {
    const withVersion = (passwordVersion: number) => () =>
      synthConstruct((scope) => new PostgresDatabase(scope, "database", { plan, ...placement, passwordVersion }));
    expect(withVersion(1.5)).toThrow("PostgresDatabase database: passwordVersion must be a whole number of at least 1, got 1.5");
    expect(withVersion(0)).toThrow(/got 0$/);
    expect(withVersion(1)).not.toThrow();
  });
});

describe("GKE", () => {
  const plan = planOf({ cloud: "gcp" });
  const region = plan.primary;
  const workspace = region.pools.find((p) => p.role === "workspace")!;
  const coderd = region.pools.find((p) => p.role === "coderd")!;

  const withCluster = (scope: Construct, zones = region.zones!) => gkeClusterIn(scope, region, { zones });
  const pool = (p: PoolPlan) => () =>
    synthGcpConstruct((scope) => {
      const { cluster, account } = withCluster(scope);
      new GkeNodePool(scope, "pool", { cluster, pool: p, serviceAccount: account, labels: {} });
    });

  test("a cluster needs zones", () => {
    expect(() => synthGcpConstruct((scope) => withCluster(scope, []))).toThrow("GkeCluster cluster: zones is empty");
  });

  test("max pods per node: 8 to 256", () => {
    expect(pool({ ...workspace, maxPodsPerNode: 7 })).toThrow("GkeNodePool pool: max pods per node must be 8-256, got 7");
    expect(pool({ ...workspace, maxPodsPerNode: 257 })).toThrow("GkeNodePool pool: max pods per node must be 8-256, got 257");
    expect(onlyResource(pool({ ...workspace, maxPodsPerNode: 8 })(), "google_container_node_pool").max_pods_per_node).toBe(8);
    expect(onlyResource(pool({ ...workspace, maxPodsPerNode: 256 })(), "google_container_node_pool").max_pods_per_node).toBe(256);
  });

  test("an autoscaling pool needs min <= max and max >= 1", () => {
    expect(pool({ ...workspace, minNodes: 65 })).toThrow("GkeNodePool pool: need 0 <= min <= max and max >= 1; got min 65, max 64");
    expect(pool({ ...workspace, minNodes: 0, maxNodes: 0 })).toThrow("GkeNodePool pool: need 0 <= min <= max and max >= 1; got min 0, max 0");
    expect(pool({ ...workspace, minNodes: 64 })).not.toThrow();
  });

  test("a static pool is zones x nodes per zone, min = max", () => {
    expect(pool({ ...coderd, maxNodes: 3, minNodes: 3 })).toThrow(/^GkeNodePool pool: a static pool needs min = max = zones x nodes per zone; got min 3, max 3, 2 zones x 1$/);
    expect(pool({ ...coderd, minNodes: 1 })).toThrow(/got min 1, max 2, 2 zones x 1$/);
    expect(pool({ ...coderd, placement: { ...coderd.placement!, nodesPerZone: undefined } })).toThrow(/2 zones x \?$/);
    expect(pool({ ...coderd, placement: { ...coderd.placement!, zones: [] } })).toThrow(`GkeNodePool pool: the plan names no zones for pool ${coderd.name}; GKE regional pools count nodes per zone`);
  });

  test("flow log sampling is in (0, 1]", () => {
    const subnet = (flowSampling: number) => () =>
      synthGcpConstruct((scope) => new RegionSubnet(scope, "subnet", { plan: region.network, region: "us-east1", networkId: "net", flowSampling }));
    expect(subnet(0)).toThrow("RegionSubnet subnet: flowSampling must be in (0, 1], got 0");
    expect(subnet(1.01)).toThrow("RegionSubnet subnet: flowSampling must be in (0, 1], got 1.01");
    expect(onlyResource(subnet(1)(), "google_compute_subnetwork").log_config.flow_sampling).toBe(1);
  });
});

describe("Azure", () => {
  const placed = { resourceGroupName: "rg", location: "eastus", tags: { team: "platform" } };

  test("a resource group name holds at most 90 characters", () => {
    const group = (name: string) => () => synthAzureConstruct((scope) => new RegionResourceGroup(scope, "group", { name, location: "eastus", tags: {} }));
    expect(group("g".repeat(91))).toThrow("RegionResourceGroup group: resource group names hold at most 90 characters, got 91");
    expect(onlyResource(group("g".repeat(90))(), "azurerm_resource_group").name).toBe("g".repeat(90));
  });

  test("Log Analytics keeps logs 30 to 730 days, 90 unless told", () => {
    const logs = (retentionDays?: number) => () => synthAzureConstruct((scope) => new LogAnalyticsWorkspace(scope, "logs", { ...placed, name: "logs", retentionDays }));
    expect(logs(29)).toThrow("LogAnalyticsWorkspace logs: retention must be 30 to 730 days, got 29");
    expect(logs(731)).toThrow("LogAnalyticsWorkspace logs: retention must be 30 to 730 days, got 731");
    expect(onlyResource(logs(30)(), "azurerm_log_analytics_workspace").retention_in_days).toBe(30);
    expect(onlyResource(logs(730)(), "azurerm_log_analytics_workspace").retention_in_days).toBe(730);
    expect(onlyResource(logs()(), "azurerm_log_analytics_workspace")).toMatchObject({ retention_in_days: 90, sku: "PerGB2018" });
  });
});

describe("the Coder layer", () => {
  const coder = planOf().coder;
  const inStack = (build: (scope: Construct) => void) => () => Testing.synthScope(build);

  test("a bootstrap secret takes a reference to an ephemeral variable, never a literal", () => {
    const plan = coder.secondary.server!.sessionToken!;
    const props = { plans: [plan], revision: 1, count: 1 };
    expect(inStack((scope) => new BootstrapSecret(scope, "token", { ...props, values: { [plan.variable]: "s3cret" } }))).toThrow(
      `BootstrapSecret token: ${plan.variable} must be a reference to an ephemeral variable, not a literal`,
    );
    expect(inStack((scope) => new BootstrapSecret(scope, "token", { ...props, values: {} }))).toThrow(`BootstrapSecret token: no variable reference for ${plan.variable}`);
    expect(inStack((scope) => new BootstrapSecret(scope, "token", { ...props, plans: [] , values: {} }))).toThrow("BootstrapSecret token: no entries");
    expect(
      inStack((scope) => {
        const variable = new TerraformVariable(scope, "token", { type: "string", sensitive: true, default: "" });
        new BootstrapSecret(scope, "bootstrap", { ...props, values: { [plan.variable]: variable.stringValue } });
      }),
    ).not.toThrow();
  });

  test("a chart release pins an exact Coder version", () => {
    const release = (version: string) =>
      inStack((scope) => new CoderRelease(scope, "release", { coder: { ...coder, version }, chart: "coder", releaseName: "coder", namespace: "coder", values: { coder: { replicaCount: 1 } } as never }));
    for (const version of ["v2.34.9", "2.34", "~2.34.9", "2.34.9-rc.1", "latest"]) {
      expect(release(version)).toThrow(`CoderRelease release: the chart version must be an exact Coder version such as 2.34.9 (no "v", no range), got ${version}`);
    }
    expect(release("2.34.9")).not.toThrow();
    // A version inside a published advisory is refused, naming it and the fix.
    expect(release("2.34.7")).toThrow("CoderRelease release: Coder 2.34.7 is affected by GHSA-h58h-qvv5-xvwg (fixed in 2.34.8), GHSA-vx42-ghc9-gw65 (fixed in 2.34.9)");
  });
});

test("jsonDocument refuses an empty document, which would render on one line", () => {
  expect(() => jsonDocument({})).toThrow("jsonDocument: an empty document renders on one line; give it at least one key");
  expect(jsonDocument({ a: { b: 1 } })).toBe('{\n  "a": {\n    "b": 1\n  }\n}');
});
