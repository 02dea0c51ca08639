import { Construct } from "constructs";
import { DataAzurermDnsZone } from "@cdktf/provider-azurerm/lib/data-azurerm-dns-zone";
import { DnsARecord } from "@cdktf/provider-azurerm/lib/dns-a-record";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_SERVICE_ACCOUNT, CertManagerIdentity, ICoderIngress } from "../contracts/coder-ingress";
import { CoderIngressPlan } from "../plan/coder-plan";

/** Seconds resolvers keep the records: short, so a moved address is seen within minutes. */
export const RECORD_TTL_SECONDS = 300;

/** The token exchange audience of Azure workload identity (learn.microsoft.com/azure/aks/workload-identity-overview). */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";

export interface AzureCoderIngressProps {
  /** Base of the names (`coder-eastus-coderd`). */
  readonly name: string;
  readonly location: string;
  /** The region's resource group: the public IP lives here, outside the node resource group, so it outlives the cluster. */
  readonly resourceGroupName: string;
  readonly resourceGroupId: string;
  /** Principal of the cluster's control-plane identity, which attaches the IP to the cluster's load balancer. */
  readonly clusterPrincipalId: string;
  /** The cluster's OIDC issuer, which cert-manager's federated credential trusts. */
  readonly oidcIssuerUrl: string;
  /** Availability zones of the region, for a zone-redundant address. */
  readonly zones: number;
  readonly ingress: CoderIngressPlan;
  readonly domain: string;
  /**
   * Resource group of the Azure DNS zone named after the domain.
   * @default the zone looked up by name in the subscription when Terraform plans
   */
  readonly dnsZoneResourceGroup?: string;
  readonly manageDns: boolean;
  readonly acme: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The public entry of a region's coderd or proxy on Azure: a static, zone-redundant Standard public
 * IP that the cluster's load balancer takes by name (`azure-pip-name`, in the resource group named by
 * `azure-load-balancer-resource-group`; the cluster's identity needs Network Contributor on that
 * group: learn.microsoft.com/azure/aks/static-ip), the A records of its hosts in the domain's Azure
 * DNS zone, and cert-manager's user-assigned identity, federated with cert-manager's service account
 * and allowed to change that zone only (DNS Zone Contributor).
 */
export class AzureCoderIngress extends Construct implements ICoderIngress {
  readonly publicIp: PublicIp;
  readonly zone?: DataAzurermDnsZone;
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  readonly addresses: readonly string[];
  readonly dns01Solver?: Readonly<Record<string, unknown>>;
  readonly certManagerIdentity?: CertManagerIdentity;
  /** What the Service must wait for: the cluster's right to attach the address. */
  readonly grants: RoleAssignment[] = [];

  constructor(scope: Construct, id: string, props: AzureCoderIngressProps) {
    super(scope, id);
    if (props.acme && !props.manageDns) throw new Error(`AzureCoderIngress ${id}: ACME DNS-01 needs the zone (manageDns)`);
    this.publicIp = new PublicIp(this, "address", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      allocationMethod: "Static",
      sku: "Standard",
      // A Standard address without zones is not zone-redundant (azurerm public_ip docs).
      zones: Array.from({ length: props.zones }, (_, i) => String(i + 1)),
      tags: { ...props.tags },
    });
    this.grants.push(
      new RoleAssignment(this, "cluster-network-contributor", {
        scope: props.resourceGroupId,
        roleDefinitionName: "Network Contributor",
        principalId: props.clusterPrincipalId,
        principalType: "ServicePrincipal",
      }),
    );
    this.addresses = [this.publicIp.ipAddress];
    this.serviceAnnotations = {
      "service.beta.kubernetes.io/azure-pip-name": this.publicIp.name,
      "service.beta.kubernetes.io/azure-load-balancer-resource-group": props.resourceGroupName,
    };
    if (!props.manageDns) return;
    this.zone = new DataAzurermDnsZone(this, "zone", { name: props.domain, resourceGroupName: props.dnsZoneResourceGroup });
    const zone = this.zone;
    for (const name of props.ingress.recordNames) {
      new DnsARecord(this, `record-${name.replace(/\*/g, "wildcard").replace(/[^a-z0-9-]/g, "-")}`, {
        name,
        zoneName: zone.name,
        resourceGroupName: zone.resourceGroupName,
        ttl: RECORD_TTL_SECONDS,
        records: [...this.addresses],
        tags: { ...props.tags },
      });
    }
    if (!props.acme) return;
    const identity = new UserAssignedIdentity(this, "cert-manager", {
      name: `${props.name}-cert-manager`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: { ...props.tags },
    });
    new FederatedIdentityCredential(this, "cert-manager-federation", {
      name: "cert-manager",
      resourceGroupName: props.resourceGroupName,
      parentId: identity.id,
      audience: [WORKLOAD_IDENTITY_AUDIENCE],
      issuer: props.oidcIssuerUrl,
      subject: `system:serviceaccount:${CERT_MANAGER_NAMESPACE}:${CERT_MANAGER_SERVICE_ACCOUNT}`,
    });
    this.grants.push(new RoleAssignment(this, "cert-manager-dns", {
      scope: zone.id,
      roleDefinitionName: "DNS Zone Contributor",
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
    }));
    this.dns01Solver = {
      azureDNS: {
        // The zone's own subscription and group, read from its ID (/subscriptions/<id>/resourceGroups/<group>/...).
        subscriptionID: `\${split("/", ${zone.fqn}.id)[2]}`,
        resourceGroupName: zone.resourceGroupName,
        hostedZoneName: props.domain,
        environment: "AzurePublicCloud",
        managedIdentity: { clientID: identity.clientId },
      },
    };
    this.certManagerIdentity = {
      serviceAccountAnnotations: { "azure.workload.identity/client-id": identity.clientId },
      podLabels: { "azure.workload.identity/use": "true" },
    };
  }
}
