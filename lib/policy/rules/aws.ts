import { admitsInternet, at, block, blocks, internetShare, isFalse, isTrue, PolicyRule, portInRange } from "../rule";

/** Zone IDs where EKS cannot place a control plane (EKS user guide, "Subnet requirements and considerations"). */
const EKS_UNSUPPORTED_ZONE_IDS = ["use1-az3", "usw1-az2", "cac1-az3"];
const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

const sshOrRdp = (from: unknown, to: unknown) => [22, 3389].some((port) => portInRange(port, from, to));

/**
 * AWS rules. IDs are stable; `source` names the checkov control (CKV_*) or, for apply-time rules,
 * the AWS document or provider issue that says what the API refuses.
 */
export const AWS_RULES: readonly PolicyRule[] = [
  {
    id: "AWS-RDS-001",
    cloud: "aws",
    type: "aws_db_instance",
    title: "database storage is encrypted",
    source: "checkov CKV_AWS_16",
    fix: "set storage_encrypted = true with a customer-managed kms_key_id",
    check: (a) => (isTrue(a.storage_encrypted) ? undefined : "storage_encrypted is not true (the provider's default is false)"),
  },
  {
    id: "AWS-RDS-002",
    cloud: "aws",
    type: "aws_db_instance",
    title: "database is not publicly accessible",
    source: "checkov CKV_AWS_17",
    fix: "set publicly_accessible = false and place the instance in private subnets",
    check: (a) => (isTrue(a.publicly_accessible) ? "publicly_accessible is true" : undefined),
  },
  {
    id: "AWS-RDS-003",
    cloud: "aws",
    type: "aws_db_instance",
    title: "automated backups kept at least 7 days",
    source: "checkov CKV_AWS_133; CIS AWS Foundations (RDS backups)",
    fix: "set backup_retention_period to 7 or more (database.backupRetentionDays)",
    check: (a) => (Number(a.backup_retention_period ?? 0) >= 7 ? undefined : `backup_retention_period is ${a.backup_retention_period ?? "unset (0)"}`),
  },
  {
    id: "AWS-RDS-004",
    cloud: "aws",
    type: "aws_db_instance",
    title: "deletion protection on",
    source: "checkov CKV_AWS_293",
    fix: "set deletion_protection = true (database.deletionProtection)",
    check: (a) => (isTrue(a.deletion_protection) ? undefined : "deletion_protection is not true"),
  },
  {
    id: "AWS-RDS-005",
    cloud: "aws",
    type: "aws_db_instance",
    title: "the primary database is Multi-AZ",
    source: "checkov CKV_AWS_157",
    fix: "set multi_az = true on the primary (replicas are exempt)",
    check: (a) => (a.replicate_source_db || isTrue(a.multi_az) ? undefined : "multi_az is not true on a primary instance"),
  },
  {
    id: "AWS-RDS-006",
    cloud: "aws",
    type: "aws_db_instance",
    title: "PostgreSQL logs exported",
    source: "checkov CKV_AWS_129",
    fix: 'set enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]',
    check: (a) => ((a.enabled_cloudwatch_logs_exports ?? []).includes("postgresql") ? undefined : "the postgresql log is not exported"),
  },
  {
    id: "AWS-RDS-007",
    cloud: "aws",
    type: "aws_db_instance",
    title: "minor version upgrades applied automatically",
    source: "checkov CKV_AWS_226",
    fix: "leave auto_minor_version_upgrade at true",
    check: (a) => (isFalse(a.auto_minor_version_upgrade) ? "auto_minor_version_upgrade is false" : undefined),
  },
  {
    id: "AWS-RDS-008",
    cloud: "aws",
    type: "aws_db_instance",
    title: "Performance Insights encrypted with a customer-managed key",
    source: "checkov CKV_AWS_354",
    fix: "set performance_insights_kms_key_id when performance_insights_enabled is true",
    check: (a) => (isTrue(a.performance_insights_enabled) && !a.performance_insights_kms_key_id ? "Performance Insights uses the AWS-managed key" : undefined),
  },
  {
    id: "AWS-RDS-009",
    cloud: "aws",
    type: "aws_db_instance",
    title: "no read replica of a source whose password RDS manages",
    source: "RDS user guide, rds-secrets-manager: read replicas of a source with a Secrets Manager-managed master password are not supported",
    fix: "generate the password (random_password, write-only password_wo) and keep it in a replicated secret when a replica exists",
    check: (a, context) =>
      isTrue(a.manage_master_user_password) && context.blocks.some((b) => b.type === "aws_db_instance" && b.attributes.replicate_source_db)
        ? "manage_master_user_password is true while the deployment has a read replica: CreateDBInstanceReadReplica fails"
        : undefined,
  },
  {
    id: "AWS-RDS-010",
    cloud: "aws",
    type: "aws_db_parameter_group",
    title: "parameter groups can be replaced while in use",
    source: "hashicorp/terraform-provider-aws db_parameter_group docs (create_before_destroy for family changes); RDS refuses to delete a group in use",
    fix: "name the group with name_prefix and set lifecycle.create_before_destroy = true",
    check: (a) =>
      a.name_prefix && isTrue(block(a.lifecycle)?.create_before_destroy)
        ? undefined
        : "a fixed name without create_before_destroy: a major-version upgrade (new family) fails deleting the group in use",
  },
  {
    id: "AWS-EKS-001",
    cloud: "aws",
    type: "aws_eks_cluster",
    title: "Kubernetes secrets encrypted with a KMS key",
    source: "checkov CKV_AWS_58",
    fix: 'set encryption_config { resources = ["secrets"], provider { key_arn } }',
    check: (a) => ((at(a, "encryption_config.resources") ?? []).includes("secrets") ? undefined : "secrets are not envelope-encrypted"),
  },
  {
    id: "AWS-EKS-002",
    cloud: "aws",
    type: "aws_eks_cluster",
    title: "API endpoint not open to the internet",
    source: "checkov CKV_AWS_38, CKV_AWS_39",
    fix: "set endpoint_public_access = false, or list only your networks in public_access_cidrs (kubernetes.apiAllowedCidrs)",
    check: (a) => {
      const vpc = block(a.vpc_config) ?? {};
      if (isFalse(vpc.endpoint_public_access)) return undefined;
      const cidrs: string[] = vpc.public_access_cidrs ?? ["0.0.0.0/0"];
      return admitsInternet(cidrs) ? `the public endpoint admits ${internetShare(cidrs)} (0.0.0.0/0 is the default when public_access_cidrs is unset)` : undefined;
    },
  },
  {
    id: "AWS-EKS-003",
    cloud: "aws",
    type: "aws_eks_cluster",
    title: "every control-plane log enabled",
    source: "checkov CKV_AWS_37",
    fix: `set enabled_cluster_log_types = ${JSON.stringify(CONTROL_PLANE_LOG_TYPES)}`,
    check: (a) => {
      const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !(a.enabled_cluster_log_types ?? []).includes(t));
      return missing.length > 0 ? `control-plane logs missing: ${missing.join(", ")}` : undefined;
    },
  },
  {
    id: "AWS-EKS-004",
    cloud: "aws",
    kind: "data",
    type: "aws_availability_zones",
    title: "zones EKS does not support are excluded",
    source: "EKS user guide, subnet requirements: CreateCluster refuses subnets in use1-az3, usw1-az2, cac1-az3",
    fix: `set exclude_zone_ids = ${JSON.stringify(EKS_UNSUPPORTED_ZONE_IDS)} on the zones data source`,
    check: (a) => {
      const missing = EKS_UNSUPPORTED_ZONE_IDS.filter((id) => !(a.exclude_zone_ids ?? []).includes(id));
      return missing.length > 0 ? `zone IDs not excluded: ${missing.join(", ")}` : undefined;
    },
  },
  {
    id: "AWS-EKS-005",
    cloud: "aws",
    type: "aws_eks_node_group",
    title: "no SSH access to nodes",
    source: "checkov CKV_AWS_100",
    fix: "remove remote_access; reach nodes through SSM if at all",
    check: (a) => (block(a.remote_access) ? "remote_access (SSH) is configured" : undefined),
  },
  {
    id: "AWS-EC2-001",
    cloud: "aws",
    type: "aws_launch_template",
    title: "IMDSv2 only, hop limit 1",
    source: "checkov CKV_AWS_79, CKV_AWS_341",
    fix: 'set metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }',
    check: (a) => {
      const metadata = block(a.metadata_options) ?? {};
      if (metadata.http_tokens !== "required") return "IMDSv1 is allowed (http_tokens is not required)";
      return Number(metadata.http_put_response_hop_limit ?? 1) > 1 ? "pods can reach the node's credentials (hop limit above 1)" : undefined;
    },
  },
  {
    id: "AWS-EC2-002",
    cloud: "aws",
    type: "aws_launch_template",
    title: "node volumes encrypted",
    source: "checkov CKV_AWS_8",
    fix: "set encrypted = true on every block_device_mappings ebs block",
    check: (a) => {
      const volumes = blocks(a.block_device_mappings).map((m) => block(m.ebs) ?? {});
      if (volumes.length === 0) return "no block_device_mappings: the AMI's default root volume may be unencrypted";
      return volumes.every((v) => isTrue(v.encrypted)) ? undefined : "a volume is not encrypted";
    },
  },
  {
    id: "AWS-EC2-003",
    cloud: "aws",
    type: "aws_subnet",
    title: "subnets give out no public addresses",
    source: "checkov CKV_AWS_130",
    fix: "set map_public_ip_on_launch = false",
    check: (a) => (isTrue(a.map_public_ip_on_launch) ? "map_public_ip_on_launch is true" : undefined),
  },
  {
    id: "AWS-EC2-004",
    cloud: "aws",
    type: "aws_default_security_group",
    title: "the default security group allows nothing",
    source: "checkov CKV2_AWS_12; CIS AWS Foundations 5.4",
    fix: "declare aws_default_security_group with no ingress and no egress blocks",
    check: (a) => (blocks(a.ingress).length + blocks(a.egress).length > 0 ? "the default security group has rules" : undefined),
  },
  {
    id: "AWS-EC2-005",
    cloud: "aws",
    type: "aws_vpc_security_group_ingress_rule",
    title: "no SSH or RDP from anywhere",
    source: "checkov CKV_AWS_24, CKV_AWS_25; CIS AWS Foundations 5.2",
    fix: "admit 22/3389 from named networks only, or not at all",
    check: (a) =>
      admitsInternet([a.cidr_ipv4 ?? a.cidr_ipv6]) && (a.ip_protocol === "-1" || sshOrRdp(a.from_port, a.to_port))
        ? `port ${a.from_port ?? "all"} open to ${a.cidr_ipv4 ?? a.cidr_ipv6}`
        : undefined,
  },
  {
    id: "AWS-EC2-006",
    cloud: "aws",
    type: "aws_security_group",
    title: "no SSH or RDP from anywhere (inline rules)",
    source: "checkov CKV_AWS_24, CKV_AWS_25",
    fix: "admit 22/3389 from named networks only, or not at all",
    check: (a) =>
      blocks(a.ingress).some((r) => admitsInternet(r.cidr_blocks ?? []) && sshOrRdp(r.from_port, r.to_port))
        ? "an inline ingress rule opens 22 or 3389 to the internet"
        : undefined,
  },
  {
    id: "AWS-VPC-001",
    cloud: "aws",
    type: "aws_vpc",
    title: "VPC flow logs",
    contextTypes: ["aws_flow_log"],
    source: "checkov CKV2_AWS_11; CIS AWS Foundations 3.7",
    fix: "add an aws_flow_log for the VPC (traffic_type ALL)",
    check: (_, context) => (context.blocks.some((b) => b.type === "aws_flow_log") ? undefined : "no aws_flow_log in the deployment"),
  },
  {
    id: "AWS-KMS-001",
    cloud: "aws",
    type: "aws_kms_key",
    title: "KMS key rotation on",
    source: "checkov CKV_AWS_7; CIS AWS Foundations 3.6",
    fix: "set enable_key_rotation = true",
    check: (a) => (isTrue(a.enable_key_rotation) ? undefined : "enable_key_rotation is not true"),
  },
  {
    id: "AWS-LOG-001",
    cloud: "aws",
    type: "aws_cloudwatch_log_group",
    title: "log retention set",
    source: "checkov CKV_AWS_66",
    fix: "set retention_in_days (the project uses 90)",
    check: (a) => (Number(a.retention_in_days ?? 0) > 0 ? undefined : "logs are kept forever (retention_in_days unset)"),
  },
  {
    id: "AWS-SM-001",
    cloud: "aws",
    type: "aws_secretsmanager_secret",
    title: "secrets encrypted with a customer-managed key",
    source: "checkov CKV_AWS_149",
    fix: "set kms_key_id",
    check: (a) => (a.kms_key_id ? undefined : "the secret uses the AWS-managed key"),
  },
  {
    id: "AWS-IAM-001",
    cloud: "aws",
    type: "aws_iam_role",
    title: "service trust policies guard against the confused deputy",
    source: "IAM user guide, The confused deputy problem (aws:SourceAccount / aws:SourceArn)",
    fix: "add a Condition with aws:SourceAccount (and aws:SourceArn where the service sends it) to every Service principal statement",
    check: (a) => {
      const policy = String(a.assume_role_policy ?? "");
      const trustsService = /"Service"\s*:/.test(policy);
      // EC2 instance and EKS cluster roles follow the trust policies AWS documents for them, without these keys.
      const exempt = /ec2\.amazonaws\.com|eks\.amazonaws\.com/.test(policy);
      return trustsService && !exempt && !/aws:Source(Account|Arn)/.test(policy) ? "a service may assume the role for any account" : undefined;
    },
  },
];
