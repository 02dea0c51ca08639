import { SqlDatabaseInstanceSettings } from "@cdktf/provider-google/lib/sql-database-instance";
import { DatabasePlan } from "../plan/types";

/**
 * Cloud SQL edition, always explicit: with no edition, Cloud SQL picks ENTERPRISE_PLUS for
 * PostgreSQL 16 and later, which accepts only `db-perf-optimized-N-*` tiers, so `db-custom-4-15360`
 * would fail at apply (magic-modules PRs 12077 and 18014, terraform-provider-google issue 20498).
 */
export const CLOUD_SQL_EDITION = "ENTERPRISE";

/** The most days of transaction logs (point-in-time recovery) the ENTERPRISE edition keeps. */
export const ENTERPRISE_MAX_LOG_RETENTION_DAYS = 7;

/**
 * Days of point-in-time logs kept: Cloud SQL ENTERPRISE takes 1-7 and wants fewer than the
 * backups retained (cloud.google.com/sql/docs/postgres/backup-recovery/pitr).
 */
export function pitrLogRetentionDays(retainedBackups: number): number {
  const days = Math.min(ENTERPRISE_MAX_LOG_RETENTION_DAYS, retainedBackups - 1);
  if (days < 1) throw new Error(`Point-in-time recovery needs at least 2 retained backups, got ${retainedBackups}`);
  return days;
}

/** `17` -> `POSTGRES_17`. */
export function cloudSqlPostgresVersion(major: string): string {
  if (!/^\d+$/.test(major)) throw new Error(`PostgreSQL major version must be a number, got "${major}"`);
  return `POSTGRES_${major}`;
}

/** Query insights: statement texts up to 1 KiB, application tags; client addresses stay out. */
export const QUERY_INSIGHTS = {
  queryInsightsEnabled: true,
  queryStringLength: 1024,
  recordApplicationTags: true,
  recordClientAddress: false,
};

/** Sunday 05:00 UTC, on the stable update track (after the weekend GKE window starts). */
export const CLOUD_SQL_MAINTENANCE_WINDOW = { day: 7, hour: 5, updateTrack: "stable" };

/**
 * What the primary and its replica share: machine tier, explicit edition, SSD of the plan's size
 * growing on its own, private IP on the VPC only, TLS required, query insights, maintenance window,
 * deletion protection, labels. `ssl_mode = ENCRYPTED_ONLY` refuses clients with `sslmode=disable`:
 * a connection URL must say `require` or stricter (`require_ssl` is gone since provider 6.0).
 */
export function sharedSettings(plan: DatabasePlan, networkId: string, labels: Readonly<Record<string, string>>): SqlDatabaseInstanceSettings {
  return {
    tier: plan.instanceType,
    edition: CLOUD_SQL_EDITION,
    diskType: "PD_SSD",
    diskSize: plan.storageGib,
    diskAutoresize: true,
    ipConfiguration: { ipv4Enabled: false, privateNetwork: networkId, sslMode: "ENCRYPTED_ONLY" },
    insightsConfig: { ...QUERY_INSIGHTS },
    maintenanceWindow: { ...CLOUD_SQL_MAINTENANCE_WINDOW },
    deletionProtectionEnabled: plan.deletionProtection,
    userLabels: { ...labels },
  };
}

/**
 * With `disk_autoresize`, Cloud SQL grows the disk past `disk_size`; Terraform would then try to
 * shrink it back, which Cloud SQL refuses (google provider docs for `settings.disk_size`).
 */
export const IGNORE_GROWN_DISK = ["settings[0].disk_size"];
