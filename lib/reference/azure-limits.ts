/**
 * Azure facts the plan checks before any resource exists: name limits, address ranges AKS refuses,
 * and the sizes of the subnets Azure services need. Each with its public source.
 */

/**
 * Key Vault names: 3-24 letters, digits and '-', starting with a letter, ending with a letter or
 * digit, no "--"; globally unique, and a soft-deleted vault keeps its name for its retention period
 * (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault).
 */
export const KEY_VAULT_NAME = { min: 3, max: 24, pattern: /^[a-z](?!.*--)[a-z0-9-]{1,22}[a-z0-9]$/ } as const;

/**
 * Storage account names: 3-24 lowercase letters and digits, globally unique
 * (resource-name-rules#microsoftstorage).
 */
export const STORAGE_ACCOUNT_NAME = { min: 3, max: 24, pattern: /^[a-z0-9]{3,24}$/ } as const;

/**
 * AKS DNS prefix: 1-54 letters, digits and '-', starting and ending with a letter or digit
 * (azurerm kubernetes_cluster `dns_prefix` validation; AKS API).
 */
export const AKS_DNS_PREFIX = { max: 54, pattern: /^[a-z0-9][a-z0-9-]{0,52}[a-z0-9]$/ } as const;

/**
 * Flexible Server names: 3-63 lowercase letters, digits and '-', not starting or ending with '-';
 * globally unique, since the name is the host `<name>.postgres.database.azure.com`
 * (resource-name-rules#microsoftdbforpostgresql).
 */
export const POSTGRES_SERVER_NAME = { max: 63, pattern: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/ } as const;

/** Linux node pool names: 1-12 lowercase letters and digits, starting with a letter (AKS API; REFERENCE.md section 4). */
export const AKS_LINUX_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/**
 * Ranges AKS refuses for the pod, service and node networks
 * (learn.microsoft.com/azure/aks/azure-cni-overlay, "IP address planning"; REFERENCE.md section 4).
 */
export const AKS_RESERVED_CIDRS: readonly string[] = ["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"];

/**
 * Azure CNI Overlay pod ranges, one per region. Each node takes a /24 of it, so a /16 holds 256
 * nodes; they overlap neither default VNet (10.0/16, 10.1/16), the service range (172.20/16) nor
 * AKS's reserved ranges. Distinct per region, so pod addresses stay unambiguous in logs across the
 * peered VNets even though overlay traffic leaves a node SNATed to the node's address.
 */
export const AKS_POD_CIDRS = { primary: "10.244.0.0/16", secondary: "10.245.0.0/16" } as const;

/** Azure CNI Overlay gives every node a /24 of the pod range (learn.microsoft.com/azure/aks/azure-cni-overlay). */
export const AKS_OVERLAY_NODE_PREFIX = 24;

/**
 * The delegated subnet of a Flexible Server: Azure asks for at least a /28; HA standbys, scaling and
 * replicas take addresses from it too, so the plan gives it a /26
 * (learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private).
 */
export const POSTGRES_SUBNET_PREFIX = 26;

/** Private endpoints (Key Vault, and later others) get a /24 of their own. */
export const PRIVATE_ENDPOINT_SUBNET_PREFIX = 24;

/** Addresses Azure keeps back in every subnet (learn.microsoft.com/azure/virtual-network/virtual-networks-faq). */
export const AZURE_RESERVED_PER_SUBNET = 5;
