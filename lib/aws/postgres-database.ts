import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Id } from "@cdktf/provider-random/lib/id";
import { Password } from "@cdktf/provider-random/lib/password";
import { DatabaseCredentials, IPostgresDatabase, POSTGRES_PORT } from "../contracts/database";
import { DatabasePlan } from "../plan/types";
import { requireTerraformVersion } from "../terraform/required-version";
import { PostgresMasterSecret } from "./postgres-master-secret";
import { DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS, PostgresPlacement } from "./postgres-placement";
import { MIN_CODER_POSTGRES_VERSION } from "../reference/coder-requirements";

/** Write-only arguments (`password_wo`, `secret_string_wo`) need Terraform 1.11 or newer. */
export const WRITE_ONLY_TERRAFORM_VERSION = ">= 1.11.0";

/**
 * Length of the generated master password. Letters and digits only: RDS refuses `/`, `"`, `@` and
 * spaces in a master password (RDS user guide, "Master user password" constraints), and a password
 * without punctuation needs no escaping in the `postgres://` URL Coder is given. 40 characters of
 * 62 symbols are about 238 bits.
 */
export const MASTER_PASSWORD_LENGTH = 40;

export interface PostgresDatabaseProps {
  /**
   * Instance class, storage, version, retention and protection from the deployment plan. With
   * `plan.replica` set, the master password is generated and kept in a secret replicated to the
   * replica's region; without, RDS manages the password itself.
   */
  readonly plan: DatabasePlan;
  readonly vpcId: string;
  /** Private subnets in at least two zones (Multi-AZ needs them). */
  readonly subnetIds: string[];
  /** Security groups allowed to connect: the cluster's nodes. */
  readonly clientSecurityGroupIds: string[];
  /**
   * Days of Performance Insights history kept.
   * @default DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS (7, the free tier)
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Version of the generated master password; raising it generates a new password and writes it to
   * the instance and the secret. Only used with a replica (RDS rotates a password it manages).
   * @default 1
   */
  readonly passwordVersion?: number;
}

/**
 * Coder's PostgreSQL on Amazon RDS: Multi-AZ, KMS-encrypted, private, protected from deletion,
 * backed up, with Performance Insights. The master credentials live in Secrets Manager, encrypted
 * with the database's key; outputs carry only the secret's ARN.
 *
 * RDS refuses a read replica of a source whose master password it manages in Secrets Manager (RDS
 * user guide, "Limitations for Secrets Manager integration with Amazon RDS"). So with a replica
 * the password is generated here (random_password, which keeps it, marked sensitive, in its own
 * state), sent to RDS write-only (`password_wo`, not in the instance's state) and written
 * write-only into a secret replicated to the replica's region, where a promoted replica keeps
 * working with the same password. Without a replica, RDS generates and manages the password and
 * Terraform's state never holds it.
 */
export class PostgresDatabase extends Construct implements IPostgresDatabase {
  readonly instance: DbInstance;
  readonly host: string;
  readonly port = POSTGRES_PORT;
  readonly databaseName: string;
  /** The Secrets Manager secret holding the master user's JSON (`username`, `password`, ...). */
  readonly credentials: DatabaseCredentials;
  readonly placement: PostgresPlacement;
  /** Where the master credentials are kept: a reference, not the secret. */
  readonly masterSecretArn: string;
  /** The generated, replicated secret; absent when RDS manages the password. */
  readonly masterSecret?: PostgresMasterSecret;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const { plan } = props;
    if (Number(plan.postgresVersion) < MIN_CODER_POSTGRES_VERSION) {
      throw new Error(`PostgresDatabase ${id}: Coder needs PostgreSQL ${MIN_CODER_POSTGRES_VERSION} or newer, got ${plan.postgresVersion}`);
    }
    if (plan.highAvailability && props.subnetIds.length < 2) {
      throw new Error(`PostgresDatabase ${id}: Multi-AZ needs subnets in at least 2 zones, got ${props.subnetIds.length}`);
    }
    if (plan.backupRetentionDays < 7) {
      throw new Error(`PostgresDatabase ${id}: backupRetentionDays must be at least 7, got ${plan.backupRetentionDays}`);
    }
    const passwordVersion = props.passwordVersion ?? 1;
    if (!Number.isInteger(passwordVersion) || passwordVersion < 1) {
      throw new Error(`PostgresDatabase ${id}: passwordVersion must be a whole number of at least 1, got ${passwordVersion}`);
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
    if (plan.replica) {
      // An older Terraform would reject the write-only arguments with a less helpful message.
      requireTerraformVersion(TerraformStack.of(this), WRITE_ONLY_TERRAFORM_VERSION);
    }
    const password = plan.replica
      ? new Password(this, "master-password", {
          length: MASTER_PASSWORD_LENGTH,
          special: false,
          keepers: { version: String(passwordVersion) },
        })
      : undefined;

    this.instance = new DbInstance(this, "instance", {
      ...this.placement.instanceConfig(plan, props.performanceInsightsRetentionDays ?? DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS),
      engine: "postgres",
      engineVersion: plan.postgresVersion,
      // A new major version in the plan is an upgrade RDS refuses without this flag; the parameter
      // group for the new family is created before the old one goes (PostgresPlacement).
      allowMajorVersionUpgrade: true,
      allocatedStorage: plan.storageGib,
      multiAz: plan.highAvailability,
      dbName: plan.databaseName,
      username: plan.masterUsername,
      ...(password
        ? { passwordWo: password.result, passwordWoVersion: passwordVersion }
        : { manageMasterUserPassword: true, masterUserSecretKmsKeyId: keyArn }),
      backupWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:30-sun:05:30",
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${plan.identifier}-final-${snapshotSuffix.hex}`,
    });
    this.host = this.instance.address;
    this.databaseName = plan.databaseName;
    if (password && plan.replica) {
      this.masterSecret = new PostgresMasterSecret(this, "master-secret", {
        identifier: plan.identifier,
        password: password.result,
        passwordVersion,
        username: plan.masterUsername,
        host: this.host,
        port: this.port,
        databaseName: plan.databaseName,
        keyArn,
        replicaRegion: plan.replica.region,
      });
      this.masterSecretArn = this.masterSecret.secretArn;
    } else {
      this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    }
    this.credentials = { store: "aws-secrets-manager", reference: this.masterSecretArn, username: plan.masterUsername, passwordField: "password" };
  }
}
