import { Construct } from "constructs";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { DatabasePlan } from "../plan/types";
import { cloudSqlPostgresVersion, IGNORE_GROWN_DISK, sharedSettings } from "./cloud-sql-settings";

export interface CloudSqlReplicaProps {
  /** The primary's plan: the replica matches its tier, edition, version and disk. */
  readonly plan: DatabasePlan;
  /** Name of the replica instance. */
  readonly name: string;
  /** The secondary region. */
  readonly region: string;
  /** The primary instance's name (in another region). */
  readonly masterInstanceName: string;
  /** The same VPC as the primary: a replica of a private-IP primary lives on the primary's network. */
  readonly networkId: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A cross-region read replica of Coder's database, for disaster recovery: promoted, it becomes the
 * primary in the secondary region. Edition, tier and private IP are set explicitly (Cloud SQL does
 * not inherit them reliably and the edition default would refuse the tier); backups and
 * point-in-time recovery are off because Cloud SQL refuses them on a replica (enable them on
 * promotion). One zone: a replica needs no standby of its own.
 */
export class CloudSqlReplica extends Construct {
  readonly instance: SqlDatabaseInstance;

  constructor(scope: Construct, id: string, props: CloudSqlReplicaProps) {
    super(scope, id);
    const { plan } = props;
    this.instance = new SqlDatabaseInstance(this, "instance", {
      name: props.name,
      region: props.region,
      databaseVersion: cloudSqlPostgresVersion(plan.postgresVersion),
      // No replica_configuration: its fields (failover target, dump files, certificates) are MySQL's
      // or for external masters; Cloud SQL for PostgreSQL does not take them.
      masterInstanceName: props.masterInstanceName,
      deletionProtection: plan.deletionProtection,
      settings: {
        ...sharedSettings(plan, props.networkId, props.labels),
        availabilityType: "ZONAL",
        backupConfiguration: { enabled: false, pointInTimeRecoveryEnabled: false },
      },
      lifecycle: { ignoreChanges: IGNORE_GROWN_DISK },
    });
  }
}
