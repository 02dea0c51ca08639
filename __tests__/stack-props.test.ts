import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { PostgresMasterSecret } from "../lib/aws/postgres-master-secret";
import { flexibleServerSku } from "../lib/azure/postgres-flexible-server";
import { placePool } from "../lib/plan";
import { AzureRegionStack } from "../stacks/azure-region-stack";
import { CoderRegionStack } from "../stacks/coder-region-stack";
import { addDeployment } from "../stacks/deployment";
import { GcpRegionStack } from "../stacks/gcp-region-stack";
import { planOf, synthConstruct, synthDeployment } from "./support/synth";

/*
 * Constructors refuse props that would build a broken deployment, with a message naming what is
 * missing, before anything is synthesized. `addDeployment` always passes good props; these are the
 * library's users' mistakes.
 */

describe("stacks refuse what their region cannot be built without", () => {
  test("GcpRegionStack: the secondary region needs the primary's network", () => {
    const plan = planOf({ cloud: "gcp" });
    expect(() => new GcpRegionStack(new App(), "secondary", { plan, region: plan.secondary })).toThrow(/secondary region uses the primary's VPC; pass shared\.networkId/);
  });

  test("GcpRegionStack: a planned replica needs the primary database's name", () => {
    const plan = planOf({ cloud: "gcp" });
    expect(() => new GcpRegionStack(new App(), "secondary", { plan, region: plan.secondary, shared: { networkId: "net" } })).toThrow(/shared\.primaryDatabaseName is missing/);
  });

  test("CoderRegionStack: coderd in the primary region needs the database", () => {
    const plan = planOf();
    const connect = () => {
      throw new Error("connect must not run before the props are checked");
    };
    expect(() => new CoderRegionStack(new App(), "coder", { plan, region: plan.primary, cluster: {} as never, connect })).toThrow(
      /coderd runs in the primary region and needs the database/,
    );
  });
});

describe("constructs refuse props outside what the cloud accepts", () => {
  // Secrets Manager keeps versions by stage; the version number only drives `password_wo_version`,
  // which Terraform compares as a whole number that must change to write (aws provider docs).
  test.each([0, -1, 1.5])("PostgresMasterSecret: passwordVersion %p is refused", (passwordVersion) => {
    const props = { identifier: "db", password: "p", passwordVersion, username: "u", host: "h", port: 5432, databaseName: "coder", keyArn: "arn:key" };
    expect(() => synthConstruct((scope) => new PostgresMasterSecret(scope, "secret", props))).toThrow(/passwordVersion must be a whole number of at least 1, got/);
  });

  test("placePool: a pool needs at least one zone", () => {
    expect(() => placePool({ scaling: "static", maxNodes: 2 }, [])).toThrow(/no zones to place the pool in/);
    expect(() => placePool({ scaling: "autoscaling", maxNodes: 2 }, [])).toThrow(/no zones/);
  });
});

describe("what constructs report about themselves", () => {
  // Flexible Server SKU names carry the tier: B_ Burstable, GP_ General Purpose (azurerm docs, sku_name).
  test("flexibleServerSku: the tier prefix follows the machine type", () => {
    const database = planOf({ cloud: "azure" }).database;
    expect(flexibleServerSku({ ...database, instanceType: "Standard_D4ds_v5", burstable: false })).toBe("GP_Standard_D4ds_v5");
    expect(flexibleServerSku({ ...database, instanceType: "Standard_B2ms", burstable: true })).toBe("B_Standard_B2ms");
  });

  test.each([
    [[], true],
    [["203.0.113.0/24"], false],
  ])("AksCluster with API CIDRs %p: privateCluster is %p", (apiAllowedCidrs, privateCluster) => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "coder-refarch-stacks-")), stackTraces: false });
    const stacks = addDeployment(app, planOf({ cloud: "azure", coder: { enabled: false }, kubernetes: { apiAllowedCidrs } }));
    const clusters = stacks.filter((s): s is AzureRegionStack => s instanceof AzureRegionStack).map((s) => s.cluster);
    expect(clusters).toHaveLength(2);
    for (const cluster of clusters) expect(cluster.privateCluster).toBe(privateCluster);
  });
});

describe("addDeployment without the Coder layer", () => {
  test("returns every infrastructure stack, and each is still policy-checked", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "coder-refarch-stacks-")), stackTraces: false });
    const stacks: TerraformStack[] = addDeployment(app, planOf({ coder: { enabled: false } }));
    expect(stacks.map((s) => s.node.id).sort()).toEqual(["aws-us-east-1-addons", "aws-us-east-1-infra", "aws-us-west-2-addons", "aws-us-west-2-infra"]);
    const suppression = { rule: "AWS-EKS-002", reason: "the API is public for the office network during the pilot" };
    const synthesized = synthDeployment({ coder: { enabled: false }, policy: { suppressions: [suppression] } }).stacks;
    expect(Object.keys(synthesized)).toHaveLength(4);
    for (const stack of Object.values(synthesized)) expect(stack["//"]["coder-refarch"].policy_suppressions).toEqual([suppression]);
  });
});
