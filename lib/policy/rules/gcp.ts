import { admitsInternet, at, block, blocks, internetShare, isFalse, isTrue, PolicyRule, portInRange, stackOf } from "../rule";

/** Longest rotation period the project accepts for a KMS key: 90 days (CIS GCP 1.10). */
const MAX_KEY_ROTATION_SECONDS = 90 * 24 * 3600;

const isReplica = (a: Record<string, unknown>) => Boolean(a.master_instance_name);

/**
 * GCP rules (hashicorp/google 6.x attribute names). `source` names the checkov control (CKV_GCP_*)
 * or, for apply-time rules, the provider issue or Google document.
 */
export const GCP_RULES: readonly PolicyRule[] = [
  {
    id: "GCP-SQL-001",
    cloud: "gcp",
    type: "google_sql_database_instance",
    title: "no public IP on Cloud SQL",
    source: "checkov CKV_GCP_60; CIS GCP 6.6",
    fix: "set settings.ip_configuration.ipv4_enabled = false and a private_network",
    check: (a) => (isFalse(at(a, "settings.ip_configuration.ipv4_enabled")) ? undefined : "ipv4_enabled is not false (the API's default gives a public IP)"),
  },
  {
    id: "GCP-SQL-002",
    cloud: "gcp",
    type: "google_sql_database_instance",
    title: "TLS required for every connection",
    source: "checkov CKV_GCP_6; CIS GCP 6.4 (require_ssl is gone since provider 6.0: ssl_mode)",
    fix: 'set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY"',
    check: (a) => {
      const mode = at(a, "settings.ip_configuration.ssl_mode");
      return ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"].includes(mode) ? undefined : `ssl_mode is ${mode ?? "unset (unencrypted allowed)"}`;
    },
  },
  {
    id: "GCP-SQL-003",
    cloud: "gcp",
    type: "google_sql_database_instance",
    title: "backups with point-in-time recovery on the primary",
    source: "checkov CKV_GCP_14; CIS GCP 6.7",
    fix: "set settings.backup_configuration { enabled = true, point_in_time_recovery_enabled = true }",
    check: (a) =>
      isReplica(a) || (isTrue(at(a, "settings.backup_configuration.enabled")) && isTrue(at(a, "settings.backup_configuration.point_in_time_recovery_enabled")))
        ? undefined
        : "backups or point-in-time recovery are off",
  },
  {
    id: "GCP-SQL-004",
    cloud: "gcp",
    type: "google_sql_database_instance",
    title: "deletion protection on",
    source: "provider docs, google_sql_database_instance deletion_protection",
    fix: "leave deletion_protection at true (database.deletionProtection)",
    check: (a) => (isFalse(a.deletion_protection) ? "deletion_protection is false" : undefined),
  },
  {
    id: "GCP-SQL-005",
    cloud: "gcp",
    type: "google_sql_database_instance",
    title: "the primary is highly available (REGIONAL)",
    source: "Cloud SQL docs, high availability; the reference architecture's HA mode",
    fix: 'set settings.availability_type = "REGIONAL" on the primary',
    check: (a) => (isReplica(a) || at(a, "settings.availability_type") === "REGIONAL" ? undefined : "availability_type is not REGIONAL"),
  },
  {
    id: "GCP-SQL-006",
    cloud: "gcp",
    type: "google_sql_database_instance",
    title: "edition stated for custom tiers",
    source: "magic-modules PRs 12077 and 18014, terraform-provider-google issue 20498: POSTGRES_16+ defaults to ENTERPRISE_PLUS, which refuses db-custom tiers",
    fix: 'set settings.edition = "ENTERPRISE" with a db-custom-* tier',
    check: (a) => {
      const tier = String(at(a, "settings.tier") ?? "");
      return tier.startsWith("db-custom-") && at(a, "settings.edition") !== "ENTERPRISE" ? `tier ${tier} without edition ENTERPRISE fails at apply` : undefined;
    },
  },
  {
    id: "GCP-SQL-007",
    cloud: "gcp",
    type: "google_sql_database_instance",
    title: "private IP waits for the service networking connection",
    contextTypes: ["google_service_networking_connection"],
    source: "terraform-provider-google issues 3245 and 7154",
    fix: "add depends_on the google_service_networking_connection (a connection in an earlier stack is deployed before)",
    check: (a, context) => {
      if (!at(a, "settings.ip_configuration.private_network")) return undefined;
      // Only a connection created in the same apply can race the instance.
      const sameStack = context.blocks.some(
        (b) => b.type === "google_service_networking_connection" && (!context.self || stackOf(b) === stackOf(context.self)),
      );
      return sameStack && !(a.depends_on ?? []).some((d: string) => d.includes("google_service_networking_connection"))
        ? "private_network without depends_on the service networking connection: creation races the peering"
        : undefined;
    },
  },
  {
    id: "GCP-GKE-001",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "private nodes",
    source: "checkov CKV_GCP_25",
    fix: "set private_cluster_config.enable_private_nodes = true",
    check: (a) => (isTrue(at(a, "private_cluster_config.enable_private_nodes")) ? undefined : "nodes get public addresses"),
  },
  {
    id: "GCP-GKE-002",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "control plane reachable only from authorized networks",
    source: "checkov CKV_GCP_20; CIS GKE 5.6.3",
    fix: "set master_authorized_networks_config (kubernetes.apiAllowedCidrs), never 0.0.0.0/0",
    check: (a) => {
      const config = block(a.master_authorized_networks_config);
      if (!config) return "no master_authorized_networks_config: the endpoint admits any address";
      const networks: string[] = blocks(config.cidr_blocks).map((c) => c.cidr_block);
      return admitsInternet(networks) ? `the authorized networks admit ${internetShare(networks)}` : undefined;
    },
  },
  {
    id: "GCP-GKE-003",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "application-layer secrets encryption",
    source: "checkov CKV_GCP_71; CIS GKE 5.3.1",
    fix: 'set database_encryption { state = "ENCRYPTED", key_name = <Cloud KMS key> }',
    check: (a) => (at(a, "database_encryption.state") === "ENCRYPTED" ? undefined : "Kubernetes secrets are not encrypted with a KMS key"),
  },
  {
    id: "GCP-GKE-004",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "Workload Identity",
    source: "checkov CKV_GCP_69 (workload_identity_config); CIS GKE 5.2.2",
    fix: 'set workload_identity_config.workload_pool = "<project>.svc.id.goog"',
    check: (a) => (at(a, "workload_identity_config.workload_pool") ? undefined : "pods would use the node's service account"),
  },
  {
    id: "GCP-GKE-005",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "legacy ABAC off",
    source: "checkov CKV_GCP_7; CIS GKE 5.8.3",
    fix: "leave enable_legacy_abac false",
    check: (a) => (isTrue(a.enable_legacy_abac) ? "legacy ABAC is on" : undefined),
  },
  {
    id: "GCP-GKE-006",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "no client certificates",
    source: "checkov CKV_GCP_13; CIS GKE 5.8.2",
    fix: "set master_auth.client_certificate_config.issue_client_certificate = false",
    check: (a) => (isTrue(at(a, "master_auth.client_certificate_config.issue_client_certificate")) ? "client certificates are issued" : undefined),
  },
  {
    id: "GCP-GKE-007",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "release channel",
    source: "checkov CKV_GCP_70",
    fix: 'set release_channel.channel (e.g. "REGULAR")',
    check: (a) => (at(a, "release_channel.channel") && at(a, "release_channel.channel") !== "UNSPECIFIED" ? undefined : "no release channel"),
  },
  {
    id: "GCP-GKE-008",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "Dataplane V2 without Calico",
    source: "GKE docs, Dataplane V2: network policy is enforced by the data plane; enabling network_policy too is refused",
    fix: "with datapath_provider ADVANCED_DATAPATH, leave network_policy and its add-on off",
    check: (a) =>
      a.datapath_provider === "ADVANCED_DATAPATH" && (isTrue(at(a, "network_policy.enabled")) || isFalse(at(a, "addons_config.network_policy_config.disabled")))
        ? "Calico network policy enabled on a Dataplane V2 cluster"
        : undefined,
  },
  {
    id: "GCP-GKE-009",
    cloud: "gcp",
    type: "google_container_cluster",
    title: "cluster deletion protection",
    source: "provider docs, google_container_cluster deletion_protection",
    fix: "leave deletion_protection at true",
    check: (a) => (isFalse(a.deletion_protection) ? "deletion_protection is false" : undefined),
  },
  {
    id: "GCP-GKE-010",
    cloud: "gcp",
    type: "google_container_node_pool",
    title: "shielded nodes with secure boot",
    source: "checkov CKV_GCP_68; CIS GKE 5.5.7",
    fix: "set node_config.shielded_instance_config.enable_secure_boot = true",
    check: (a) => (isTrue(at(a, "node_config.shielded_instance_config.enable_secure_boot")) ? undefined : "secure boot is off"),
  },
  {
    id: "GCP-GKE-011",
    cloud: "gcp",
    type: "google_container_node_pool",
    title: "GKE metadata server",
    source: "trivy AVD-GCP-0057 (metadata concealment); GKE Workload Identity docs: every node pool needs workload_metadata_config mode GKE_METADATA",
    fix: 'set node_config.workload_metadata_config.mode = "GKE_METADATA"',
    check: (a) => (at(a, "node_config.workload_metadata_config.mode") === "GKE_METADATA" ? undefined : "pods can read the node's metadata"),
  },
  {
    id: "GCP-GKE-012",
    cloud: "gcp",
    type: "google_container_node_pool",
    title: "auto-repair and auto-upgrade",
    source: "checkov CKV_GCP_9, CKV_GCP_10",
    fix: "set management { auto_repair = true, auto_upgrade = true }",
    check: (a) => (isFalse(at(a, "management.auto_repair")) || isFalse(at(a, "management.auto_upgrade")) ? "auto-repair or auto-upgrade is off" : undefined),
  },
  {
    id: "GCP-GKE-013",
    cloud: "gcp",
    type: "google_container_node_pool",
    title: "no fixed node count on an autoscaling pool",
    source: "provider docs, google_container_node_pool: node_count conflicts with the autoscaler (counts are per zone)",
    fix: "with autoscaling, drop node_count (use initial_node_count and total_min/max_node_count)",
    check: (a) => (block(a.autoscaling) && a.node_count !== undefined ? "node_count is set together with autoscaling" : undefined),
  },
  {
    id: "GCP-NET-001",
    cloud: "gcp",
    type: "google_compute_subnetwork",
    title: "subnet flow logs and private Google access",
    source: "checkov CKV_GCP_26, CKV_GCP_74",
    fix: "set log_config and private_ip_google_access = true",
    check: (a) => (!block(a.log_config) ? "no flow logs" : !isTrue(a.private_ip_google_access) ? "private Google access is off" : undefined),
  },
  {
    id: "GCP-NET-002",
    cloud: "gcp",
    type: "google_compute_firewall",
    title: "no SSH or RDP from anywhere",
    source: "checkov CKV_GCP_2, CKV_GCP_3",
    fix: "admit 22/3389 from named ranges only (Identity-Aware Proxy: 35.235.240.0/20)",
    check: (a) => {
      if ((a.direction ?? "INGRESS") !== "INGRESS" || !admitsInternet(a.source_ranges ?? [])) return undefined;
      const open = blocks(a.allow).some((rule) => rule.protocol === "all" || (rule.ports ?? [undefined]).some((p: unknown) => portInRange(22, p) || portInRange(3389, p)));
      return open ? "22 or 3389 open to 0.0.0.0/0" : undefined;
    },
  },
  {
    id: "GCP-KMS-001",
    cloud: "gcp",
    type: "google_kms_crypto_key",
    title: "key rotation within 90 days",
    source: "checkov CKV_GCP_43; CIS GCP 1.10",
    fix: 'set rotation_period = "7776000s" or shorter',
    check: (a) => {
      const seconds = Number(String(a.rotation_period ?? "").replace(/s$/, ""));
      return seconds > 0 && seconds <= MAX_KEY_ROTATION_SECONDS ? undefined : `rotation_period is ${a.rotation_period ?? "unset (never rotates)"}`;
    },
  },
];
