import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import { DatabaseCredentials, IPostgresDatabase, POSTGRES_PORT } from "../contracts/database";
import { DatabasePlan } from "../plan/types";
import { cloudSqlPostgresVersion, IGNORE_GROWN_DISK, pitrLogRetentionDays, sharedSettings } from "./cloud-sql-settings";
import { DATABASE_PASSWORD_WRITE_VERSION, DatabasePassword } from "./database-password";
import { MIN_CODER_POSTGRES_VERSION } from "../reference/coder-requirements";

/** Daily backups start at 03:00 UTC, before the maintenance window. */
export const BACKUP_START_TIME = "03:00";

export interface CloudSqlDatabaseProps {
  /** Tier, storage, version, retention, protection and names from the deployment plan. */
  readonly plan: DatabasePlan;
  readonly region: string;
  /** The VPC the private IP lives on. */
  readonly networkId: string;
  /** The Private Service Access connection; a private-IP instance must wait for it explicitly. */
  readonly privateServiceAccess: ITerraformDependable;
  /** Regions the password secret is replicated to. */
  readonly secretLocations: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Coder's PostgreSQL on Cloud SQL: the plan's tier on the ENTERPRISE edition, SSD, REGIONAL
 * availability (a standby in another zone), private IP only, TLS required, daily backups with
 * point-in-time recovery, query insights, a maintenance window, deletion protection (in Terraform
 * and in Cloud SQL). Its password is generated and kept in Secret Manager.
 */
export class CloudSqlDatabase extends Construct implements IPostgresDatabase {
  readonly instance: SqlDatabaseInstance;
  /** The instance name, which a replica names as its master. */
  readonly instanceName: string;
  readonly host: string;
  readonly port = POSTGRES_PORT;
  readonly databaseName: string;
  readonly credentials: DatabaseCredentials;

  constructor(scope: Construct, id: string, props: CloudSqlDatabaseProps) {
    super(scope, id);
    const { plan } = props;
    if (Number(plan.postgresVersion) < MIN_CODER_POSTGRES_VERSION) {
      throw new Error(`CloudSqlDatabase ${id}: Coder needs PostgreSQL ${MIN_CODER_POSTGRES_VERSION} or newer, got ${plan.postgresVersion}`);
    }
    const password = new DatabasePassword(this, "password", {
      secretId: `${plan.identifier}-password`,
      replicaLocations: props.secretLocations,
      labels: props.labels,
      deletionProtection: plan.deletionProtection,
    });
    const shared = sharedSettings(plan, props.networkId, props.labels);
    this.instance = new SqlDatabaseInstance(this, "instance", {
      name: plan.identifier,
      region: props.region,
      databaseVersion: cloudSqlPostgresVersion(plan.postgresVersion),
      deletionProtection: plan.deletionProtection,
      settings: {
        ...shared,
        availabilityType: plan.highAvailability ? "REGIONAL" : "ZONAL",
        backupConfiguration: {
          enabled: true,
          startTime: BACKUP_START_TIME,
          location: props.region,
          pointInTimeRecoveryEnabled: true,
          transactionLogRetentionDays: pitrLogRetentionDays(plan.backupRetentionDays),
          backupRetentionSettings: { retainedBackups: plan.backupRetentionDays, retentionUnit: "COUNT" },
        },
      },
      lifecycle: { ignoreChanges: IGNORE_GROWN_DISK },
      dependsOn: [props.privateServiceAccess],
    });
    this.instanceName = this.instance.name;
    // PostgreSQL refuses to drop a database or role others depend on, and Cloud SQL with it: on
    // destroy both are abandoned (they go with the instance) instead of failing (google provider docs).
    const database = new SqlDatabase(this, "database", { name: plan.databaseName, instance: this.instance.name, deletionPolicy: "ABANDON" });
    new SqlUser(this, "user", {
      name: plan.masterUsername,
      instance: this.instance.name,
      passwordWo: password.value,
      passwordWoVersion: DATABASE_PASSWORD_WRITE_VERSION,
      deletionPolicy: "ABANDON",
    });
    this.host = this.instance.privateIpAddress;
    this.databaseName = database.name;
    this.credentials = { store: "gcp-secret-manager", reference: password.secretId, username: plan.masterUsername };
  }
}
