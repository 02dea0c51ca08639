import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { AWS_RULES, AZURE_RULES, evaluatePolicy, formatViolation, GCP_RULES, kubernetesRules, PolicyRule, SynthesizedBlock } from "../lib/policy";

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are synthesized Terraform JSON */
type Attributes = Record<string, any>;

/**
 * Every rule against a passing fixture, a failing one, and one with the checked attribute left out
 * (which must behave as the provider's default does: `omitted` says whether that passes).
 */
interface Fixture {
  readonly pass: Attributes;
  readonly fail: Attributes;
  readonly omitted: Attributes;
  readonly omittedPasses: boolean;
  /** Other blocks of the deployment, for rules that relate blocks (per case, or `all`). */
  readonly context?: Partial<Record<"all" | "pass" | "fail" | "omitted", SynthesizedBlock[]>>;
}

const policyDoc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const replicaBlock: SynthesizedBlock = { kind: "resource", type: "aws_db_instance", path: "s/replica", attributes: { replicate_source_db: "arn" } };
const flowLog: SynthesizedBlock = { kind: "resource", type: "aws_flow_log", path: "s/flow", attributes: {} };
const sql = (settings: Attributes, rest: Attributes = {}) => ({ settings: [settings], ...rest });
const cluster = (attributes: Attributes) => attributes;

const FIXTURES: Record<string, Fixture> = {
  "AWS-RDS-001": { pass: { storage_encrypted: true }, fail: { storage_encrypted: false }, omitted: {}, omittedPasses: false },
  "AWS-RDS-002": { pass: { publicly_accessible: false }, fail: { publicly_accessible: true }, omitted: {}, omittedPasses: true },
  "AWS-RDS-003": { pass: { backup_retention_period: 7 }, fail: { backup_retention_period: 1 }, omitted: {}, omittedPasses: false },
  "AWS-RDS-004": { pass: { deletion_protection: true }, fail: { deletion_protection: false }, omitted: {}, omittedPasses: false },
  "AWS-RDS-005": { pass: { multi_az: true }, fail: { multi_az: false }, omitted: { replicate_source_db: "arn" }, omittedPasses: true },
  "AWS-RDS-006": { pass: { enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] }, fail: { enabled_cloudwatch_logs_exports: ["upgrade"] }, omitted: {}, omittedPasses: false },
  "AWS-RDS-007": { pass: { auto_minor_version_upgrade: true }, fail: { auto_minor_version_upgrade: false }, omitted: {}, omittedPasses: true },
  "AWS-RDS-008": {
    pass: { performance_insights_enabled: true, performance_insights_kms_key_id: "arn:key" },
    fail: { performance_insights_enabled: true },
    omitted: {},
    omittedPasses: true,
  },
  "AWS-RDS-009": { pass: { manage_master_user_password: false }, fail: { manage_master_user_password: true }, omitted: {}, omittedPasses: true, context: { all: [replicaBlock] } },
  "AWS-RDS-010": {
    pass: { name_prefix: "coder-", lifecycle: { create_before_destroy: true } },
    fail: { name: "coder", family: "postgres17" },
    omitted: { name_prefix: "coder-" },
    omittedPasses: false,
  },
  "AWS-EKS-001": {
    pass: { encryption_config: { resources: ["secrets"], provider: { key_arn: "k" } } },
    fail: { encryption_config: { resources: [] } },
    omitted: {},
    omittedPasses: false,
  },
  "AWS-EKS-002": {
    pass: { vpc_config: { endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] } },
    fail: { vpc_config: { endpoint_public_access: true, public_access_cidrs: ["0.0.0.0/0"] } },
    omitted: { vpc_config: { subnet_ids: ["a"] } },
    omittedPasses: false,
  },
  "AWS-EKS-003": {
    pass: { enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
    fail: { enabled_cluster_log_types: ["api"] },
    omitted: {},
    omittedPasses: false,
  },
  "AWS-EKS-004": { pass: { exclude_zone_ids: ["use1-az3", "usw1-az2", "cac1-az3"] }, fail: { exclude_zone_ids: ["use1-az3"] }, omitted: {}, omittedPasses: false },
  "AWS-EKS-005": { pass: { node_group_name: "n" }, fail: { remote_access: { ec2_ssh_key: "k" } }, omitted: {}, omittedPasses: true },
  "AWS-EC2-001": {
    pass: { metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 } },
    fail: { metadata_options: { http_tokens: "required", http_put_response_hop_limit: 2 } },
    omitted: {},
    omittedPasses: false,
  },
  "AWS-EC2-002": {
    pass: { block_device_mappings: [{ ebs: { encrypted: "true" } }] },
    fail: { block_device_mappings: [{ ebs: { encrypted: "false" } }] },
    omitted: {},
    omittedPasses: false,
  },
  "AWS-EC2-003": { pass: { map_public_ip_on_launch: false }, fail: { map_public_ip_on_launch: true }, omitted: {}, omittedPasses: true },
  "AWS-EC2-004": { pass: { vpc_id: "v" }, fail: { ingress: [{ from_port: 0, to_port: 0, protocol: "-1", self: true }] }, omitted: {}, omittedPasses: true },
  "AWS-EC2-005": {
    pass: { cidr_ipv4: "10.0.0.0/16", ip_protocol: "tcp", from_port: 22, to_port: 22 },
    fail: { cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 3389, to_port: 3389 },
    omitted: { referenced_security_group_id: "sg", ip_protocol: "tcp", from_port: 5432, to_port: 5432 },
    omittedPasses: true,
  },
  "AWS-EC2-006": {
    pass: { ingress: [{ cidr_blocks: ["0.0.0.0/0"], from_port: 443, to_port: 443 }] },
    fail: { ingress: [{ cidr_blocks: ["0.0.0.0/0"], from_port: 0, to_port: 65535 }] },
    omitted: {},
    omittedPasses: true,
  },
  "AWS-VPC-001": { pass: { cidr_block: "10.0.0.0/16" }, fail: { cidr_block: "10.0.0.0/16" }, omitted: {}, omittedPasses: false, context: { pass: [flowLog] } },
  "AWS-KMS-001": { pass: { enable_key_rotation: true }, fail: { enable_key_rotation: false }, omitted: {}, omittedPasses: false },
  "AWS-LOG-001": { pass: { retention_in_days: 90 }, fail: { retention_in_days: 0 }, omitted: {}, omittedPasses: false },
  "AWS-SM-001": { pass: { kms_key_id: "arn:key" }, fail: { name: "s" }, omitted: {}, omittedPasses: false },
  "AWS-IAM-001": {
    pass: { assume_role_policy: policyDoc({ Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "1" } } }) },
    fail: { assume_role_policy: policyDoc({ Principal: { Service: "vpc-flow-logs.amazonaws.com" } }) },
    omitted: { assume_role_policy: policyDoc({ Principal: { Service: "ec2.amazonaws.com" } }) },
    omittedPasses: true,
  },

  "GCP-SQL-001": {
    pass: sql({ ip_configuration: { ipv4_enabled: false } }),
    fail: sql({ ip_configuration: { ipv4_enabled: true } }),
    omitted: sql({}),
    omittedPasses: false,
  },
  "GCP-SQL-002": {
    pass: sql({ ip_configuration: { ssl_mode: "ENCRYPTED_ONLY" } }),
    fail: sql({ ip_configuration: { ssl_mode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } }),
    omitted: sql({ ip_configuration: {} }),
    omittedPasses: false,
  },
  "GCP-SQL-003": {
    pass: sql({ backup_configuration: { enabled: true, point_in_time_recovery_enabled: true } }),
    fail: sql({ backup_configuration: { enabled: true, point_in_time_recovery_enabled: false } }),
    omitted: sql({}, { master_instance_name: "primary" }),
    omittedPasses: true,
  },
  "GCP-SQL-004": { pass: { deletion_protection: true }, fail: { deletion_protection: false }, omitted: {}, omittedPasses: true },
  "GCP-SQL-005": { pass: sql({ availability_type: "REGIONAL" }), fail: sql({ availability_type: "ZONAL" }), omitted: sql({}), omittedPasses: false },
  "GCP-SQL-006": {
    pass: sql({ tier: "db-custom-4-15360", edition: "ENTERPRISE" }),
    fail: sql({ tier: "db-custom-4-15360", edition: "ENTERPRISE_PLUS" }),
    omitted: sql({ tier: "db-custom-4-15360" }),
    omittedPasses: false,
  },
  "GCP-SQL-007": {
    pass: sql({ ip_configuration: { private_network: "vpc" } }, { depends_on: ["google_service_networking_connection.psa"] }),
    fail: sql({ ip_configuration: { private_network: "vpc" } }, { depends_on: [] }),
    omitted: sql({ ip_configuration: { private_network: "vpc" } }),
    omittedPasses: false,
    context: { all: [{ kind: "resource", type: "google_service_networking_connection", path: "stack/psa", attributes: {} }] },
  },
  "GCP-GKE-001": { pass: { private_cluster_config: { enable_private_nodes: true } }, fail: { private_cluster_config: { enable_private_nodes: false } }, omitted: {}, omittedPasses: false },
  "GCP-GKE-002": {
    pass: { master_authorized_networks_config: { cidr_blocks: [{ cidr_block: "203.0.113.0/24" }] } },
    fail: { master_authorized_networks_config: { cidr_blocks: [{ cidr_block: "0.0.0.0/0" }] } },
    omitted: {},
    omittedPasses: false,
  },
  "GCP-GKE-003": { pass: { database_encryption: { state: "ENCRYPTED", key_name: "k" } }, fail: { database_encryption: { state: "DECRYPTED" } }, omitted: {}, omittedPasses: false },
  "GCP-GKE-004": { pass: { workload_identity_config: { workload_pool: "p.svc.id.goog" } }, fail: { workload_identity_config: {} }, omitted: {}, omittedPasses: false },
  "GCP-GKE-005": { pass: { enable_legacy_abac: false }, fail: { enable_legacy_abac: true }, omitted: {}, omittedPasses: true },
  "GCP-GKE-006": {
    pass: { master_auth: { client_certificate_config: { issue_client_certificate: false } } },
    fail: { master_auth: { client_certificate_config: { issue_client_certificate: true } } },
    omitted: {},
    omittedPasses: true,
  },
  "GCP-GKE-007": { pass: { release_channel: { channel: "REGULAR" } }, fail: { release_channel: { channel: "UNSPECIFIED" } }, omitted: {}, omittedPasses: false },
  "GCP-GKE-008": {
    pass: cluster({ datapath_provider: "ADVANCED_DATAPATH", network_policy: { enabled: false } }),
    fail: cluster({ datapath_provider: "ADVANCED_DATAPATH", network_policy: { enabled: true } }),
    omitted: cluster({ datapath_provider: "ADVANCED_DATAPATH" }),
    omittedPasses: true,
  },
  "GCP-GKE-009": { pass: { deletion_protection: true }, fail: { deletion_protection: false }, omitted: {}, omittedPasses: true },
  "GCP-GKE-010": {
    pass: { node_config: { shielded_instance_config: { enable_secure_boot: true } } },
    fail: { node_config: { shielded_instance_config: { enable_secure_boot: false } } },
    omitted: { node_config: {} },
    omittedPasses: false,
  },
  "GCP-GKE-011": {
    pass: { node_config: { workload_metadata_config: { mode: "GKE_METADATA" } } },
    fail: { node_config: { workload_metadata_config: { mode: "GCE_METADATA" } } },
    omitted: { node_config: {} },
    omittedPasses: false,
  },
  "GCP-GKE-012": { pass: { management: { auto_repair: true, auto_upgrade: true } }, fail: { management: { auto_repair: false, auto_upgrade: true } }, omitted: {}, omittedPasses: true },
  "GCP-GKE-013": {
    pass: { autoscaling: { total_max_node_count: 64 }, initial_node_count: 1 },
    fail: { autoscaling: { total_max_node_count: 64 }, node_count: 1 },
    omitted: { node_count: 2 },
    omittedPasses: true,
  },
  "GCP-NET-001": {
    pass: { log_config: { aggregation_interval: "INTERVAL_5_SEC" }, private_ip_google_access: true },
    fail: { log_config: { aggregation_interval: "INTERVAL_5_SEC" }, private_ip_google_access: false },
    omitted: { private_ip_google_access: true },
    omittedPasses: false,
  },
  "GCP-NET-002": {
    pass: { source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["443"] }] },
    fail: { source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["20-23"] }] },
    omitted: { source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp" }] },
    omittedPasses: false,
  },
  "GCP-KMS-001": { pass: { rotation_period: "7776000s" }, fail: { rotation_period: "31536000s" }, omitted: {}, omittedPasses: false },

  "AZ-PG-001": { pass: { public_network_access_enabled: false }, fail: { public_network_access_enabled: true }, omitted: {}, omittedPasses: false },
  "AZ-PG-002": { pass: { high_availability: { mode: "ZoneRedundant" } }, fail: { high_availability: { mode: "SameZone" } }, omitted: {}, omittedPasses: false },
  "AZ-PG-003": {
    pass: { geo_redundant_backup_enabled: true, backup_retention_days: 7 },
    fail: { geo_redundant_backup_enabled: true, backup_retention_days: 3 },
    omitted: { backup_retention_days: 7 },
    omittedPasses: false,
  },
  "AZ-PG-004": {
    pass: { auto_grow_enabled: true, lifecycle: { ignore_changes: ["storage_mb", "storage_tier"] } },
    fail: { auto_grow_enabled: true, lifecycle: { ignore_changes: ["storage_mb"] } },
    omitted: { auto_grow_enabled: true },
    omittedPasses: false,
  },
  "AZ-PG-005": {
    pass: { high_availability: { mode: "ZoneRedundant" }, lifecycle: { ignore_changes: ["zone", "high_availability[0].standby_availability_zone"] } },
    fail: { high_availability: { mode: "ZoneRedundant" }, lifecycle: { ignore_changes: ["zone"] } },
    omitted: { high_availability: { mode: "ZoneRedundant" } },
    omittedPasses: false,
  },
  "AZ-PG-006": {
    pass: { create_mode: "Replica", source_server_id: "id" },
    fail: { create_mode: "Replica", administrator_password: "x" },
    omitted: { create_mode: "Replica" },
    omittedPasses: true,
  },
  "AZ-AKS-001": { pass: { local_account_disabled: true }, fail: { local_account_disabled: false }, omitted: {}, omittedPasses: false },
  "AZ-AKS-002": {
    pass: { azure_active_directory_role_based_access_control: { azure_rbac_enabled: true } },
    fail: { azure_active_directory_role_based_access_control: { azure_rbac_enabled: false } },
    omitted: {},
    omittedPasses: false,
  },
  "AZ-AKS-003": {
    pass: { api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/24"] } },
    fail: { private_cluster_enabled: true, api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/24"] } },
    omitted: {},
    omittedPasses: false,
  },
  "AZ-AKS-004": {
    pass: { key_management_service: { key_vault_key_id: "k" }, identity: { type: "UserAssigned" } },
    fail: { key_management_service: { key_vault_key_id: "k" }, identity: { type: "SystemAssigned" } },
    omitted: { identity: { type: "UserAssigned" } },
    omittedPasses: false,
  },
  "AZ-AKS-005": { pass: { network_profile: { network_policy: "cilium" } }, fail: { network_profile: { network_plugin: "azure" } }, omitted: {}, omittedPasses: false },
  "AZ-AKS-006": {
    pass: { network_profile: { network_policy: "cilium", network_data_plane: "cilium" } },
    fail: { network_profile: { network_policy: "cilium", network_data_plane: "azure" } },
    omitted: { network_profile: { network_policy: "cilium" } },
    omittedPasses: false,
  },
  "AZ-AKS-007": { pass: { automatic_upgrade_channel: "patch" }, fail: { automatic_upgrade_channel: "none" }, omitted: {}, omittedPasses: false },
  "AZ-AKS-008": {
    pass: { workload_identity_enabled: true, oidc_issuer_enabled: true },
    fail: { workload_identity_enabled: true, oidc_issuer_enabled: false },
    omitted: { workload_identity_enabled: true },
    omittedPasses: false,
  },
  "AZ-AKS-009": {
    pass: { default_node_pool: { zones: ["1", "2", "3"] } },
    fail: { default_node_pool: { zones: ["1", "2"], node_public_ip_enabled: true } },
    omitted: { default_node_pool: {} },
    omittedPasses: false,
  },
  "AZ-AKS-010": { pass: { node_public_ip_enabled: false }, fail: { node_public_ip_enabled: true }, omitted: {}, omittedPasses: true },
  "AZ-AKS-011": {
    pass: { auto_scaling_enabled: true, lifecycle: { ignore_changes: ["node_count"] } },
    fail: { auto_scaling_enabled: true, lifecycle: { ignore_changes: [] } },
    omitted: { auto_scaling_enabled: true },
    omittedPasses: false,
  },
  "AZ-KV-001": { pass: { purge_protection_enabled: true }, fail: { purge_protection_enabled: false }, omitted: {}, omittedPasses: false },
  "AZ-NET-001": {
    pass: { direction: "Inbound", access: "Allow", source_address_prefix: "Internet", destination_port_range: "443" },
    fail: { direction: "Inbound", access: "Allow", source_address_prefix: "*", destination_port_range: "22" },
    omitted: { direction: "Inbound", access: "Allow", source_address_prefix: "Internet" },
    omittedPasses: true,
  },
  "AZ-NET-002": {
    pass: { security_rule: [{ direction: "Inbound", access: "Allow", source_address_prefix: "10.0.0.0/16", destination_port_range: "22" }] },
    fail: { security_rule: [{ direction: "Inbound", access: "Allow", source_address_prefix: "Internet", destination_port_ranges: ["3380-3390"] }] },
    omitted: {},
    omittedPasses: true,
  },
  // The Kubernetes layer's rule, the same under each cloud's prefix.
  ...Object.fromEntries(
    ["AWS", "GCP", "AZ"].map((prefix): [string, Fixture] => [
      `${prefix}-K8S-001`,
      {
        pass: { metadata: { name: "coder", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
        fail: { metadata: { name: "coder", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } },
        omitted: { metadata: { name: "coder" } },
        omittedPasses: false,
      },
    ]),
  ),
};

const KUBERNETES_RULES = (["aws", "gcp", "azure"] as const).flatMap((cloud) => kubernetesRules(cloud));
const RULES: readonly PolicyRule[] = [...AWS_RULES, ...GCP_RULES, ...AZURE_RULES, ...KUBERNETES_RULES];

function verdict(rule: PolicyRule, fixture: Fixture, which: "pass" | "fail" | "omitted"): boolean {
  const block: SynthesizedBlock = { kind: rule.kind ?? "resource", type: rule.type, path: `stack/${rule.id}`, attributes: fixture[which] };
  const context = [...(fixture.context?.all ?? []), ...(fixture.context?.[which] ?? [])];
  return evaluatePolicy([block], [rule], [], { blocks: [block, ...context] }).violations.length === 0;
}

test("at least 40 rules over the three clouds, with unique IDs, each with a source and a fix", () => {
  expect(RULES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  for (const cloud of ["aws", "gcp", "azure"]) expect(RULES.filter((r) => r.cloud === cloud).length).toBeGreaterThanOrEqual(15);
  for (const rule of RULES) expect({ id: rule.id, source: rule.source.length > 5, fix: rule.fix.length > 5 }).toEqual({ id: rule.id, source: true, fix: true });
});

test("every rule has fixtures", () => {
  expect(RULES.map((r) => r.id).filter((id) => !(id in FIXTURES))).toEqual([]);
  expect(Object.keys(FIXTURES).filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
});

describe.each(RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
  const fixture = FIXTURES[id];
  test("passes its passing fixture", () => expect(verdict(rule, fixture, "pass")).toBe(true));
  test("fails its failing fixture", () => expect(verdict(rule, fixture, "fail")).toBe(false));
  test("treats the attribute left out as the provider's default does", () => expect(verdict(rule, fixture, "omitted")).toBe(fixture.omittedPasses));
});

test("GCP-SQL-007: a connection made by an earlier stack (the replica's case) needs no depends_on", () => {
  const rule = GCP_RULES.find((r) => r.id === "GCP-SQL-007")!;
  const replica: SynthesizedBlock = { kind: "resource", type: rule.type, path: "secondary/replica", attributes: sql({ ip_configuration: { private_network: "vpc" } }) };
  const connection: SynthesizedBlock = { kind: "resource", type: "google_service_networking_connection", path: "primary/psa", attributes: {} };
  expect(evaluatePolicy([replica], [rule], [], { blocks: [replica, connection] }).violations).toEqual([]);
});

test("a suppression moves a violation to the suppressed list, limited to its resource path", () => {
  const [rule] = AWS_RULES;
  const blocks: SynthesizedBlock[] = [
    { kind: "resource", type: rule.type, path: "a/database/instance", attributes: {} },
    { kind: "resource", type: rule.type, path: "b/database/instance", attributes: {} },
  ];
  const result = evaluatePolicy(blocks, [rule], [{ rule: rule.id, reason: "test database, no data", resource: "a/" }]);
  expect(result.violations.map((v) => v.block.path)).toEqual(["b/database/instance"]);
  expect(result.suppressed.map((s) => [s.block.path, s.suppression.reason])).toEqual([["a/database/instance", "test database, no data"]]);
});

/** The provider package's folder for a Terraform type: `aws_eks_cluster` is `eks-cluster`, a data source keeps its prefix. */
const PROVIDER_PACKAGE = { aws: "@cdktf/provider-aws", gcp: "@cdktf/provider-google", azure: "@cdktf/provider-azurerm" } as const;
function providerHasType(cloud: keyof typeof PROVIDER_PACKAGE, type: string, kind: "resource" | "data"): boolean {
  const folder = kind === "data" ? `data-${type}` : type.replace(/^[a-z]+_/, "");
  // The Kubernetes layer's rules read the kubernetes provider's types, on every cloud.
  const pkg = type.startsWith("kubernetes_") ? "@cdktf/provider-kubernetes" : PROVIDER_PACKAGE[cloud];
  return existsSync(join(dirname(require.resolve(`${pkg}/package.json`)), "lib", folder.replace(/_/g, "-")));
}

describe("what a rule reads and what it says", () => {
  // A misspelled type would match no block: the rule would pass everything, fixtures included,
  // because the fixtures take their type from the rule.
  test.each(RULES.map((r) => [r.id, r] as const))("%s reads a type its cloud's provider has", (_id, rule) => {
    expect({ type: rule.type, exists: providerHasType(rule.cloud, rule.type, rule.kind ?? "resource") }).toEqual({ type: rule.type, exists: true });
    for (const type of rule.contextTypes ?? []) expect({ type, exists: providerHasType(rule.cloud, type, "resource") }).toEqual({ type, exists: true });
  });

  // A violation is a line a reviewer acts on: what is wrong must be said, not left blank.
  test.each(RULES.map((r) => [r.id, r] as const))("%s says what is wrong when it fails", (id, rule) => {
    const fixture = FIXTURES[id];
    const cases = fixture.omittedPasses ? (["fail"] as const) : (["fail", "omitted"] as const);
    for (const which of cases) {
      const block: SynthesizedBlock = { kind: rule.kind ?? "resource", type: rule.type, path: `stack/${id}`, attributes: fixture[which] };
      const context = [...(fixture.context?.all ?? []), ...(fixture.context?.[which] ?? [])];
      const [violation] = evaluatePolicy([block], [rule], [], { blocks: [block, ...context] }).violations;
      expect(violation.problem).toMatch(/\w+ \w+/);
      expect(rule.title).toMatch(/\w+ \w+/);
      const line = formatViolation(violation);
      for (const part of [`[${id}]`, `stack/${id}`, rule.title, violation.problem, rule.fix, rule.source]) expect(line).toContain(part);
    }
  });
});

describe("lifecycle ignore_changes read by the Azure rules", () => {
  // `ignore_changes = all` ignores every attribute, the ones a rule asks for included (Terraform
  // docs, lifecycle meta-argument).
  test.each(["AZ-PG-004", "AZ-PG-005", "AZ-AKS-011"])("%s passes a block that ignores all changes", (id) => {
    const rule = AZURE_RULES.find((r) => r.id === id)!;
    const attributes = { ...FIXTURES[id].fail, lifecycle: { ignore_changes: "all" } };
    const block: SynthesizedBlock = { kind: "resource", type: rule.type, path: `stack/${id}`, attributes };
    expect(evaluatePolicy([block], [rule], []).violations).toEqual([]);
  });
});
