import { Construct } from "constructs";
import { CloudSqlDatabase } from "../lib/gcp/cloud-sql-database";
import { DatabasePassword } from "../lib/gcp/database-password";
import { GkeNodePool } from "../lib/gcp/gke-node-pool";
import { RegionSubnet } from "../lib/gcp/region-subnet";
import { PoolPlan } from "../lib/plan";
import { gkeClusterIn, synthGcpConstruct } from "./support/gcp-synth";
import { onlyResource, planOf, resources } from "./support/synth";

const plan = planOf({ cloud: "gcp" });
const region = plan.primary;
const workspace = region.pools.find((p) => p.role === "workspace")!;
const coderd = region.pools.find((p) => p.role === "coderd")!;

const cluster = (scope: Construct, name = region.cluster.name) => gkeClusterIn(scope, region, { name });

function pool(p: PoolPlan) {
  return synthGcpConstruct((scope) => {
    const { cluster: c, account } = cluster(scope);
    new GkeNodePool(scope, "pool", { cluster: c, pool: p, serviceAccount: account, labels: {} });
  });
}

describe("GkeNodePool", () => {
  test("an autoscaling pool with a minimum per zone starts there, and the autoscaler owns the size afterwards", () => {
    const json = pool({ ...workspace, minNodes: 6 });
    const body = onlyResource(json, "google_container_node_pool");
    expect(body).toMatchObject({ initial_node_count: 2, autoscaling: { total_min_node_count: 6, total_max_node_count: 64 } });
    expect(body.node_count).toBeUndefined();
    expect(body.lifecycle).toEqual({ ignore_changes: ["initial_node_count"] });
  });

  test("a minimum below one node per zone starts empty and leaves the rest to the autoscaler", () => {
    expect(onlyResource(pool(workspace), "google_container_node_pool").initial_node_count).toBeUndefined();
  });

  test("the pool waits for its service account's grants", () => {
    const body = onlyResource(pool(coderd), "google_container_node_pool");
    expect(body.depends_on).toHaveLength(2);
    expect(body.depends_on.every((d: string) => d.startsWith("google_project_iam_member."))).toBe(true);
  });

  test.each([
    ["no zone placement", { ...coderd, placement: undefined }, /names no zones/],
    ["per-zone counts that miss the total", { ...coderd, placement: { zones: ["a", "b", "c"], nodesPerZone: 1, surgePerZone: 1 } }, /min = max = zones x nodes per zone/],
    ["more pods than GKE allows", { ...workspace, maxPodsPerNode: 300 }, /8-256/],
    ["a minimum above the maximum", { ...workspace, minNodes: 70 }, /min <= max/],
  ])("refuses %s", (_, p, message) => {
    expect(() => pool(p as PoolPlan)).toThrow(message);
  });
});

describe("GkeCluster", () => {
  test("refuses a name GKE would refuse (over 40 characters)", () => {
    expect(() => synthGcpConstruct((scope) => cluster(scope, "a-very-long-name-prefix-northamerica-northeast2"))).toThrow(/at most 40 characters/);
  });

  test("the endpoint is an https URL; the contract names the Workload Identity pool", () => {
    synthGcpConstruct((scope) => {
      const { cluster: c } = cluster(scope);
      expect(c.clusterEndpoint).toMatch(/^https:\/\/\$\{TfToken/);
      expect(c.workloadIdentity).toEqual({ kind: "gcp-workload-identity", issuer: "acme-coder.svc.id.goog" });
      expect(c.cloud).toBe("gcp");
    });
  });
});

describe("RegionSubnet", () => {
  test("refuses a network planned for another cloud", () => {
    const aws = planOf().primary.network;
    expect(() => synthGcpConstruct((scope) => new RegionSubnet(scope, "subnet", { plan: aws, region: "us-east1", networkId: "net" }))).toThrow(/zonal-subnets, not regional-subnet/);
  });

  test("refuses a flow sampling outside (0, 1]", () => {
    expect(() => synthGcpConstruct((scope) => new RegionSubnet(scope, "subnet", { plan: region.network, region: "us-east1", networkId: "net", flowSampling: 0 }))).toThrow(/flowSampling/);
  });
});

describe("CloudSqlDatabase and its password", () => {
  test("refuses PostgreSQL older than Coder supports", () => {
    expect(() =>
      synthGcpConstruct((scope) => new CloudSqlDatabase(scope, "db", { plan: { ...plan.database, postgresVersion: "12" }, region: "us-east1", networkId: "net", privateServiceAccess: scope.node.root as never, secretLocations: ["us-east1"], labels: {} })),
    ).toThrow(/13 or newer/);
  });

  test("a password secret with no replica location is refused; the secret is protected from deletion by default", () => {
    expect(() => synthGcpConstruct((scope) => new DatabasePassword(scope, "pw", { secretId: "x", replicaLocations: [], labels: {} }))).toThrow(/replicaLocations is empty/);
    const json = synthGcpConstruct((scope) => new DatabasePassword(scope, "pw", { secretId: "coder-password", replicaLocations: ["us-east1", "us-west1"], labels: {} }));
    expect(onlyResource(json, "google_secret_manager_secret").deletion_protection).toBe(true);
    expect(resources(json, "random_password")[0]).toMatchObject({ length: 32, special: false });
  });
});
