import { admitsInternet, at, block, blocks, internetShare, isFalse, isTrue, PolicyRule, portInRange } from "../rule";

const isReplica = (a: Record<string, unknown>) => a.create_mode === "Replica";
const ignores = (a: Record<string, unknown>, attribute: string) => {
  const ignored = block(a.lifecycle)?.ignore_changes;
  return ignored === "all" || (Array.isArray(ignored) && ignored.includes(attribute));
};

/** Whether an NSG rule (inline or standalone) admits SSH or RDP from the internet. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform attributes are untyped JSON
function opensSshOrRdp(rule: Record<string, any>): boolean {
  if (rule.direction !== "Inbound" || rule.access !== "Allow") return false;
  const sources: string[] = [rule.source_address_prefix, ...(rule.source_address_prefixes ?? [])].filter(Boolean);
  if (!admitsInternet(sources)) return false;
  const ports: string[] = [rule.destination_port_range, ...(rule.destination_port_ranges ?? [])].filter(Boolean);
  return ports.some((p) => portInRange(22, p) || portInRange(3389, p));
}

/**
 * Azure rules (hashicorp/azurerm 4.x attribute names). `source` names the checkov control
 * (CKV_AZURE_*) or, for apply-time rules, the provider issue or Azure document.
 */
export const AZURE_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-PG-001",
    cloud: "azure",
    type: "azurerm_postgresql_flexible_server",
    title: "no public network access",
    source: "checkov CKV_AZURE_68; azurerm postgresql_flexible_server docs: public_network_access_enabled must be false with a delegated subnet",
    fix: "set public_network_access_enabled = false and a delegated_subnet_id",
    check: (a) => (isFalse(a.public_network_access_enabled) ? undefined : "public_network_access_enabled is not false (the provider's default is true)"),
  },
  {
    id: "AZ-PG-002",
    cloud: "azure",
    type: "azurerm_postgresql_flexible_server",
    title: "zone-redundant high availability on the primary",
    source: "Azure Database for PostgreSQL docs, high availability; the reference architecture's HA mode",
    fix: 'set high_availability { mode = "ZoneRedundant" } on the primary (not on burstable SKUs)',
    check: (a) => (isReplica(a) || at(a, "high_availability.mode") === "ZoneRedundant" ? undefined : "the primary is not zone-redundant"),
  },
  {
    id: "AZ-PG-003",
    cloud: "azure",
    type: "azurerm_postgresql_flexible_server",
    title: "geo-redundant backups kept at least 7 days",
    source: "checkov CKV_AZURE_136",
    fix: "set geo_redundant_backup_enabled = true (only at creation) and backup_retention_days >= 7",
    check: (a) =>
      isReplica(a) || (isTrue(a.geo_redundant_backup_enabled) && Number(a.backup_retention_days ?? 7) >= 7) ? undefined : "backups are not geo-redundant or kept under 7 days",
  },
  {
    id: "AZ-PG-004",
    cloud: "azure",
    type: "azurerm_postgresql_flexible_server",
    title: "auto-grown storage is not shrunk back",
    source: "terraform-provider-azurerm issue 29463: a grown disk reads as a shrink and replaces the server",
    fix: 'with auto_grow_enabled, add lifecycle.ignore_changes = ["storage_mb", "storage_tier"]',
    check: (a) => (isTrue(a.auto_grow_enabled) && !(ignores(a, "storage_mb") && ignores(a, "storage_tier")) ? "auto-grow without ignore_changes on storage_mb and storage_tier" : undefined),
  },
  {
    id: "AZ-PG-005",
    cloud: "azure",
    type: "azurerm_postgresql_flexible_server",
    title: "a failover does not replan the zones",
    source: "provider docs, postgresql_flexible_server: a failover swaps zone and standby_availability_zone",
    fix: 'with high_availability, add lifecycle.ignore_changes = ["zone", "high_availability[0].standby_availability_zone"]',
    check: (a) =>
      block(a.high_availability) && !(ignores(a, "zone") && ignores(a, "high_availability[0].standby_availability_zone"))
        ? "zone and standby zone are not ignored: the first failover shows a replacement"
        : undefined,
  },
  {
    id: "AZ-PG-006",
    cloud: "azure",
    type: "azurerm_postgresql_flexible_server",
    title: "a replica carries no HA, geo-backup or password",
    source: "Azure Database for PostgreSQL docs, read replicas (limitations)",
    fix: "on create_mode Replica, leave out high_availability, geo_redundant_backup_enabled and administrator_password",
    check: (a) =>
      isReplica(a) && (block(a.high_availability) || isTrue(a.geo_redundant_backup_enabled) || a.administrator_password || a.administrator_password_wo)
        ? "a replica sets HA, geo-backup or an administrator password, which Azure refuses"
        : undefined,
  },
  {
    id: "AZ-AKS-001",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "local accounts disabled",
    source: "checkov CKV_AZURE_141",
    fix: "set local_account_disabled = true with Entra ID and Azure RBAC",
    check: (a) => (isTrue(a.local_account_disabled) ? undefined : "local accounts are enabled"),
  },
  {
    id: "AZ-AKS-002",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "Entra ID with Azure RBAC",
    source: "checkov CKV_AZURE_5",
    fix: "set azure_active_directory_role_based_access_control { azure_rbac_enabled = true }",
    check: (a) => (isTrue(at(a, "azure_active_directory_role_based_access_control.azure_rbac_enabled")) ? undefined : "Azure RBAC is off"),
  },
  {
    id: "AZ-AKS-003",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "API server private or limited to authorized ranges, not both",
    source: "checkov CKV_AZURE_6, CKV_AZURE_115; AKS refuses a private cluster with authorized IP ranges",
    fix: "set private_cluster_enabled = true, or api_server_access_profile.authorized_ip_ranges (kubernetes.apiAllowedCidrs)",
    check: (a) => {
      const ranges: string[] = at(a, "api_server_access_profile.authorized_ip_ranges") ?? [];
      const isPrivate = isTrue(a.private_cluster_enabled);
      if (isPrivate && ranges.length > 0) return "a private cluster with authorized IP ranges is rejected";
      if (!isPrivate && ranges.length === 0) return "the API server is public to any address";
      return admitsInternet(ranges) ? `the authorized ranges admit ${internetShare(ranges)}` : undefined;
    },
  },
  {
    id: "AZ-AKS-004",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "KMS encryption of secrets with a user-assigned identity",
    source: "AKS docs, KMS etcd encryption (system-assigned identity not supported)",
    fix: 'set key_management_service { key_vault_key_id } and identity { type = "UserAssigned" }',
    check: (a) =>
      !at(a, "key_management_service.key_vault_key_id")
        ? "secrets are not encrypted with a Key Vault key"
        : at(a, "identity.type") !== "UserAssigned"
          ? "KMS needs a user-assigned identity"
          : undefined,
  },
  {
    id: "AZ-AKS-005",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "network policy engine",
    source: "checkov CKV_AZURE_7",
    fix: 'set network_profile.network_policy (e.g. "cilium" with network_data_plane "cilium")',
    check: (a) => (at(a, "network_profile.network_policy") ? undefined : "no network policy engine"),
  },
  {
    id: "AZ-AKS-006",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "Cilium policy needs the Cilium data plane",
    source: "AKS docs, Azure CNI powered by Cilium (checked only at apply)",
    fix: 'with network_policy "cilium", set network_data_plane = "cilium"',
    check: (a) =>
      at(a, "network_profile.network_policy") === "cilium" && at(a, "network_profile.network_data_plane") !== "cilium"
        ? "network_policy cilium without the cilium data plane"
        : undefined,
  },
  {
    id: "AZ-AKS-007",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "automatic upgrades",
    source: "checkov CKV_AZURE_171",
    fix: 'set automatic_upgrade_channel (e.g. "patch")',
    check: (a) => (a.automatic_upgrade_channel && a.automatic_upgrade_channel !== "none" ? undefined : "no automatic upgrade channel"),
  },
  {
    id: "AZ-AKS-008",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "workload identity with the OIDC issuer",
    source: "provider docs, kubernetes_cluster: workload_identity_enabled needs oidc_issuer_enabled (checked only at apply)",
    fix: "set oidc_issuer_enabled = true and workload_identity_enabled = true",
    check: (a) => (isTrue(a.workload_identity_enabled) && isTrue(a.oidc_issuer_enabled) ? undefined : "workload identity or the OIDC issuer is off"),
  },
  {
    id: "AZ-AKS-009",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster",
    title: "system pool without public IPs, across zones",
    source: "checkov CKV_AZURE_143; AKS docs, availability zones",
    fix: "set default_node_pool { node_public_ip_enabled = false, zones = [...2 or more] }",
    check: (a) => {
      const pool = block(a.default_node_pool) ?? {};
      if (isTrue(pool.node_public_ip_enabled)) return "system nodes get public IPs";
      return (pool.zones ?? []).length >= 2 ? undefined : "the system pool does not span zones";
    },
  },
  {
    id: "AZ-AKS-010",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster_node_pool",
    title: "user pools without public IPs",
    source: "checkov CKV_AZURE_143",
    fix: "set node_public_ip_enabled = false",
    check: (a) => (isTrue(a.node_public_ip_enabled) ? "nodes get public IPs" : undefined),
  },
  {
    id: "AZ-AKS-011",
    cloud: "azure",
    type: "azurerm_kubernetes_cluster_node_pool",
    title: "autoscaled pools ignore node_count",
    source: "provider docs, kubernetes_cluster_node_pool: the autoscaler changes node_count",
    fix: 'with auto_scaling_enabled, add lifecycle.ignore_changes = ["node_count"]',
    check: (a) => (isTrue(a.auto_scaling_enabled) && !ignores(a, "node_count") ? "the next apply resets the autoscaler's node count" : undefined),
  },
  {
    id: "AZ-KV-001",
    cloud: "azure",
    type: "azurerm_key_vault",
    title: "purge protection",
    source: "checkov CKV_AZURE_110; AKS KMS requires it",
    fix: "set purge_protection_enabled = true",
    check: (a) => (isTrue(a.purge_protection_enabled) ? undefined : "purge protection is off"),
  },
  {
    id: "AZ-NET-001",
    cloud: "azure",
    type: "azurerm_network_security_rule",
    title: "no SSH or RDP from the internet",
    source: "checkov CKV_AZURE_9, CKV_AZURE_10",
    fix: "admit 22/3389 from named ranges only, or not at all",
    check: (a) => (opensSshOrRdp(a) ? "22 or 3389 open to the internet" : undefined),
  },
  {
    id: "AZ-NET-002",
    cloud: "azure",
    type: "azurerm_network_security_group",
    title: "no SSH or RDP from the internet (inline rules)",
    source: "checkov CKV_AZURE_9, CKV_AZURE_10",
    fix: "admit 22/3389 from named ranges only, or not at all",
    check: (a) => (blocks(a.security_rule).some(opensSshOrRdp) ? "an inline rule opens 22 or 3389 to the internet" : undefined),
  },
];
