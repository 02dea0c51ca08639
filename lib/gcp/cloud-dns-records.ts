import { Construct } from "constructs";
import { DataGoogleDnsManagedZone } from "@cdktf/provider-google/lib/data-google-dns-managed-zone";
import { DataGoogleDnsManagedZones } from "@cdktf/provider-google/lib/data-google-dns-managed-zones";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";

/** Seconds resolvers keep the records: short, so a moved address is seen within minutes. */
export const RECORD_TTL_SECONDS = 300;

export interface CloudDnsRecordsProps {
  /** The domain the zone serves (`acme.com`). */
  readonly domain: string;
  /**
   * The managed zone's name (not its DNS name).
   * @default the project's public zone whose DNS name is the domain, found when Terraform plans
   */
  readonly zoneName?: string;
  /** Record names relative to the domain (`coder`, `*.coder`; `@` for the apex). */
  readonly recordNames: readonly string[];
  /** Addresses every record points at. */
  readonly addresses: readonly string[];
}

/**
 * A records for Coder's hosts in the Cloud DNS zone of the deployment's domain, in the deployment's
 * project. The zone is read, never managed. A zone named in the config that serves another domain,
 * or no public zone of the domain, fails the plan with the reason.
 */
export class CloudDnsRecords extends Construct {
  /** The managed zone's name, for records, grants and the DNS-01 solver. */
  readonly zoneName: string;
  readonly records: DnsRecordSet[];

  constructor(scope: Construct, id: string, props: CloudDnsRecordsProps) {
    super(scope, id);
    if (props.recordNames.length === 0 || props.addresses.length === 0) throw new Error(`CloudDnsRecords ${id}: needs record names and addresses`);
    const dnsName = `${props.domain}.`;
    if (props.zoneName) {
      const zone = new DataGoogleDnsManagedZone(this, "zone", {
        name: props.zoneName,
        lifecycle: {
          postcondition: [
            {
              condition: `\${self.dns_name == "${dnsName}"}`,
              errorMessage: `The Cloud DNS zone of gcp.dnsZone (${props.zoneName}) serves another domain than coder.domain (${props.domain}).`,
            },
          ],
        },
      });
      this.zoneName = zone.name;
    } else {
      // The provider looks zones up by their resource name only; the project's zones are listed and
      // the one public zone of the domain chosen.
      const zones = new DataGoogleDnsManagedZones(this, "zones", {
        lifecycle: {
          postcondition: [
            {
              condition: `\${length([for z in self.managed_zones : z if z.dns_name == "${dnsName}" && z.visibility == "public"]) == 1}`,
              errorMessage: `No single public Cloud DNS zone of ${props.domain} in the project: create it, or name it in gcp.dnsZone.`,
            },
          ],
        },
      });
      this.zoneName = `\${one([for z in ${zones.fqn}.managed_zones : z.name if z.dns_name == "${dnsName}" && z.visibility == "public"])}`;
    }
    this.records = props.recordNames.map(
      (name) =>
        new DnsRecordSet(this, `record-${name.replace(/\*/g, "wildcard").replace(/[^a-z0-9-]/g, "-")}`, {
          managedZone: this.zoneName,
          name: name === "@" ? dnsName : `${name}.${dnsName}`,
          type: "A",
          ttl: RECORD_TTL_SECONDS,
          rrdatas: [...props.addresses],
        }),
    );
  }
}
