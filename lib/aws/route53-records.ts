import { Construct } from "constructs";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";

/** Seconds resolvers keep the records: short, so a moved address is seen within minutes. */
export const RECORD_TTL_SECONDS = 300;

export interface Route53RecordsProps {
  /** The domain the zone serves (`acme.com`); a zone given by ID must be exactly this one. */
  readonly domain: string;
  /**
   * The public hosted zone's ID.
   * @default the public hosted zone named `domain`, looked up when Terraform plans
   */
  readonly zoneId?: string;
  /** Record names relative to the domain (`coder`, `*.coder`; `@` for the apex). */
  readonly recordNames: readonly string[];
  /** Addresses every record points at. */
  readonly addresses: readonly string[];
}

/**
 * A records for Coder's hosts in the Route 53 zone of the deployment's domain, pointing at
 * addresses the infrastructure reserved. The zone is read, never managed: it belongs to whoever owns
 * the domain. A zone given by ID that is not the domain's fails the plan, naming both.
 */
export class Route53Records extends Construct {
  readonly zone: DataAwsRoute53Zone;
  readonly records: Route53Record[];
  /** The hosted zone's ID, for a DNS-01 solver. */
  readonly zoneId: string;
  /** The hosted zone's ARN, for IAM policies scoped to it. */
  readonly zoneArn: string;

  constructor(scope: Construct, id: string, props: Route53RecordsProps) {
    super(scope, id);
    if (props.recordNames.length === 0 || props.addresses.length === 0) throw new Error(`Route53Records ${id}: needs record names and addresses`);
    this.zone = new DataAwsRoute53Zone(this, "zone", {
      ...(props.zoneId ? { zoneId: props.zoneId } : { name: props.domain }),
      privateZone: false,
      lifecycle: {
        postcondition: [
          {
            condition: `\${trimsuffix(self.name, ".") == "${props.domain}"}`,
            errorMessage: `The Route 53 zone of aws.dnsZoneId serves another domain than coder.domain (${props.domain}): Coder's records and certificates belong in the zone of ${props.domain}.`,
          },
        ],
      },
    });
    this.zoneId = this.zone.zoneId;
    this.zoneArn = this.zone.arn;
    this.records = props.recordNames.map(
      (name) =>
        new Route53Record(this, `record-${name.replace(/\*/g, "wildcard").replace(/[^a-z0-9-]/g, "-")}`, {
          zoneId: this.zone.zoneId,
          name: name === "@" ? props.domain : `${name}.${props.domain}`,
          type: "A",
          ttl: RECORD_TTL_SECONDS,
          records: [...props.addresses],
        }),
    );
  }
}
