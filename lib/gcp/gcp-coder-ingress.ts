import { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { DnsManagedZoneIamMember } from "@cdktf/provider-google/lib/dns-managed-zone-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_SERVICE_ACCOUNT, CertManagerIdentity, ICoderIngress } from "../contracts/coder-ingress";
import { CoderIngressPlan } from "../plan/coder-plan";
import { CloudDnsRecords } from "./cloud-dns-records";
import { boundedName, COMPUTE_NAME_MAX, SERVICE_ACCOUNT_ID_MAX } from "./names";

/** Annotation naming the reserved regional address a GKE external passthrough NLB takes (kubernetes/ingress-gce, l4_static_address.go). */
export const GKE_STATIC_ADDRESS_ANNOTATION = "networking.gke.io/load-balancer-ip-addresses";

export interface GcpCoderIngressProps {
  /** Base of the names (`coder-us-east1-coderd`). */
  readonly name: string;
  readonly region: string;
  readonly projectId: string;
  /** The region's hosts and certificate names. */
  readonly ingress: CoderIngressPlan;
  readonly domain: string;
  /**
   * Cloud DNS managed zone (its name) of the domain.
   * @default the project's public zone of the domain, found when Terraform plans
   */
  readonly dnsZone?: string;
  /** Write the hosts' A records in the zone. */
  readonly manageDns: boolean;
  /** Issue certificates with ACME DNS-01 through the zone (needs manageDns). */
  readonly acme: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The public entry of a region's coderd or proxy on Google Cloud: a reserved regional external
 * address the Service's passthrough NLB takes, the A records of its hosts in the domain's Cloud DNS
 * zone, and cert-manager's Google service account, which only cert-manager's Kubernetes service
 * account may act as (Workload Identity) and which may change only that zone.
 */
export class GcpCoderIngress extends Construct implements ICoderIngress {
  readonly address: ComputeAddress;
  readonly records?: CloudDnsRecords;
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  readonly addresses: readonly string[];
  readonly dns01Solver?: Readonly<Record<string, unknown>>;
  readonly certManagerIdentity?: CertManagerIdentity;

  constructor(scope: Construct, id: string, props: GcpCoderIngressProps) {
    super(scope, id);
    if (props.acme && !props.manageDns) throw new Error(`GcpCoderIngress ${id}: ACME DNS-01 needs the zone (manageDns)`);
    this.address = new ComputeAddress(this, "address", {
      name: boundedName(props.name, COMPUTE_NAME_MAX),
      region: props.region,
      addressType: "EXTERNAL",
      description: `Public entry of ${props.name}; its DNS records point here`,
      labels: { ...props.labels },
    });
    this.addresses = [this.address.address];
    // By name: a name that does not resolve would silently fall back to an ephemeral address, and this one exists by construction.
    this.serviceAnnotations = { [GKE_STATIC_ADDRESS_ANNOTATION]: this.address.name };
    if (!props.manageDns) return;
    this.records = new CloudDnsRecords(this, "records", { domain: props.domain, zoneName: props.dnsZone, recordNames: props.ingress.recordNames, addresses: this.addresses });
    if (!props.acme) return;
    const account = new ServiceAccount(this, "cert-manager", {
      accountId: boundedName(`${props.name}-certs`, SERVICE_ACCOUNT_ID_MAX),
      displayName: `cert-manager of ${props.name}: ACME DNS-01 challenges in ${props.domain}`,
    });
    new ServiceAccountIamMember(this, "cert-manager-workload-identity", {
      serviceAccountId: account.name,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${props.projectId}.svc.id.goog[${CERT_MANAGER_NAMESPACE}/${CERT_MANAGER_SERVICE_ACCOUNT}]`,
    });
    // On the zone alone: with the zone named, cert-manager never lists zones, so it needs no project-wide grant
    // (cert-manager pkg/issuer/acme/dns/clouddns; Cloud DNS supports zone-level IAM, cloud.google.com/dns/docs/zones/iam-per-resource-zones).
    new DnsManagedZoneIamMember(this, "cert-manager-zone", {
      managedZone: this.records.zoneName,
      role: "roles/dns.admin",
      member: account.member,
    });
    this.dns01Solver = { cloudDNS: { project: props.projectId, hostedZoneName: this.records.zoneName } };
    this.certManagerIdentity = { serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": account.email }, podLabels: {} };
  }
}
