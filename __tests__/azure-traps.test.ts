import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AksNodePool } from "../lib/azure/aks-node-pool";
import { aksPoolSettings } from "../lib/azure/aks-pool-settings";
import { KeyVault } from "../lib/azure/key-vault";
import { PostgresDnsZone } from "../lib/azure/postgres-dns-zone";
import { PostgresFlexibleServer } from "../lib/azure/postgres-flexible-server";
import { layoutVnet } from "../lib/plan/vnet-layout";
import { ConfigError } from "../lib/config/errors";
import { resources, TerraformJson } from "./support/synth";
import { allResources, azurePlanOf, synthAzureConstruct, synthAzureDeployment } from "./support/azure-synth";

/**
 * What Azure refuses or breaks that the azurerm 4.x schema allows: every fact of REFERENCE.md
 * section 4 ("Azure: what Azure refuses or breaks...") and the ones found while building, each
 * pinned on the synthesized output with its source.
 */
const PRIMARY = "azure-eastus-infra";
const SECONDARY = "azure-westus2-infra";
const { stacks } = synthAzureDeployment();
const primary = stacks[PRIMARY];
const secondary = stacks[SECONDARY];
const [server] = resources(primary, "azurerm_postgresql_flexible_server");
const [replica] = resources(secondary, "azurerm_postgresql_flexible_server");
const clusters = [primary, secondary].map((s) => resources(s, "azurerm_kubernetes_cluster")[0]);
const nodePools = [primary, secondary].flatMap((s) => resources(s, "azurerm_kubernetes_cluster_node_pool"));
/** The resource address a depends_on entry names, e.g. azurerm_role_assignment.kms-key_crypto-user_E3AD273C. */
const addressOf = (json: TerraformJson, type: string, predicate: (body: TerraformJson) => boolean = () => true) =>
  allResources(json)
    .filter((r) => r.type === type && predicate(r.body))
    .map((r) => `${r.type}.${r.name}`);

/**
 * Whether a resource waits for grants to take effect: it depends on a time_sleep that depends on
 * them. Role assignments take effect minutes after they exist, and azurerm returns when they exist
 * (Azure RBAC troubleshooting: "up to 10 minutes"); the provider retries only a missing principal.
 */
const waitsFor = (json: TerraformJson, body: TerraformJson, grants: readonly string[]): boolean =>
  (body.depends_on ?? []).some((dependency: string) => {
    const [type, name] = dependency.split(".");
    if (type !== "time_sleep") return false;
    const sleep = json.resource.time_sleep[name];
    return sleep.create_duration === "120s" && grants.every((grant) => sleep.depends_on.includes(grant));
  });

describe("PostgreSQL Flexible Server", () => {
  // Source: terraform-provider-azurerm postgresql_flexible_server resource code and issue 29463:
  // once auto-grow enlarges the disk past storage_mb the provider plans a shrink and REPLACES the server.
  test("with auto-grow on, storage_mb and storage_tier changes are ignored (server and replica)", () => {
    for (const db of [server, replica]) {
      expect(db.auto_grow_enabled).toBe(true);
      expect(db.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["storage_mb", "storage_tier"]));
    }
  });

  // Source: azurerm docs for postgresql_flexible_server (zone / standby_availability_zone note) and
  // Azure's own Terraform module: a failover swaps the two zones, which would otherwise be reverted.
  test("a failover's swapped zone and standby zone are ignored", () => {
    expect(server.high_availability.mode).toBe("ZoneRedundant");
    expect(server.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["zone", "high_availability[0].standby_availability_zone"]));
  });

  // Source: REFERENCE.md section 4 (Flexible Server storage steps; HA not on burstable SKUs;
  // geo-redundant backup settable only at creation, so it is on from the start).
  test("storage is a fixed step, HA is on a non-burstable SKU, geo-redundant backup is set at creation", () => {
    expect(server.storage_mb).toBe(1048576);
    expect(server.sku_name).toMatch(/^GP_/);
    expect(server.geo_redundant_backup_enabled).toBe(true);
    const plan = azurePlanOf().database;
    const build = (override: object) => () =>
      synthAzureConstruct((scope) => {
        const vault = new KeyVault(scope, "vault", { name: "coder-kv-abcdef", resourceGroupName: "rg", location: "eastus", tenantId: "t", deployerObjectId: "o", tags: {} });
        const zone = new PostgresDnsZone(scope, "zone", { name: "x.postgres.database.azure.com", resourceGroupName: "rg", tags: {} });
        new PostgresFlexibleServer(scope, "db", {
          plan: { ...plan, ...override },
          serverName: "s",
          resourceGroupName: "rg",
          location: "eastus",
          delegatedSubnetId: "subnet",
          privateDnsZoneId: zone.zoneId,
          dnsZoneLink: zone.zone,
          keyVault: vault,
          tags: {},
        });
      });
    expect(build({ storageGib: 1000 })).toThrow(/fixed steps/);
    expect(build({ burstable: true, instanceType: "Standard_B2s" })).toThrow(/not available on burstable SKUs/);
  });

  // Source: REFERENCE.md section 4; provider docs: the replica gets 32 GiB and no auto-grow unless
  // told, while Azure wants storage, vCores and auto-grow equal to the primary's.
  test("the replica matches the primary's storage, SKU, version and auto-grow", () => {
    expect(replica.create_mode).toBe("Replica");
    for (const field of ["storage_mb", "sku_name", "version", "auto_grow_enabled"]) expect({ field, value: replica[field] }).toEqual({ field, value: server[field] });
  });

  // Source: REFERENCE.md section 4 (Flexible Server read replicas): no HA, geo-backup or
  // administrator password on a replica.
  test("the replica has no HA, no geo-backup, no administrator login or password", () => {
    for (const field of ["high_availability", "geo_redundant_backup_enabled", "administrator_login", "administrator_password", "administrator_password_wo", "backup_retention_days"]) {
      expect({ field, value: replica[field] }).toEqual({ field, value: undefined });
    }
  });

  // Source: REFERENCE.md section 4; azurerm docs: public_network_access_enabled defaults to true
  // and conflicts with delegated_subnet_id.
  test("public network access is off on both servers, which sit in delegated subnets", () => {
    for (const [stack, db] of [[primary, server], [secondary, replica]] as const) {
      expect(db.public_network_access_enabled).toBe(false);
      const subnet = resources(stack, "azurerm_subnet").find((s) => s.name === "postgres")!;
      expect(subnet.delegation[0].service_delegation.name).toBe("Microsoft.DBforPostgreSQL/flexibleServers");
      expect(db.delegated_subnet_id).toMatch(/^\$\{azurerm_subnet\.network_postgres-subnet_/);
    }
  });

  // Source: REFERENCE.md section 4: the replica needs its own delegated subnet in its region's VNet,
  // the private DNS zone linked there, and NSGs allowing 5432 between the regions. azurerm docs
  // (postgresql_flexible_server example): the server depends_on the zone's VNet link.
  test("each server waits for the zone's link to its own VNet; NSGs on both sides allow 5432 from both VNets", () => {
    expect(server.depends_on).toEqual(expect.arrayContaining(addressOf(primary, "azurerm_private_dns_zone_virtual_network_link")));
    expect(replica.depends_on).toEqual(expect.arrayContaining(addressOf(secondary, "azurerm_private_dns_zone_virtual_network_link")));
    // Found here: a subnet being updated (its NSG association) cannot take a server at the same time.
    for (const [stack, db] of [[primary, server], [secondary, replica]] as const) {
      expect(db.depends_on).toEqual(expect.arrayContaining(addressOf(stack, "azurerm_subnet_network_security_group_association", (a) => /postgres-subnet/.test(a.subnet_id))));
    }
    expect(replica.private_dns_zone_id).toMatch(/cross-stack-output-azurerm_private_dns_zone/);
    for (const stack of [primary, secondary]) {
      const rule = resources(stack, "azurerm_network_security_rule").find((r) => r.name === "allow-postgres-from-regions")!;
      expect(rule).toMatchObject({ direction: "Inbound", access: "Allow", destination_port_range: "5432", source_address_prefixes: ["10.0.0.0/16", "10.1.0.0/16"] });
    }
  });

  // Source: REFERENCE.md section 4: a replica in westus2 of an eastus primary is allowed, as is a
  // replica of an HA primary; geo-backups of eastus go to its pair westus, not westus2.
  test("an HA primary in eastus with its replica in westus2", () => {
    expect(server).toMatchObject({ location: "eastus", high_availability: { mode: "ZoneRedundant" } });
    expect(replica.location).toBe("westus2");
  });

  // Source: found here; azurerm docs for postgresql_flexible_server (private_dns_zone_id must end
  // in .postgres.database.azure.com when the server is in a delegated subnet).
  test("the private DNS zone's name ends in .postgres.database.azure.com", () => {
    expect(resources(primary, "azurerm_private_dns_zone")[0].name).toMatch(/\.postgres\.database\.azure\.com$/);
    expect(() => synthAzureConstruct((scope) => new PostgresDnsZone(scope, "zone", { name: "db.internal", resourceGroupName: "rg", tags: {} }))).toThrow(/\.postgres\.database\.azure\.com/);
  });

  // Source: lib/contracts/database.ts (every cloud's database refuses connections without TLS);
  // Flexible Server's require_secure_transport server parameter.
  test("connections without TLS are refused", () => {
    expect(resources(primary, "azurerm_postgresql_flexible_server_configuration")).toEqual([
      expect.objectContaining({ name: "require_secure_transport", value: "on", server_id: expect.stringMatching(/azurerm_postgresql_flexible_server\..*\.id/) }),
    ]);
  });

  // Source: security default of this project: the password is generated, kept in Key Vault and
  // passed write-only (azurerm 4.x administrator_password_wo, Terraform 1.11 write-only arguments).
  test("the administrator password is generated, stored in Key Vault, write-only on the server, never an output", () => {
    expect(server.administrator_password).toBeUndefined();
    expect(server.administrator_password_wo).toMatch(/^\$\{random_password\..*\.result\}$/);
    const [secret] = resources(primary, "azurerm_key_vault_secret");
    expect(secret.value).toBeUndefined();
    expect(secret.value_wo).toBe(server.administrator_password_wo);
    expect(JSON.stringify(primary.output)).not.toMatch(/random_password/);
  });
});

describe("AKS KMS etcd encryption and Key Vault", () => {
  const vault = resources(primary, "azurerm_key_vault")[0];

  // Source: learn.microsoft.com/azure/aks/use-kms-etcd-encryption; REFERENCE.md section 4: KMS needs a
  // USER-assigned identity that already has Key Vault Crypto User on the key (system-assigned is not supported).
  test("the cluster runs as a user-assigned identity that holds Key Vault Crypto User on the key before the cluster exists", () => {
    for (const [stack, cluster] of [[primary, clusters[0]], [secondary, clusters[1]]] as const) {
      expect(cluster.identity).toEqual({ type: "UserAssigned", identity_ids: [expect.stringMatching(/^\$\{azurerm_user_assigned_identity\./)] });
      const cryptoUser = addressOf(stack, "azurerm_role_assignment", (r) => r.role_definition_name === "Key Vault Crypto User");
      expect(cryptoUser).toHaveLength(1);
      expect(waitsFor(stack, cluster, cryptoUser)).toBe(true);
      const assignment = resources(stack, "azurerm_role_assignment").find((r) => r.role_definition_name === "Key Vault Crypto User")!;
      expect(assignment.principal_id).toMatch(/azurerm_user_assigned_identity\..*\.principal_id/);
      // Found here: AKS KMS takes a versioned key ID.
      expect(cluster.key_management_service.key_vault_key_id).toMatch(/^\$\{azurerm_key_vault_key\..*\.id\}$/);
    }
  });

  // Source: REFERENCE.md section 4 and the AKS KMS docs: purge protection on; never let the key expire.
  test("purge protection on, and the key never expires", () => {
    expect(vault).toMatchObject({ purge_protection_enabled: true, soft_delete_retention_days: 90, rbac_authorization_enabled: true });
    const [key] = resources(primary, "azurerm_key_vault_key");
    // Software-protected RSA keys (not RSA-HSM) are what the standard tier holds; premium would only add cost.
    expect([vault.sku_name, key.key_type, key.key_size]).toEqual(["standard", "RSA", 2048]);
    expect(key.expiration_date).toBeUndefined();
    expect(key.rotation_policy).toBeUndefined();
    expect(key.key_type).toBe("RSA");
  });

  // Source: found here; learn.microsoft.com/azure/aks/use-kms-etcd-encryption (limitations): with a
  // public key vault, a vault firewall of "selected networks" or disabled public access blocks the
  // KMS plugin; a private vault needs API Server VNet Integration instead.
  test("the KMS vault is public (authorized by Entra ID) with no firewall, and the cluster says so", () => {
    expect(vault).toMatchObject({ public_network_access_enabled: true, network_acls: { default_action: "Allow", bypass: "AzureServices" } });
    for (const cluster of clusters) expect(cluster.key_management_service.key_vault_network_access).toBe("Public");
  });

  // Source: REFERENCE.md section 4: on an RBAC Key Vault the deployer needs data-plane roles;
  // subscription Owner is not enough.
  test("the deployer gets Crypto Officer and Secrets Officer on the vault, and the key and secret wait for them", () => {
    const deployerRoles = addressOf(primary, "azurerm_role_assignment", (r) => /Officer$/.test(r.role_definition_name));
    expect(deployerRoles).toHaveLength(2);
    for (const type of ["azurerm_key_vault_key", "azurerm_key_vault_secret"]) {
      expect(waitsFor(primary, resources(primary, type)[0], deployerRoles)).toBe(true);
    }
  });

  // Source: REFERENCE.md section 4 and resource-name-rules (Microsoft.KeyVault): 3-24 characters,
  // starting with a letter, no "--", globally unique; soft-deleted names keep colliding, so a
  // re-deploy recovers the soft-deleted vault (provider feature) under the same deterministic name.
  test("vault names: within 24, start with a letter, no '--', a per-region suffix; soft-deleted vaults are recovered", () => {
    const names = [primary, secondary].map((s) => resources(s, "azurerm_key_vault")[0].name as string);
    for (const name of names) expect(name).toMatch(/^[a-z](?!.*--)[a-z0-9-]{1,22}[a-z0-9]$/);
    expect(new Set(names).size).toBe(2);
    expect(primary.provider.azurerm[0].features[0].key_vault[0].recover_soft_deleted_key_vaults).toBe(true);
  });
});

describe("address ranges", () => {
  const profile = (cluster: TerraformJson) => cluster.network_profile;

  // Source: REFERENCE.md section 4: the AKS default service CIDR 10.0.0.0/16 collides with a 10.0.0.0/16 VNet.
  test("the service range is set explicitly and overlaps no VNet", () => {
    for (const cluster of clusters) expect(profile(cluster)).toMatchObject({ service_cidr: "172.20.0.0/16", dns_service_ip: "172.20.0.10" });
  });

  // Source: REFERENCE.md section 4 and learn.microsoft.com/azure/aks/azure-cni-overlay: the overlay
  // pod range must not overlap a VNet; AKS refuses 169.254/16, 192.0.2/24, 172.30/16, 172.31/16.
  test("overlay pod ranges overlap neither VNet nor AKS's reserved ranges", () => {
    expect(clusters.map((c) => profile(c).pod_cidr)).toEqual(["10.244.0.0/16", "10.245.0.0/16"]);
    const issue = (raw: Record<string, unknown>) => {
      try {
        azurePlanOf(raw);
      } catch (error) {
        return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`).join("\n");
      }
      return "";
    };
    expect(issue({ regions: { secondary: { networkCidr: "10.244.0.0/16" } } })).toMatch(/^regions\.secondary\.networkCidr: overlaps the AKS pod range 10\.244\.0\.0\/16/);
    expect(issue({ regions: { primary: { networkCidr: "172.31.0.0/16" } } })).toMatch(/regions\.primary\.networkCidr: 172\.31\.0\.0\/16 overlaps 172\.31\.0\.0\/16, a range AKS refuses/);
    expect(issue({ kubernetes: { serviceCidr: "172.30.0.0/16" } })).toMatch(/kubernetes\.serviceCidr: overlaps 172\.30\.0\.0\/16, a range AKS refuses/);
  });

  // Source: REFERENCE.md section 4: each overlay node takes a /24, so a /17 stops at 128 nodes.
  test("a pod range holds a /24 per node: the plan refuses more nodes than it holds", () => {
    const base = { networkCidr: "10.0.0.0/16", otherRanges: [] };
    expect(layoutVnet({ ...base, podCidr: "10.244.0.0/17", nodeCapacity: 128 })).toMatchObject({ kind: "vnet-subnets" });
    expect(layoutVnet({ ...base, podCidr: "10.244.0.0/17", nodeCapacity: 129 })).toMatch(/holds 128 nodes \(a \/24 each\); the pools need 129/);
    const layout = azurePlanOf().primary.network.layout;
    expect(layout.kind === "vnet-subnets" && 2 ** (24 - 16) >= layout.nodeCapacity).toBe(true);
  });
});

describe("API server access and egress", () => {
  const privateByDefault = clusters;
  const { stacks: publicStacks } = synthAzureDeployment({ kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } });
  const publicCluster = resources(publicStacks[PRIMARY], "azurerm_kubernetes_cluster")[0];

  // Source: REFERENCE.md section 4: a private cluster together with authorized IP ranges is rejected.
  test("private cluster XOR authorized ranges", () => {
    for (const cluster of privateByDefault) {
      expect(cluster.private_cluster_enabled).toBe(true);
      expect(cluster.api_server_access_profile).toBeUndefined();
    }
    expect(publicCluster.private_cluster_enabled).toBe(false);
    expect(publicCluster.api_server_access_profile.authorized_ip_ranges).toContain("203.0.113.0/24");
  });

  // Source: REFERENCE.md section 4: with authorized ranges and NAT egress, the NAT's public IPs must be in the list.
  test("with authorized ranges, the NAT gateway's addresses are in the list", () => {
    // The NAT gateway's, not Coder's load balancer address (inbound only).
    const ips = addressOf(publicStacks[PRIMARY], "azurerm_public_ip", (ip) => ip["//"].metadata.path.includes("/egress/"));
    expect(ips).toHaveLength(2);
    expect(publicCluster.api_server_access_profile.authorized_ip_ranges).toEqual(["203.0.113.0/24", ...ips.map((ip) => `\${${ip}.ip_address}/32`)]);
  });

  // Source: REFERENCE.md section 4: the NAT gateway's subnet association must exist before the
  // cluster (outbound type userAssignedNATGateway).
  // Also terraform-provider-azurerm issue 16712: with userAssignedNATGateway, a load_balancer_profile
  // (or nat_gateway_profile, which belongs to managedNATGateway) makes cluster creation fail.
  test("the cluster egresses through the NAT gateway and waits for its subnet association", () => {
    for (const [stack, cluster] of [[primary, clusters[0]], [secondary, clusters[1]]] as const) {
      expect(cluster.network_profile.outbound_type).toBe("userAssignedNATGateway");
      expect(cluster.network_profile.load_balancer_profile).toBeUndefined();
      expect(cluster.network_profile.nat_gateway_profile).toBeUndefined();
      expect(cluster.depends_on).toEqual(expect.arrayContaining(addressOf(stack, "azurerm_subnet_nat_gateway_association")));
    }
  });

  // Source: REFERENCE.md section 4 and learn.microsoft.com/azure/nat-gateway/nat-availability-zones:
  // a Standard NAT gateway is zonal; its public IPs must be Standard, static and in the same zone.
  test("the NAT gateway sits in one zone with Standard static addresses in that zone", () => {
    const [nat] = resources(primary, "azurerm_nat_gateway");
    expect(nat).toMatchObject({ sku_name: "Standard", zones: ["1"] });
    const egress = resources(primary, "azurerm_public_ip").filter((ip) => ip["//"].metadata.path.includes("/egress/"));
    expect(egress).toHaveLength(2);
    for (const ip of egress) expect(ip).toMatchObject({ sku: "Standard", allocation_method: "Static", zones: ["1"] });
  });

  // Source: found here; learn.microsoft.com/azure/aks/configure-azure-cni (bring your own subnet):
  // the cluster identity needs Network Contributor on the subnet, granted before the cluster.
  test("the cluster identity is Network Contributor on the node subnet before the cluster", () => {
    const assignment = addressOf(primary, "azurerm_role_assignment", (r) => r.role_definition_name === "Network Contributor" && /node-subnet/.test(r.scope));
    expect(assignment).toHaveLength(1);
    expect(waitsFor(primary, clusters[0], assignment)).toBe(true);
    // A managed identity, named as such: no directory lookup of a principal that may be too new to find.
    expect(resources(primary, "azurerm_role_assignment").find((r) => /node-subnet/.test(r.scope))!.principal_type).toBe("ServicePrincipal");
  });
});

describe("versions, pools and add-ons checked only at apply", () => {
  // Source: REFERENCE.md section 4; terraform-provider-azurerm issue 26946: a pinned patch with an
  // auto-upgrade channel drifts after every patch, so only the minor is pinned.
  test("auto-upgrade channel with the minor pinned on the cluster and every pool", () => {
    for (const cluster of clusters) {
      expect(cluster.automatic_upgrade_channel).toBe("patch");
      expect(cluster.kubernetes_version).toMatch(/^1\.\d+$/);
      expect(cluster.default_node_pool.orchestrator_version).toBe(cluster.kubernetes_version);
      expect(cluster.maintenance_window_auto_upgrade).toMatchObject({ frequency: "Weekly", duration: 4 });
      expect(cluster.maintenance_window_node_os).toMatchObject({ frequency: "Weekly" });
    }
    for (const pool of nodePools) expect(pool.orchestrator_version).toMatch(/^1\.\d+$/);
  });

  // Source: REFERENCE.md section 4: autoscaled pools need ignore_changes on node_count.
  test("autoscaled pools ignore node_count; static pools do not autoscale", () => {
    for (const pool of nodePools) {
      if (pool.auto_scaling_enabled) expect(pool.lifecycle.ignore_changes).toEqual(["node_count"]);
      else expect(pool.lifecycle).toBeUndefined();
    }
    expect(nodePools.filter((p) => p.auto_scaling_enabled).map((p) => p.name)).toEqual(["workspace", "workspace"]);
  });

  // Source: REFERENCE.md section 4 (checked only at apply): workload identity needs the OIDC issuer;
  // local accounts off needs Entra ID with Azure RBAC; Cilium policy needs the Cilium data plane.
  test("workload identity with the OIDC issuer; local accounts off with Entra ID and Azure RBAC; Cilium with Cilium", () => {
    for (const cluster of clusters) {
      expect(cluster).toMatchObject({ workload_identity_enabled: true, oidc_issuer_enabled: true });
      expect(cluster).toMatchObject({ local_account_disabled: true, role_based_access_control_enabled: true, azure_active_directory_role_based_access_control: { azure_rbac_enabled: true } });
      expect(cluster.network_profile).toMatchObject({ network_plugin: "azure", network_plugin_mode: "overlay", network_policy: "cilium", network_data_plane: "cilium" });
      expect(cluster.sku_tier).toBe("Standard");
    }
  });

  // Source: found here: with local accounts disabled and Azure RBAC nobody can use the cluster until a
  // role is assigned, so the deployer gets cluster admin (as EKS grants its creator).
  test("the deployer is Azure Kubernetes Service RBAC Cluster Admin on the cluster", () => {
    expect(resources(primary, "azurerm_role_assignment").find((r) => r.role_definition_name === "Azure Kubernetes Service RBAC Cluster Admin")).toMatchObject({
      scope: expect.stringMatching(/azurerm_kubernetes_cluster\..*\.id/),
      principal_id: "${data.azurerm_client_config.deployer.object_id}",
    });
  });

  // Source: REFERENCE.md section 4: temporary_name_for_rotation for changes that rotate nodes;
  // Linux pool names (the temporary one too) are up to 12 lowercase letters and digits, starting with a letter.
  test("every pool has a valid name and a valid temporary name for rotation", () => {
    const pools = [...clusters.map((c) => c.default_node_pool), ...nodePools];
    for (const pool of pools) {
      expect(pool.name).toMatch(/^[a-z][a-z0-9]{0,11}$/);
      expect(pool.temporary_name_for_rotation).toMatch(/^[a-z][a-z0-9]{0,11}$/);
      expect(pool.temporary_name_for_rotation).not.toBe(pool.name);
    }
    const plan = azurePlanOf().primary.pools[0];
    expect(() => aksPoolSettings({ ...plan, name: "systempoolnodes" }, 3)).toThrow(/1-12 lowercase letters and digits/);
    expect(() => aksPoolSettings({ ...plan, name: "System" }, 3)).toThrow(/1-12 lowercase letters and digits/);
    expect(() => aksPoolSettings({ ...plan, maxPodsPerNode: 251 }, 3)).toThrow(/10 to 250/);
  });

  // Source: found here: the system pool is the cluster's default pool, not a second resource.
  test("a user node pool cannot be the system pool", () => {
    const plan = azurePlanOf().primary;
    expect(() =>
      synthAzureConstruct((scope) => new AksNodePool(scope, "x", { cluster: { clusterId: "c", kubernetesVersion: "1.36" } as never, pool: plan.pools[0], zones: 3, nodeSubnetId: "s", tags: {} })),
    ).toThrow(/default node pool/);
  });

  // Source: found here: kube_config is a sensitive attribute; Terraform refuses an output that
  // refers to a sensitive value unless marked sensitive, so the (public) CA goes through nonsensitive().
  test("the CA certificate output is unwrapped from the sensitive kube_config; the endpoint uses the public FQDN, which resolves to the private endpoint", () => {
    expect(primary.output.cluster_ca_certificate.value).toMatch(/^\$\{nonsensitive\(azurerm_kubernetes_cluster\..*\.kube_config\[0\]\.cluster_ca_certificate\)\}$/);
    expect(primary.output.cluster_endpoint.value).toMatch(/^https:\/\/\$\{azurerm_kubernetes_cluster\.[^.]+\.fqdn\}:443$/);
    // The public name of a private cluster: off by default in azurerm, on by default in the AKS API (learn.microsoft.com/azure/aks/private-clusters).
    for (const cluster of clusters) expect(cluster).toMatchObject({ private_cluster_enabled: true, private_cluster_public_fqdn_enabled: true });
  });

  // The deployer's RBAC Cluster Admin is used by the add-ons and coder stacks right after this one.
  test("the stack ends only once the deployer's cluster admin role and the coder ingress grants take effect", () => {
    const admin = addressOf(primary, "azurerm_role_assignment", (r) => r.role_definition_name === "Azure Kubernetes Service RBAC Cluster Admin");
    const sleeps = Object.values(primary.resource.time_sleep as Record<string, TerraformJson>);
    expect(sleeps.some((s) => admin.every((a) => s.depends_on.includes(a)))).toBe(true);
    const ingress = addressOf(primary, "azurerm_role_assignment", (r) => r["//"].metadata.path.includes("/coder-ingress/"));
    expect(ingress.length).toBeGreaterThan(0);
    expect(sleeps.some((s) => ingress.every((a) => s.depends_on.includes(a)))).toBe(true);
  });

  // AKS: "the upgrade operation stops" when a node's drain outlasts drain_timeout_in_minutes (default 30;
  // learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling); a provisioner finishes its build within 3,600 s.
  test("the provisioner pool drains for longer than its pods' grace period; the others keep AKS's 30 minutes, stated", () => {
    for (const stack of [primary, secondary]) {
      const timeouts = Object.fromEntries(resources(stack, "azurerm_kubernetes_cluster_node_pool").map((p) => [p.name, p.upgrade_settings.drain_timeout_in_minutes]));
      expect(timeouts.provisioner).toBe(70);
      expect(timeouts.provisioner * 60).toBeGreaterThan(3600);
      for (const [name, minutes] of Object.entries(timeouts)) if (name !== "provisioner") expect(minutes).toBe(30);
      expect(resources(stack, "azurerm_kubernetes_cluster")[0].default_node_pool.upgrade_settings.drain_timeout_in_minutes).toBe(30);
    }
  });

  // AKS system pools: "at least 4 vCPUs and 4 GB of memory" (learn.microsoft.com/azure/aks/use-system-pools).
  test("the system pool meets AKS's guidance of at least 4 vCPUs", () => {
    for (const cluster of clusters) expect(cluster.default_node_pool.vm_size).toBe("Standard_D4s_v3");
  });

  // Source: REFERENCE.md section 4 list of AKS settings: diagnostic settings with the audit log to Log Analytics;
  // kube-audit-admin, which leaves out get and list events, where kube-audit "can incur substantial cost"
  // (learn.microsoft.com/azure/aks/monitor-aks-reference).
  test("control-plane logs including the audit log of changes go to Log Analytics", () => {
    for (const stack of [primary, secondary]) {
      const [setting] = resources(stack, "azurerm_monitor_diagnostic_setting");
      expect(setting.target_resource_id).toMatch(/azurerm_kubernetes_cluster\..*\.id/);
      expect(setting.log_analytics_workspace_id).toMatch(/azurerm_log_analytics_workspace\..*\.id/);
      expect(setting.enabled_log.map((l: TerraformJson) => l.category)).toEqual(expect.arrayContaining(["kube-audit-admin", "kube-apiserver"]));
    }
  });
});

describe("found while building: Terraform JSON and stacks", () => {
  // Source: found here; Terraform "attributes as blocks" (azurerm security_rule is one): in JSON an
  // inline rule needs every attribute, and inline rules fight separate ones, so rules are resources.
  test("NSG rules are separate resources, never inline security_rule", () => {
    for (const stack of [primary, secondary]) {
      for (const nsg of resources(stack, "azurerm_network_security_group")) expect(nsg.security_rule).toBeUndefined();
      expect(resources(stack, "azurerm_network_security_rule").length).toBeGreaterThan(0);
    }
  });

  // Source: found here; cdktf refuses cross-stack references in both directions between two stacks,
  // so everything cross-region lives in the secondary stack and the primary reads nothing from it.
  test("the primary stack reads no other stack's state", () => {
    expect(primary.data.terraform_remote_state).toBeUndefined();
    expect(Object.keys(secondary.data.terraform_remote_state)).toEqual(["cross-stack-reference-input-azure-eastus-infra"]);
  });
});

describe("deploy prerequisites are documented", () => {
  // Source: REFERENCE.md section 4: Dv3 and regional vCPU quota (about 1,100 vCPUs per region at
  // 128 workspace nodes); some subscriptions cannot create Flexible Server in a region; Key Vault data-plane roles.
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  test.each([/LocationIsOfferRestricted/, /vCPU quota/, /Key Vault Crypto Officer/, /zone/i])("README mentions %s", (pattern) => {
    expect(readme).toMatch(pattern);
  });
});
