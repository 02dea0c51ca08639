import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Id } from "@cdktf/provider-random/lib/id";
import { DatabaseCredentials, IPostgresDatabase, POSTGRES_PORT } from "../contracts/database";
import { DatabasePlan } from "../plan/types";
import { POSTGRES_LOG_EXPORTS, PostgresPlacement } from "./postgres-placement";

/** Coder's minimum PostgreSQL major version. */
export const MIN_POSTGRES_VERSION = 13;

export interface PostgresDatabaseProps {
  /** Instance class, storage, version, retention and protection from the deployment plan. */
  readonly plan: DatabasePlan;
  readonly vpcId: string;
  /** Private subnets in at least two zones (Multi-AZ needs them). */
  readonly subnetIds: string[];
  /** Security groups allowed to connect: the cluster's nodes. */
  readonly clientSecurityGroupIds: string[];
  /**
   * Days of Performance Insights history kept (7 is free).
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
}

/**
 * Coder's PostgreSQL on Amazon RDS: Multi-AZ, KMS-encrypted, private, protected from deletion,
 * backed up, with Performance Insights. RDS generates the master password and keeps it in Secrets
 * Manager (encrypted with the database's key), so no password ever appears in Terraform's
 * configuration, state or outputs.
 */
export class PostgresDatabase extends Construct implements IPostgresDatabase {
  readonly instance: DbInstance;
  readonly host: string;
  readonly port = POSTGRES_PORT;
  readonly databaseName: string;
  /** The Secrets Manager secret RDS keeps the master user's JSON (`username`, `password`) in. */
  readonly credentials: DatabaseCredentials;
  readonly placement: PostgresPlacement;
  /** Where RDS keeps the master credentials: a reference, not the secret. */
  readonly masterSecretArn: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const { plan } = props;
    if (Number(plan.postgresVersion) < MIN_POSTGRES_VERSION) {
      throw new Error(`PostgresDatabase ${id}: Coder needs PostgreSQL ${MIN_POSTGRES_VERSION} or newer, got ${plan.postgresVersion}`);
    }
    if (plan.highAvailability && props.subnetIds.length < 2) {
      throw new Error(`PostgresDatabase ${id}: Multi-AZ needs subnets in at least 2 zones, got ${props.subnetIds.length}`);
    }
    if (plan.backupRetentionDays < 7) {
      throw new Error(`PostgresDatabase ${id}: backupRetentionDays must be at least 7, got ${plan.backupRetentionDays}`);
    }
    this.placement = new PostgresPlacement(this, "placement", {
      identifier: plan.identifier,
      postgresVersion: plan.postgresVersion,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      clientSecurityGroupIds: props.clientSecurityGroupIds,
    });
    const keyArn = this.placement.key.arn;
    // A fresh suffix per instance, so a re-created database never collides with an old final snapshot.
    const snapshotSuffix = new Id(this, "final-snapshot-suffix", { byteLength: 4 });

    this.instance = new DbInstance(this, "instance", {
      identifier: plan.identifier,
      engine: "postgres",
      engineVersion: plan.postgresVersion,
      autoMinorVersionUpgrade: true,
      instanceClass: plan.instanceType,
      allocatedStorage: plan.storageGib,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: keyArn,
      multiAz: plan.highAvailability,
      dbName: plan.databaseName,
      username: plan.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: keyArn,
      dbSubnetGroupName: this.placement.subnetGroupName,
      vpcSecurityGroupIds: [this.placement.securityGroupId],
      parameterGroupName: this.placement.parameterGroupName,
      publiclyAccessible: false,
      deletionProtection: plan.deletionProtection,
      backupRetentionPeriod: plan.backupRetentionDays,
      backupWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:30-sun:05:30",
      copyTagsToSnapshot: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${plan.identifier}-final-${snapshotSuffix.hex}`,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: keyArn,
      performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays ?? 7,
      enabledCloudwatchLogsExports: POSTGRES_LOG_EXPORTS,
      dependsOn: this.placement.logGroups,
    });
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.host = this.instance.address;
    this.databaseName = plan.databaseName;
    this.credentials = { store: "aws-secrets-manager", reference: this.masterSecretArn, username: plan.masterUsername, passwordField: "password" };
  }
}
