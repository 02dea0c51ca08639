import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DatabasePlan } from "../plan/types";
import { DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS, PostgresPlacement } from "./postgres-placement";

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
  /**
   * Days of Performance Insights history kept.
   * @default DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS (7, the free tier)
   */
  readonly performanceInsightsRetentionDays?: number;
}

/**
 * A cross-region read replica of Coder's database, for disaster recovery: promoted, it becomes the
 * primary of the secondary region. Encrypted with a key of its own region, private, protected from
 * deletion, and backed up like the primary so that it is ready to be one. Its master password is
 * the primary's, kept in the primary's secret, which is replicated to this region.
 */
export class PostgresReplica extends Construct {
  readonly instance: DbInstance;
  readonly placement: PostgresPlacement;

  constructor(scope: Construct, id: string, props: PostgresReplicaProps) {
    super(scope, id);
    const { plan } = props;
    this.placement = new PostgresPlacement(this, "placement", {
      identifier: props.identifier,
      postgresVersion: plan.postgresVersion,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      clientSecurityGroupIds: props.clientSecurityGroupIds,
    });
    // Engine, version, storage size and credentials come from the source; setting them here conflicts.
    this.instance = new DbInstance(this, "instance", {
      ...this.placement.instanceConfig(plan, props.performanceInsightsRetentionDays ?? DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS),
      replicateSourceDb: props.sourceArn,
      multiAz: false,
      // RDS takes no final snapshot of a read replica.
      skipFinalSnapshot: true,
    });
  }
}
