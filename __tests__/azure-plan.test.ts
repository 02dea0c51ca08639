import { CLOUD_DEFAULTS, KNOWN_REGIONS, REGIONS_WITH_ZONES } from "../lib/reference";
import { AZURE_MAX_NAME_PREFIX, azureNameSuffix } from "../lib/plan/azure-names";
import { ConfigError } from "../lib/config/errors";
import { azurePlanOf } from "./support/azure-synth";
import { planOf } from "./support/synth";

function issuesOf(raw: Record<string, unknown>): string[] {
  try {
    azurePlanOf(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error("expected the config to be refused");
}

describe("the Azure plan", () => {
  const plan = azurePlanOf();

  test("default regions eastus and westus2, both with availability zones and in the known list", () => {
    expect([plan.primary.region, plan.secondary.region]).toEqual(["eastus", "westus2"]);
    for (const region of ["eastus", "westus2"]) {
      expect(KNOWN_REGIONS.azure).toContain(region);
      expect(REGIONS_WITH_ZONES.azure).toContain(region);
    }
    expect(KNOWN_REGIONS.azure).toEqual(expect.arrayContaining([...REGIONS_WITH_ZONES.azure!]));
  });

  test("AKS's own version range: 1.35 to 1.37, 1.36 by default", () => {
    expect(CLOUD_DEFAULTS.azure.kubernetes).toMatchObject({ default: "1.36", min: "1.35", max: "1.37" });
    expect(plan.primary.cluster.kubernetesVersion).toBe("1.36");
  });

  test("the vnet-subnets layout: node, private-endpoint and delegated PostgreSQL subnets inside the VNet, pods on the overlay", () => {
    expect(plan.primary.network.layout).toEqual({
      kind: "vnet-subnets",
      nodeSubnet: "10.0.0.0/24",
      privateEndpointSubnet: "10.0.1.0/24",
      postgresSubnet: "10.0.2.0/26",
      podCidr: "10.244.0.0/16",
      // 2 system + 2 coderd + 2 provisioner + 64 workspace, plus surge 1 + 1 + 1 + 7
      nodeCapacity: 80,
    });
    expect(plan.secondary.network.layout).toMatchObject({ nodeSubnet: "10.1.0.0/24", podCidr: "10.245.0.0/16" });
  });

  test("all 128 workspace nodes in one region still fit the subnet and the pod range", () => {
    const uneven = azurePlanOf({ regions: { primary: { workspaceNodes: 128, provisionerNodes: 3 } } });
    expect(uneven.primary.network.layout).toMatchObject({ nodeSubnet: "10.0.0.0/24", nodeCapacity: 2 + 1 + 2 + 1 + 3 + 1 + 128 + 13 });
  });

  test("a VNet too small for its subnets is refused naming the field and the size that fits", () => {
    expect(issuesOf({ regions: { secondary: { networkCidr: "10.1.0.0/24" } } })).toEqual([
      expect.stringMatching(/^regions\.secondary\.networkCidr: 10\.1\.0\.0\/24 holds 256 addresses; .* need a \/2[23] or larger$/),
    ]);
  });

  test("110 pods per node: 16 workspaces plus daemons fit, and AKS reserves less memory than at 250", () => {
    const workspace = plan.primary.pools.find((p) => p.role === "workspace")!;
    expect(workspace.maxPodsPerNode).toBe(110);
    // AKS 1.29+: 20 MB x max pods + 50 MB (learn.microsoft.com/azure/aks/node-resource-reservations), from the node's capacity.
    expect(workspace.capacity.allocatable.memoryMib).toBe(workspace.capacity.kernelVisible.memoryMib - (20 * 110 + 50) - 100);
  });

  test("names within Azure's limits, derived from the prefix and region", () => {
    const suffix = azureNameSuffix("coder", "eastus");
    expect(suffix).toMatch(/^[0-9a-f]{6}$/);
    expect(plan.primary.azure).toEqual({
      resourceGroup: "coder-eastus",
      nodeResourceGroup: "coder-eastus-aks-nodes",
      keyVault: `coder-kv-${suffix}`,
      dnsPrefix: "coder-eastus",
      postgresServer: `coder-eastus-pg-${suffix}`,
      postgresDnsZone: "coder.private.postgres.database.azure.com",
      logAnalyticsWorkspace: "coder-eastus",
    });
    expect(plan.secondary.azure!.keyVault).not.toBe(plan.primary.azure!.keyVault);
    const longest = azurePlanOf({ namePrefix: "a".repeat(AZURE_MAX_NAME_PREFIX) });
    expect(longest.primary.azure!.keyVault).toHaveLength(24);
  });

  test("the suffix is deterministic and tells subscriptions apart", () => {
    expect(azureNameSuffix("coder", "eastus")).toBe(azureNameSuffix("coder", "eastus"));
    expect(azureNameSuffix("coder", "eastus", "11111111-2222-3333-4444-555555555555")).not.toBe(azureNameSuffix("coder", "eastus"));
  });

  test("a finding states the vCPUs each region needs at full scale: about 1,100 with all 128 workspace nodes in one region", () => {
    const quota = (raw: Record<string, unknown>) => azurePlanOf(raw).findings.find((f) => f.code === "azure-vcpu-quota")!.message;
    // Static pools get 1 node of surge: (2+1) x 4 system (AKS asks system pools for 4 vCPUs) + (2+1) x 4 coderd
    // + (2+1) x 8 provisioner + (64+7) x 8 workspace = 616.
    expect(quota({})).toMatch(/up to eastus 616 and westus2 616 vCPUs/);
    expect(quota({ regions: { primary: { workspaceNodes: 128, provisionerNodes: 3 } } })).toMatch(/up to eastus 1184 and westus2 40 vCPUs/);
    expect(planOf({ cloud: "aws" }).findings.map((f) => f.code)).not.toContain("azure-vcpu-quota");
  });

  test("plans for other clouds carry no Azure names", () => {
    expect(planOf({ cloud: "aws" }).primary.azure).toBeUndefined();
  });
});

describe("Azure config errors name the field", () => {
  test.each([
    [{ namePrefix: "a".repeat(AZURE_MAX_NAME_PREFIX + 1) }, /^namePrefix: is 15 characters; on Azure it may have at most 14, because Key Vault names/],
    [{ namePrefix: "co--der" }, /^namePrefix: gives the Key Vault name "co--der-kv-[0-9a-f]{6}", which Azure refuses/],
    [{ regions: { primary: { name: "westus" } } }, /^regions\.primary\.name: has no availability zones/],
    [{ regions: { secondary: { name: "northcentralus" } } }, /^regions\.secondary\.name: has no availability zones/],
    [{ regions: { primary: { name: "eastus3" } } }, /^regions\.primary\.name: is not an azure region; known: /],
    [{ regions: { primary: { availabilityZones: 4 } } }, /^regions\.primary\.availabilityZones: azure regions have at most 3 zones/],
    [{ kubernetes: { version: "1.34" } }, /^kubernetes\.version: must be a Kubernetes minor version azure offers, 1\.35 to 1\.37/],
  ])("%j", (raw, message) => {
    const issues = issuesOf(raw);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(message);
  });
});
