import { seedTable } from "./support/seed";
import { resources, TerraformJson } from "./support/synth";
import { allResources, synthAzureDeployment } from "./support/azure-synth";

const PRIMARY = "azure-eastus-infra";
const SECONDARY = "azure-westus2-infra";
const TAGS = { "managed-by": "coder-refarch", "coder-refarch-deployment": "coder" };

/** "2 nodes / 1 coderd each" or "128 / 16 workspaces each" to the node count. */
const seedNodes = (heading: string) => Number(/^(\d+)/.exec(seedTable(heading).row.Replicas)![1]);
const seedAzure = (heading: string) => seedTable(heading).row.Azure;

describe("the default Azure deployment matches the seed's Azure column", () => {
  const deployment = synthAzureDeployment();
  const { stacks } = deployment;
  const pools = Object.values(stacks).flatMap((s) => resources(s, "azurerm_kubernetes_cluster_node_pool"));
  const byPool = (pool: string) => pools.filter((p) => p.node_labels["coder-refarch/pool"] === pool);
  /** A static pool's nodes, or an autoscaling pool's maximum. */
  const nodes = (p: TerraformJson) => (p.auto_scaling_enabled ? p.max_count : p.node_count);
  const total = (list: TerraformJson[]) => list.reduce((sum, p) => sum + nodes(p), 0);

  test("one infrastructure stack per region, named azure-<region>-infra (and its add-ons and coder stacks, azure-coder.test.ts)", () => {
    expect(Object.keys(stacks).sort()).toEqual(["azure-eastus-addons", "azure-eastus-coder", PRIMARY, "azure-westus2-addons", "azure-westus2-coder", SECONDARY]);
    expect(resources(stacks[PRIMARY], "azurerm_kubernetes_cluster")[0].location).toBe("eastus");
    expect(resources(stacks[SECONDARY], "azurerm_kubernetes_cluster")[0].location).toBe("westus2");
  });

  test("coderd: exactly the seed's 2 nodes on its Azure size, static, in the primary region only", () => {
    const coderd = byPool("coderd");
    expect(coderd).toHaveLength(1);
    expect(resources(stacks[PRIMARY], "azurerm_kubernetes_cluster_node_pool")).toContainEqual(coderd[0]);
    expect(coderd[0].vm_size).toBe(seedAzure("Coderd nodes"));
    expect(coderd[0].vm_size).toBe("Standard_D4s_v3");
    expect(coderd[0]).toMatchObject({ node_count: seedNodes("Coderd nodes"), auto_scaling_enabled: false });
    expect(coderd[0].node_count).toBe(2);
  });

  test("provisioner: the seed's 4 nodes in total on its Azure size, over both regions", () => {
    const provisioner = byPool("provisioner");
    expect(provisioner).toHaveLength(2);
    expect(provisioner.map((p) => p.vm_size)).toEqual([seedAzure("Provisioner nodes"), seedAzure("Provisioner nodes")]);
    expect(provisioner.every((p) => p.vm_size === "Standard_D8s_v3" && p.auto_scaling_enabled === false)).toBe(true);
    expect(total(provisioner)).toBe(seedNodes("Provisioner nodes"));
    expect(total(provisioner)).toBe(4);
  });

  test("workspace: at most the seed's 128 nodes in total on its Azure size, autoscaling in both regions", () => {
    const workspace = byPool("workspace");
    expect(workspace).toHaveLength(2);
    expect(workspace.every((p) => p.vm_size === seedAzure("Workspace nodes") && p.vm_size === "Standard_D8s_v3")).toBe(true);
    expect(workspace.every((p) => p.auto_scaling_enabled === true && p.min_count === 1)).toBe(true);
    expect(total(workspace)).toBe(seedNodes("Workspace nodes"));
    expect(total(workspace)).toBe(128);
  });

  test("max_pods holds 16 workspaces plus daemon pods and stays within AKS's 250", () => {
    for (const pool of byPool("workspace")) {
      expect(pool.max_pods).toBeGreaterThanOrEqual(16 + 10);
      expect(pool.max_pods).toBeLessThanOrEqual(250);
    }
  });

  test("a workspace proxy pool sized like coderd in the secondary region", () => {
    const [proxy] = byPool("proxy");
    expect(resources(stacks[SECONDARY], "azurerm_kubernetes_cluster_node_pool")).toContainEqual(proxy);
    expect(proxy).toMatchObject({ vm_size: "Standard_D4s_v3", node_count: 2, auto_scaling_enabled: false });
  });

  test("a system pool of 2 in each cluster, mode System (the default pool), only critical add-ons, across zones", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const pool = resources(stacks[stack], "azurerm_kubernetes_cluster")[0].default_node_pool;
      expect(pool).toMatchObject({ name: "system", node_count: 2, only_critical_addons_enabled: true, zones: ["1", "2", "3"] });
    }
  });

  test("labels coder-refarch/pool and NoSchedule taints from the pool roles", () => {
    const taints = Object.fromEntries(pools.map((p) => [p.node_labels["coder-refarch/pool"], p.node_taints]));
    expect(taints).toEqual({
      coderd: ["coder-refarch/pool=coderd:NoSchedule"],
      proxy: ["coder-refarch/pool=proxy:NoSchedule"],
      provisioner: ["coder-refarch/pool=provisioner:NoSchedule"],
      workspace: ["coder-refarch/pool=workspace:NoSchedule"],
    });
  });

  test("every user pool is spread over the region's zones, mode User, without node public IPs", () => {
    for (const pool of pools) expect(pool).toMatchObject({ mode: "User", zones: ["1", "2", "3"], node_public_ip_enabled: false });
  });

  test("the database: GP_Standard_D4s_v3 (the seed's Azure size), 1 TiB, zone-redundant HA, no public access", () => {
    const [server] = resources(stacks[PRIMARY], "azurerm_postgresql_flexible_server");
    expect(server.sku_name).toBe(`GP_${seedAzure("Database nodes")}`);
    expect(seedTable("Database nodes").row.Storage).toBe("1 TB");
    expect(server).toMatchObject({
      sku_name: "GP_Standard_D4s_v3",
      storage_mb: 1048576,
      auto_grow_enabled: true,
      high_availability: { mode: "ZoneRedundant", standby_availability_zone: "2" },
      zone: "1",
      public_network_access_enabled: false,
      geo_redundant_backup_enabled: true,
    });
    expect(server.backup_retention_days).toBeGreaterThanOrEqual(7);
    expect(Number(server.version)).toBeGreaterThanOrEqual(13);
    expect(server.delegated_subnet_id).toMatch(/^\$\{azurerm_subnet\.network_postgres-subnet_.*\.id\}$/);
    expect(server.private_dns_zone_id).toMatch(/^\$\{azurerm_private_dns_zone\..*\.id\}$/);
    expect(resources(stacks[PRIMARY], "azurerm_postgresql_flexible_server_database")[0]).toMatchObject({ name: "coder", charset: "UTF8" });
  });

  test("a read replica in the secondary region", () => {
    const [replica] = resources(stacks[SECONDARY], "azurerm_postgresql_flexible_server");
    expect(replica).toMatchObject({ create_mode: "Replica", location: "westus2", sku_name: "GP_Standard_D4s_v3", storage_mb: 1048576 });
    expect(replica.source_server_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-azure-eastus-infra\.outputs\./);
    expect(resources(stacks[SECONDARY], "azurerm_postgresql_flexible_server")).toHaveLength(1);
  });

  test("the two regions' VNets do not overlap and are peered both ways", () => {
    expect(resources(stacks[PRIMARY], "azurerm_virtual_network")[0].address_space).toEqual(["10.0.0.0/16"]);
    expect(resources(stacks[SECONDARY], "azurerm_virtual_network")[0].address_space).toEqual(["10.1.0.0/16"]);
    const peerings = resources(stacks[SECONDARY], "azurerm_virtual_network_peering");
    expect(peerings.map((p) => p.name).sort()).toEqual(["eastus-to-westus2", "westus2-to-eastus"]);
    const fromPrimary = peerings.find((p) => p.name === "eastus-to-westus2")!;
    expect(fromPrimary.virtual_network_name).toMatch(/terraform_remote_state\.cross-stack-reference-input-azure-eastus-infra/);
    expect(fromPrimary.remote_virtual_network_id).toBe("${azurerm_virtual_network.network_vnet_BCBC8A9D.id}");
    expect(resources(stacks[PRIMARY], "azurerm_virtual_network_peering")).toHaveLength(0);
  });

  test("the private DNS zone is linked to both VNets: in the primary's stack and, across stacks, in the secondary's", () => {
    const [zone] = resources(stacks[PRIMARY], "azurerm_private_dns_zone");
    expect(zone.name).toBe("coder.private.postgres.database.azure.com");
    expect(resources(stacks[PRIMARY], "azurerm_private_dns_zone_virtual_network_link")[0].virtual_network_id).toMatch(/azurerm_virtual_network\./);
    const [remote] = resources(stacks[SECONDARY], "azurerm_private_dns_zone_virtual_network_link");
    expect(remote.private_dns_zone_name).toMatch(/terraform_remote_state\.cross-stack-reference-input-azure-eastus-infra/);
    expect(remote.virtual_network_id).toMatch(/^\$\{azurerm_virtual_network\./);
    expect(remote.registration_enabled).toBe(false);
  });

  test("NSGs: the internet reaches only the load balancer's ports; PostgreSQL admits 5432 from both regions", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const rules = resources(stacks[stack], "azurerm_network_security_rule");
      const internetAllows = rules.filter((r) => r.access === "Allow" && (r.source_address_prefix === "Internet" || r.source_address_prefix === "*"));
      expect(internetAllows).toEqual([expect.objectContaining({ name: "allow-internet-to-load-balancer", destination_port_ranges: ["80", "443"], protocol: "Tcp" })]);
      const postgres = rules.find((r) => r.name === "allow-postgres-from-regions")!;
      expect(postgres).toMatchObject({ destination_port_range: "5432", source_address_prefixes: ["10.0.0.0/16", "10.1.0.0/16"], access: "Allow" });
      expect(resources(stacks[stack], "azurerm_subnet_network_security_group_association")).toHaveLength(3);
    }
  });

  test("outputs are the neutral contract's, and no secret is among them", () => {
    const cluster = ["cluster_name", "cluster_endpoint", "cluster_ca_certificate", "cluster_workload_identity_issuer", "network_id"];
    expect(Object.keys(stacks[PRIMARY].output)).toEqual(
      expect.arrayContaining([...cluster, "database_host", "database_port", "database_name", "database_username", "database_credentials_secret"]),
    );
    expect(Object.keys(stacks[SECONDARY].output)).toEqual(expect.arrayContaining([...cluster, "database_replica_host"]));
    expect(stacks[PRIMARY].output.database_credentials_secret.value).toMatch(/azurerm_key_vault_secret\..*\.versionless_id/);
    expect(stacks[PRIMARY].output.database_port.value).toBe(5432);
    expect(stacks[PRIMARY].output.cluster_workload_identity_issuer.value).toMatch(/\.oidc_issuer_url\}$/);
    const text = JSON.stringify([stacks[PRIMARY].output, stacks[SECONDARY].output]);
    expect(text).not.toMatch(/random_password|administrator_password|\.result\b/);
  });

  test("every resource whose type takes tags carries the deployment's tags", () => {
    const tagged = new Set<string>();
    const untagged = new Set<string>();
    for (const stack of Object.values(stacks)) {
      for (const { type, name, body } of allResources(stack)) {
        const moduleName = type.replace(/^azurerm_/, "").replace(/_/g, "-");
        if (!type.startsWith("azurerm_")) continue;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(`@cdktf/provider-azurerm/lib/${moduleName}`) as Record<string, unknown>;
        // The resource class of the type (it carries tfResourceType) declares a `tags` accessor when its schema has tags.
        const takesTags = Object.values(exported).some((cls) => typeof cls === "function" && "tfResourceType" in cls && "tags" in (cls.prototype as object));
        (takesTags ? tagged : untagged).add(type);
        if (takesTags) expect({ type, name, tags: body.tags }).toEqual({ type, name, tags: TAGS });
      }
    }
    // The schema check itself works: it finds the taggable types and leaves out those without tags.
    expect([...tagged]).toEqual(expect.arrayContaining(["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool", "azurerm_postgresql_flexible_server", "azurerm_key_vault", "azurerm_virtual_network", "azurerm_resource_group"]));
    expect([...untagged]).toEqual(expect.arrayContaining(["azurerm_subnet", "azurerm_role_assignment", "azurerm_virtual_network_peering"]));
  });

  test("subscription and tenant come from the environment by default: the provider names neither", () => {
    for (const stack of Object.values(stacks)) {
      expect(stack.provider.azurerm[0].subscription_id).toBeUndefined();
      expect(stack.provider.azurerm[0].tenant_id).toBeUndefined();
      expect(stack.provider.azurerm[0].features).toHaveLength(1);
    }
  });

  test.each([PRIMARY, SECONDARY])("%s matches its committed snapshot", (name) => {
    expect(deployment.files[`stacks/${name}/cdk.tf.json`]).toMatchSnapshot();
  });
});

describe("Azure options", () => {
  test("the azure block's subscription and tenant go to the provider and into the globally unique names", () => {
    const azure = { subscriptionId: "11111111-2222-3333-4444-555555555555", tenantId: "66666666-7777-8888-9999-000000000000" };
    const { stacks } = synthAzureDeployment({ azure });
    const provider = stacks[PRIMARY].provider.azurerm[0];
    expect(provider).toMatchObject({ subscription_id: azure.subscriptionId, tenant_id: azure.tenantId });
    expect(resources(stacks[PRIMARY], "azurerm_key_vault")[0].tenant_id).toBe(azure.tenantId);
    expect(resources(stacks[PRIMARY], "azurerm_key_vault")[0].name).not.toBe(resources(synthAzureDeployment().stacks[PRIMARY], "azurerm_key_vault")[0].name);
  });

  test("without the replica the secondary has no PostgreSQL server but still links the zone", () => {
    const { stacks } = synthAzureDeployment({ database: { crossRegionReplica: false } });
    expect(resources(stacks[SECONDARY], "azurerm_postgresql_flexible_server")).toHaveLength(0);
    expect(stacks[SECONDARY].output.database_replica_host).toBeUndefined();
    expect(resources(stacks[SECONDARY], "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(1);
  });

  test("an uneven split keeps the totals: 100 + 28 workspace nodes, 3 + 1 provisioners", () => {
    const { stacks } = synthAzureDeployment({ regions: { primary: { workspaceNodes: 100, provisionerNodes: 3 } } });
    const pool = (stack: string, role: string) => resources(stacks[stack], "azurerm_kubernetes_cluster_node_pool").find((p) => p.name === role)!;
    expect([pool(PRIMARY, "workspace").max_count, pool(SECONDARY, "workspace").max_count]).toEqual([100, 28]);
    expect([pool(PRIMARY, "provisioner").node_count, pool(SECONDARY, "provisioner").node_count]).toEqual([3, 1]);
  });

  test("other regions and prefix change names, not structure", () => {
    const { stacks } = synthAzureDeployment({ namePrefix: "acme", regions: { primary: { name: "westeurope" }, secondary: { name: "northeurope" } } });
    expect(Object.keys(stacks).sort()).toEqual(["azure-northeurope-addons", "azure-northeurope-coder", "azure-northeurope-infra", "azure-westeurope-addons", "azure-westeurope-coder", "azure-westeurope-infra"]);
    expect(resources(stacks["azure-westeurope-infra"], "azurerm_kubernetes_cluster")[0].name).toBe("acme-westeurope");
    expect(resources(stacks["azure-westeurope-infra"], "azurerm_resource_group")[0].name).toBe("acme-westeurope");
  });
});
