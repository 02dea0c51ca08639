import { KeyVault } from "../lib/azure/key-vault";
import { NatEgress } from "../lib/azure/nat-egress";
import { AksCluster, dnsServiceIp } from "../lib/azure/aks-cluster";
import { VirtualNetwork } from "../lib/azure/virtual-network";
import { PoolPlan } from "../lib/plan";
import { onlyResource, resources } from "./support/synth";
import { azurePlanOf, synthAzureConstruct, synthAzureDeployment } from "./support/azure-synth";

const placed = { resourceGroupName: "rg", location: "eastus", tags: { team: "platform" } };

describe("Azure constructs refuse what Azure would refuse, in the constructor", () => {
  test("KeyVault: names outside Azure's rules", () => {
    for (const name of ["kv", "1coder-kv", "coder--kv", "a".repeat(25)]) {
      expect(() => synthAzureConstruct((scope) => new KeyVault(scope, "vault", { ...placed, name, tenantId: "t", deployerObjectId: "o" }))).toThrow(/not a Key Vault name/);
    }
  });

  test("NatEgress: 1 to 16 public addresses", () => {
    expect(() => synthAzureConstruct((scope) => new NatEgress(scope, "nat", { ...placed, name: "n", subnetId: "s", publicIpCount: 0 }))).toThrow(/1 to 16/);
    expect(() => synthAzureConstruct((scope) => new NatEgress(scope, "nat", { ...placed, name: "n", subnetId: "s", publicIpCount: 17 }))).toThrow(/1 to 16 public addresses, got 17/);
    const sixteen = synthAzureConstruct((scope) => new NatEgress(scope, "nat", { ...placed, name: "n", subnetId: "s", publicIpCount: 16 }));
    expect(resources(sixteen, "azurerm_public_ip")).toHaveLength(16);
    const json = synthAzureConstruct((scope) => new NatEgress(scope, "nat", { ...placed, name: "n", subnetId: "s" }));
    expect(resources(json, "azurerm_public_ip")).toHaveLength(2);
    expect(onlyResource(json, "azurerm_subnet_nat_gateway_association").depends_on).toHaveLength(2);
  });

  /** Builds an AksCluster from the default plan's primary region, with the props a test changes. */
  function buildAks(change: { kubernetesVersion?: string; systemPool?: PoolPlan }): void {
    const plan = azurePlanOf().primary;
    synthAzureConstruct((scope) => {
      new AksCluster(scope, "cluster", {
        ...placed,
        plan: { ...plan.cluster, kubernetesVersion: change.kubernetesVersion ?? plan.cluster.kubernetesVersion },
        names: plan.azure!,
        layout: plan.network.layout as never,
        systemPool: change.systemPool ?? plan.pools[0],
        zones: 3,
        nodeSubnetId: "s",
        kmsKey: {} as never,
        egressCidrs: [],
        networkDependencies: [],
        logAnalyticsWorkspaceId: "w",
        adminObjectId: "o",
      });
    });
  }

  test("AksCluster: a patch version is refused (it drifts under auto-upgrade)", () => {
    expect(() => buildAks({ kubernetesVersion: "1.36.2" })).toThrow(/pin the Kubernetes minor only/);
  });

  test("AksCluster: the default node pool is the static system pool", () => {
    const workspace = azurePlanOf().primary.pools.find((p) => p.role === "workspace")!;
    expect(() => buildAks({ systemPool: workspace })).toThrow(/default node pool must be the plan's static system pool, got workspace/);
  });

  test("the DNS service address is the tenth of the service range", () => {
    expect(dnsServiceIp("172.20.0.0/16")).toBe("172.20.0.10");
    expect(dnsServiceIp("10.96.0.0/12")).toBe("10.96.0.10");
  });

  test("VirtualNetwork renders the plan's subnets and tags what takes tags", () => {
    const plan = azurePlanOf().primary.network;
    const json = synthAzureConstruct((scope) => new VirtualNetwork(scope, "network", { ...placed, plan, postgresClientCidrs: ["10.0.0.0/16", "10.1.0.0/16"] }));
    expect(resources(json, "azurerm_subnet").map((s) => [s.name, s.address_prefixes[0]])).toEqual([
      ["nodes", "10.0.0.0/24"],
      ["postgres", "10.0.2.0/26"],
      ["private-endpoints", "10.0.1.0/24"],
    ]);
    expect(onlyResource(json, "azurerm_virtual_network").tags).toEqual({ team: "platform" });
    for (const nsg of resources(json, "azurerm_network_security_group")) expect(nsg.tags).toEqual({ team: "platform" });
  });
});

describe("the Azure output is reproducible", () => {
  test("two synths write the same bytes, with no absolute path or timestamp", () => {
    const first = synthAzureDeployment({ regions: { primary: { workspaceNodes: 90 } } });
    const second = synthAzureDeployment({ regions: { primary: { workspaceNodes: 90 } } });
    expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
    for (const [path, text] of Object.entries(first.files)) {
      expect({ path, same: second.files[path] === text }).toEqual({ path, same: true });
      expect({ path, leaks: text.includes(first.outdir) || text.includes(process.cwd()) || /"\/(tmp|home|root|work)\//.test(text) }).toEqual({ path, leaks: false });
    }
  });
});
