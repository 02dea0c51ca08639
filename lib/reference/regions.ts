import { Cloud } from "./types";

/**
 * The regions each cloud offers, so a config names a real one before any API call. Cloud-specific
 * requirements of the reference architecture (machine types, zones) sit beside each cloud's list.
 * Sources: AWS docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html (commercial
 * partition; China and GovCloud need other ARNs and endpoints and are refused explicitly).
 */
export const KNOWN_REGIONS: Readonly<Record<Cloud, readonly string[]>> = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  // cloud.google.com/compute/docs/regions-zones (regions open to all customers, late 2026).
  gcp: [
    "africa-south1",
    "asia-east1",
    "asia-east2",
    "asia-northeast1",
    "asia-northeast2",
    "asia-northeast3",
    "asia-south1",
    "asia-south2",
    "asia-southeast1",
    "asia-southeast2",
    "australia-southeast1",
    "australia-southeast2",
    "europe-central2",
    "europe-north1",
    "europe-north2",
    "europe-southwest1",
    "europe-west1",
    "europe-west10",
    "europe-west12",
    "europe-west2",
    "europe-west3",
    "europe-west4",
    "europe-west6",
    "europe-west8",
    "europe-west9",
    "me-central1",
    "me-central2",
    "me-west1",
    "northamerica-northeast1",
    "northamerica-northeast2",
    "northamerica-south1",
    "southamerica-east1",
    "southamerica-west1",
    "us-central1",
    "us-east1",
    "us-east4",
    "us-east5",
    "us-south1",
    "us-west1",
    "us-west2",
    "us-west3",
    "us-west4",
  ],
  // Azure public cloud, programmatic names (learn.microsoft.com/azure/reliability/regions-list);
  // sovereign clouds (Azure Government, Azure operated by 21Vianet) use other endpoints.
  azure: [
    ...azureRegionsWithZones(),
    "australiacentral",
    "australiacentral2",
    "australiasoutheast",
    "brazilsoutheast",
    "canadaeast",
    "francesouth",
    "germanynorth",
    "jioindiacentral",
    "jioindiawest",
    "koreasouth",
    "northcentralus",
    "norwaywest",
    "southafricawest",
    "southindia",
    "switzerlandwest",
    "uaecentral",
    "ukwest",
    "westcentralus",
    "westindia",
    "westus",
  ].sort(),
};

/**
 * Azure regions with availability zones (learn.microsoft.com/azure/reliability/regions-list, the
 * "Availability zones" column, late 2026). Zone-spanning node pools, a zone-redundant NAT-backed
 * network and zone-redundant PostgreSQL HA need them. A function, so KNOWN_REGIONS can use it above.
 */
function azureRegionsWithZones(): string[] {
  return [
    "australiaeast",
    "austriaeast",
    "belgiumcentral",
    "brazilsouth",
    "canadacentral",
    "centralindia",
    "centralus",
    "chilecentral",
    "denmarkeast",
    "eastasia",
    "eastus",
    "eastus2",
    "francecentral",
    "germanywestcentral",
    "indonesiacentral",
    "israelcentral",
    "italynorth",
    "japaneast",
    "japanwest",
    "koreacentral",
    "malaysiawest",
    "mexicocentral",
    "newzealandnorth",
    "northeurope",
    "norwayeast",
    "polandcentral",
    "qatarcentral",
    "southafricanorth",
    "southcentralus",
    "southeastasia",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "uaenorth",
    "uksouth",
    "westeurope",
    "westus2",
    "westus3",
  ];
}

/**
 * Regions with availability zones, for clouds where some regions have none (on AWS and GCP every
 * region has zones, so they are absent). The reference architecture spreads every pool and the
 * database's standby over zones, so a zone-less region is refused before planning.
 */
export const REGIONS_WITH_ZONES: Readonly<Partial<Record<Cloud, readonly string[]>>> = {
  azure: azureRegionsWithZones(),
};

/** Zones a region offers at most, where a cloud caps them (Azure: zones 1, 2 and 3). */
export const MAX_ZONES: Readonly<Partial<Record<Cloud, number>>> = { azure: 3 };

/** Region prefixes of partitions this project cannot serve (its ARNs and endpoints are the commercial partition's). */
export const UNSUPPORTED_PARTITIONS: Readonly<Record<Cloud, readonly { prefix: string; name: string }[]>> = {
  aws: [
    { prefix: "cn-", name: "AWS China" },
    { prefix: "us-gov-", name: "AWS GovCloud (US)" },
    { prefix: "us-iso", name: "AWS secret and top-secret regions" },
  ],
  gcp: [],
  azure: [],
};
