import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DatabasePlan } from "../plan/types";
import { POSTGRES_LOG_EXPORTS, PostgresPlacement } from "./postgres-placement";

export interface PostgresReplicaProps {
  /** The primary's plan: the replica matches its class, version and retention. */
  readonly plan: DatabasePlan;
  /** ARN of the primary instance (in another region). */
  readonly sourceArn: string;
  /** Identifier of the replica. */
  readonly identifier: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  /** Security groups allowed to connect once the replica is promoted: this region's cluster nodes. */
  readonly clientSecurityGroupIds: string[];
}

/**
 * A cross-region read replica of Coder's database, for disaster recovery: promoted, it becomes the
 * primary of the secondary region. Encrypted with a key of its own region, private, protected from
 * deletion, and backed up like the primary so that it is ready to be one.
 */
export class PostgresReplica extends Construct {
  readonly instance: DbInstance;

  constructor(scope: Construct, id: string, props: PostgresReplicaProps) {
    super(scope, id);
    const { plan } = props;
    const placement = new PostgresPlacement(this, "placement", {
      identifier: props.identifier,
      postgresVersion: plan.postgresVersion,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      clientSecurityGroupIds: props.clientSecurityGroupIds,
    });
    // Engine, version, storage size and credentials come from the source; setting them here conflicts.
    this.instance = new DbInstance(this, "instance", {
      identifier: props.identifier,
      replicateSourceDb: props.sourceArn,
      instanceClass: plan.instanceType,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: placement.key.arn,
      multiAz: false,
      dbSubnetGroupName: placement.subnetGroupName,
      vpcSecurityGroupIds: [placement.securityGroupId],
      parameterGroupName: placement.parameterGroupName,
      publiclyAccessible: false,
      deletionProtection: plan.deletionProtection,
      backupRetentionPeriod: plan.backupRetentionDays,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      // RDS takes no final snapshot of a read replica.
      skipFinalSnapshot: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: placement.key.arn,
      performanceInsightsRetentionPeriod: 7,
      enabledCloudwatchLogsExports: POSTGRES_LOG_EXPORTS,
      dependsOn: placement.logGroups,
    });
  }
}
