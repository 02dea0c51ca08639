import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { POSTGRES_PORT } from "../contracts/database";
import { DatabasePlan } from "../plan/types";
import { AwsAccount } from "./aws-account";
import { EncryptionKey } from "./encryption-key";
import { managedPolicyArn, serviceTrustPolicy } from "./iam-policy";

/** PostgreSQL logs exported to CloudWatch. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"];

/** Seconds between Enhanced Monitoring samples of the OS (0, 1, 5, 10, 15, 30 or 60; RDS user guide, USER_Monitoring.OS). */
export const ENHANCED_MONITORING_INTERVAL_SECONDS = 60;

/**
 * How far storage autoscaling may grow the disk: twice the table's size, at most gp3's 65,536 GiB
 * (RDS user guide, USER_PIOPS.StorageTypes: the maximum must be at least 10% above the allocated
 * storage, and RDS grows it when free space stays under 10%).
 */
export function maxAllocatedStorageGib(storageGib: number): number {
  return Math.min(storageGib * 2, 65_536);
}

/** Days of Performance Insights history: 7 is the free tier (Amazon RDS pricing, Performance Insights). */
export const DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

export interface PostgresPlacementProps {
  /** Name of the database instance these resources serve. */
  readonly identifier: string;
  readonly postgresVersion: string;
  readonly vpcId: string;
  /** Private subnets only: the database gets no route from the internet. */
  readonly subnetIds: string[];
  /** Security groups whose members may connect (the cluster's nodes); nothing else may. */
  readonly clientSecurityGroupIds: string[];
  /**
   * Days exported PostgreSQL logs are kept.
   * @default 90
   */
  readonly logRetentionDays?: number;
}

/**
 * Where a PostgreSQL instance lives and who may reach it, shared by the primary and its replica:
 * a KMS key, a private subnet group, a security group admitting only the given clients on 5432,
 * a parameter group that refuses unencrypted connections, and log groups with a retention for the
 * exported logs (RDS would otherwise create them to keep logs forever).
 */
export class PostgresPlacement extends Construct {
  readonly identifier: string;
  readonly key: EncryptionKey;
  readonly subnetGroupName: string;
  readonly securityGroupId: string;
  readonly parameterGroupName: string;
  /** The instance must wait for these, or RDS creates its log groups first without retention. */
  readonly logGroups: CloudwatchLogGroup[];
  /** Role RDS uses to publish Enhanced Monitoring metrics to CloudWatch Logs. */
  readonly monitoringRole: IamRole;
  private readonly monitoringPolicy: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: PostgresPlacementProps) {
    super(scope, id);
    if (props.clientSecurityGroupIds.length === 0) {
      throw new Error(`PostgresPlacement ${id}: clientSecurityGroupIds is empty; nothing could reach the database`);
    }
    this.identifier = props.identifier;
    this.key = new EncryptionKey(this, "key", {
      description: `Storage, snapshots, Performance Insights and the master secret of ${props.identifier}`,
      alias: `${props.identifier}`,
    });
    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: props.identifier,
      description: `Private subnets of ${props.identifier}`,
      subnetIds: props.subnetIds,
    });
    this.subnetGroupName = subnetGroup.name;

    // No egress rules: Terraform removes AWS's default allow-all, and PostgreSQL needs none.
    const securityGroupName = `${props.identifier}-postgres`;
    const securityGroup = new SecurityGroup(this, "security-group", {
      name: securityGroupName,
      description: `PostgreSQL clients of ${props.identifier}`,
      vpcId: props.vpcId,
      tags: { Name: securityGroupName },
    });
    this.securityGroupId = securityGroup.id;
    props.clientSecurityGroupIds.forEach((client, i) => {
      new VpcSecurityGroupIngressRule(this, `client-${i}`, {
        securityGroupId: securityGroup.id,
        description: "PostgreSQL from cluster nodes",
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        referencedSecurityGroupId: client,
      });
    });

    // A major upgrade changes the family, which replaces the group while the instance still uses
    // it: RDS refuses to delete a group in use (InvalidDBParameterGroupState), so the new group is
    // created first under a fresh name, the instance moves to it, and only then is the old one
    // destroyed (terraform-provider-aws db_parameter_group docs, "create_before_destroy").
    const parameters = new DbParameterGroup(this, "parameter-group", {
      namePrefix: `${props.identifier}-pg${props.postgresVersion}-`,
      family: `postgres${props.postgresVersion}`,
      description: `PostgreSQL ${props.postgresVersion} settings of ${props.identifier}`,
      parameter: [{ name: "rds.force_ssl", value: "1" }],
      lifecycle: { createBeforeDestroy: true },
    });
    this.parameterGroupName = parameters.name;

    // Enhanced Monitoring: the OS's view (memory, swap, per-process CPU) that the engine's own
    // metrics lack, written by RDS as this role, only on behalf of this instance of this account.
    const account = AwsAccount.of(this);
    const roleName = `${props.identifier}-monitoring`;
    // IAM role names hold at most 64 characters (IAM user guide, reference_iam-quotas).
    if (roleName.length > 64) throw new Error(`PostgresPlacement ${id}: the monitoring role's name ${roleName} is over IAM's 64 characters (shorten namePrefix)`);
    this.monitoringRole = new IamRole(this, "monitoring-role", {
      name: roleName,
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", { account: account.accountId, arn: account.arn("rds", `db:${props.identifier}`) }),
    });
    this.monitoringPolicy = new IamRolePolicyAttachment(this, "monitoring-policy", {
      role: this.monitoringRole.name,
      policyArn: managedPolicyArn("service-role/AmazonRDSEnhancedMonitoringRole"),
    });

    this.logGroups = POSTGRES_LOG_EXPORTS.map(
      (log) =>
        new CloudwatchLogGroup(this, `${log}-logs`, {
          name: `/aws/rds/instance/${props.identifier}/${log}`,
          retentionInDays: props.logRetentionDays ?? 90,
        }),
    );
  }

  /**
   * The instance arguments a primary and its replica share, in one place: the placement itself,
   * encryption, protection, backups, monitoring and logs. Each adds what only it decides (the
   * primary its engine, storage and credentials; the replica its source).
   */
  instanceConfig(plan: DatabasePlan, performanceInsightsRetentionDays = DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS): DbInstanceConfig {
    return {
      identifier: this.identifier,
      instanceClass: plan.instanceType,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: this.key.arn,
      dbSubnetGroupName: this.subnetGroupName,
      vpcSecurityGroupIds: [this.securityGroupId],
      parameterGroupName: this.parameterGroupName,
      publiclyAccessible: false,
      deletionProtection: plan.deletionProtection,
      backupRetentionPeriod: plan.backupRetentionDays,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.key.arn,
      performanceInsightsRetentionPeriod: performanceInsightsRetentionDays,
      enabledCloudwatchLogsExports: POSTGRES_LOG_EXPORTS,
      maxAllocatedStorage: maxAllocatedStorageGib(plan.storageGib),
      monitoringInterval: ENHANCED_MONITORING_INTERVAL_SECONDS,
      monitoringRoleArn: this.monitoringRole.arn,
      dependsOn: [...this.logGroups, this.monitoringPolicy],
    };
  }
}
