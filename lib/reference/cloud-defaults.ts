import { Cloud } from "./types";

/** A Kubernetes minor version range a managed service offers, and the version this project picks. */
export interface KubernetesVersionRange {
  /** What a config without `kubernetes.version` gets. */
  readonly default: string;
  /** Oldest minor the service still creates clusters with. */
  readonly min: string;
  /** Newest minor the service offers. */
  readonly max: string;
  /** Where the range comes from. */
  readonly source: string;
}

/** How a cloud names its regions, for checking a config before any API call. */
export interface RegionNaming {
  readonly pattern: RegExp;
  readonly example: string;
}

/**
 * What a config leaves out and the cloud decides: regions, address ranges and the Kubernetes
 * version. The schema cannot default these (a zod default cannot see the sibling `cloud` field),
 * so the config fills them from this table after parsing.
 */
export interface CloudDefaults {
  readonly cloud: Cloud;
  readonly regions: { readonly primary: string; readonly secondary: string };
  readonly networkCidrs: { readonly primary: string; readonly secondary: string };
  /** Kubernetes Service range, the same in both clusters; outside both networks. */
  readonly serviceCidr: string;
  readonly kubernetes: KubernetesVersionRange;
  readonly regionNaming: RegionNaming;
}

export const CLOUD_DEFAULTS: Readonly<Record<Cloud, CloudDefaults>> = {
  aws: {
    cloud: "aws",
    regions: { primary: "us-east-1", secondary: "us-west-2" },
    networkCidrs: { primary: "10.0.0.0/16", secondary: "10.1.0.0/16" },
    serviceCidr: "172.20.0.0/16",
    kubernetes: {
      // 1.35: standard support to 2027-03-27. The range is what the project can deploy: a Cluster
      // Autoscaler release pinned for the minor (lib/reference/aws-eks.ts), so the range said here is
      // the range accepted; minors past standard support are refused at deploy (deploy-blockers).
      default: "1.35",
      min: "1.33",
      max: "1.35",
      source: "docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (release calendar)",
    },
    regionNaming: { pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, example: "us-east-1" },
  },
  gcp: {
    cloud: "gcp",
    regions: { primary: "us-east1", secondary: "us-west1" },
    networkCidrs: { primary: "10.0.0.0/16", secondary: "10.1.0.0/16" },
    serviceCidr: "172.20.0.0/16",
    kubernetes: {
      // The clusters follow the Regular channel. 1.35 is its default for new clusters since
      // September 2026 (standard support to 2027-02-28); 1.34 left standard support 2026-08-30 and
      // reached end of life 2026-10-01; 1.36 is the newest minor Regular offers.
      default: "1.35",
      min: "1.35",
      max: "1.36",
      source: "cloud.google.com/kubernetes-engine/docs/release-schedule (Regular channel)",
    },
    regionNaming: { pattern: /^[a-z]+-[a-z]+\d+$/, example: "us-east1" },
  },
  azure: {
    cloud: "azure",
    regions: { primary: "eastus", secondary: "westus2" },
    networkCidrs: { primary: "10.0.0.0/16", secondary: "10.1.0.0/16" },
    serviceCidr: "172.20.0.0/16",
    kubernetes: {
      // AKS supports three GA minors for 12 months each. Late 2026: 1.34 reached end of life in
      // November 2026, 1.35 runs to about March 2027, 1.36 to about mid-2027; 1.37 (upstream
      // August 2026) is AKS's newest. 1.36 is the default: the newest minor with months of support left.
      default: "1.36",
      min: "1.35",
      max: "1.37",
      source: "learn.microsoft.com/azure/aks/supported-kubernetes-versions (AKS release calendar)",
    },
    regionNaming: { pattern: /^[a-z]+[a-z0-9]*$/, example: "eastus" },
  },
};

/** Compares Kubernetes minor versions such as "1.9" and "1.35" numerically. */
export function compareMinorVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split(".").map(Number);
  const [bMajor, bMinor] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
