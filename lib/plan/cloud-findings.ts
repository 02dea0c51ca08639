import { DeploymentConfig } from "../config/schema";
import { CODER_LOAD_BALANCER_ZONES, EKS_ADDON_VERSIONS, EKS_STANDARD_SUPPORT_END } from "../reference/aws-eks";
import { GCP_NAT_MIN_PORTS_PER_VM, GCP_NAT_PORTS_PER_ADDRESS } from "../reference/gcp-nat";
import { PROVISIONER_GRACE_SECONDS } from "./coder-plan";
import { Finding, PoolPlan, RegionPlan } from "./types";
import { aksUpgradeSurge } from "./vnet-layout";

/** How long an EKS managed node group update waits for a node's pods (EKS user guide, managed-node-update-behavior: "within 15 minutes"). */
export const EKS_NODE_UPDATE_EVICTION_MINUTES = 15;

/** Home volume of the example template's workspaces, GiB (its `home_size` parameter's default). */
export const EXAMPLE_HOME_VOLUME_GIB = 20;

/** vCPUs of a region's pools at full scale. */
const fullScaleVcpus = (region: RegionPlan) => region.pools.reduce((sum, p) => sum + p.maxNodes * p.vcpu, 0);
const workspacePools = (region: RegionPlan): PoolPlan[] => region.pools.filter((p) => p.role === "workspace");

/** One quota a region needs at full scale, by the cloud's own name for it. */
export interface QuotaNeed {
  /** AWS quota code, Compute Engine metric, or Azure usage name. */
  readonly quota: string;
  readonly description: string;
  readonly need: number;
}

/** Compute Engine CPU quota metric of a machine type (T2D and N2 have their own; N1 and E2 draw from CPUS). */
const gcpCpuMetric = (machineType: string) => (machineType.startsWith("t2d-") ? "T2D_CPUS" : machineType.startsWith("n2-") ? "N2_CPUS" : "CPUS");

/** Balanced Persistent Disk of a region at full scale, GB: boot disks and the example template's homes (SSD_TOTAL_GB). */
function gcpSsdGb(region: RegionPlan): { boot: number; homes: number } {
  const boot = region.pools.reduce((sum, p) => sum + p.maxNodes * p.rootVolumeGib, 0);
  const homes = workspacePools(region).reduce((sum, p) => sum + p.maxNodes * (p.workloadsPerNode ?? 0), 0) * EXAMPLE_HOME_VOLUME_GIB;
  return { boot, homes };
}

/** The quotas a region needs at full scale, for the deploy's comparison with the account's (stacks/quota-checks.ts). */
export function quotaNeeds(cloud: DeploymentConfig["cloud"], region: RegionPlan, coderEnabled: boolean): QuotaNeed[] {
  switch (cloud) {
    case "aws":
      return [
        { quota: "L-1216C47A", description: "Running On-Demand Standard instances (vCPUs)", need: fullScaleVcpus(region) },
        { quota: "L-0263D0A3", description: "EC2-VPC Elastic IPs", need: region.network.availabilityZones + (coderEnabled ? CODER_LOAD_BALANCER_ZONES : 0) },
      ];
    case "gcp": {
      const cpus = new Map<string, number>();
      for (const p of region.pools) cpus.set(gcpCpuMetric(p.instanceType), (cpus.get(gcpCpuMetric(p.instanceType)) ?? 0) + p.maxNodes * p.vcpu);
      const ssd = gcpSsdGb(region);
      const nodes = region.pools.reduce((sum, p) => sum + p.maxNodes, 0);
      const natAddresses = Math.ceil(nodes / Math.floor(GCP_NAT_PORTS_PER_ADDRESS / GCP_NAT_MIN_PORTS_PER_VM));
      return [
        ...[...cpus].map(([metric, need]) => ({ quota: metric, description: `${metric} (vCPUs)`, need })),
        { quota: "SSD_TOTAL_GB", description: "SSD_TOTAL_GB (Balanced Persistent Disk)", need: ssd.boot + ssd.homes },
        // Cloud NAT's automatic addresses, and Coder's load balancer address (lib/reference/gcp-nat.ts).
        { quota: "IN_USE_ADDRESSES", description: "IN_USE_ADDRESSES (Cloud NAT and Coder's load balancer)", need: natAddresses + (coderEnabled ? 1 : 0) },
      ];
    }
    default: {
      const vcpus = region.pools.reduce((sum, p) => sum + (p.maxNodes + aksUpgradeSurge(p)) * p.vcpu, 0);
      return [
        { quota: "standardDSv3Family", description: "Standard DSv3 Family vCPUs", need: vcpus },
        { quota: "cores", description: "Total Regional vCPUs", need: vcpus },
      ];
    }
  }
}

/**
 * What each cloud does on day two that the deployment cannot settle for the user, with its numbers:
 * quotas to raise before scaling, upgrades the cloud makes on its own, waits that are shorter than
 * Coder's. Each names the document with the procedure.
 */
export function dayTwoFindings(config: DeploymentConfig, regions: readonly RegionPlan[], now: Date): Finding[] {
  if (config.cloud === "aws") return awsFindings(config, regions, now);
  if (config.cloud === "gcp") return gcpFindings(regions);
  return azureFindings();
}

function awsFindings(config: DeploymentConfig, regions: readonly RegionPlan[], now: Date): Finding[] {
  const findings: Finding[] = [];
  const minor = config.kubernetes.version;
  const end = EKS_STANDARD_SUPPORT_END[minor];
  if (end) {
    const past = now.toISOString().slice(0, 10) >= end;
    findings.push({
      severity: past ? "warning" : "info",
      code: "eks-standard-support",
      message:
        `Kubernetes ${minor} ${past ? "left" : "leaves"} EKS standard support on ${end}; with the clusters' upgrade policy STANDARD, EKS upgrades the control plane itself then, ` +
        `and a plan still pinned to ${minor} would try to take it back: move kubernetes.version to the next minor before (docs/day-two-aws.md).`,
    });
  }
  const pinned = EKS_ADDON_VERSIONS[minor];
  findings.push({
    severity: "info",
    code: "eks-addon-versions",
    message: pinned
      ? `EKS add-ons pinned for ${minor}: ${Object.entries(pinned).map(([name, version]) => `${name} ${version}`).join(", ")}; aws-ebs-csi-driver follows EKS's default version for ${minor}.`
      : `No add-on versions are pinned for Kubernetes ${minor} (lib/reference/aws-eks.ts): every add-on follows EKS's default version for it.`,
  });
  if (regions.some((r) => r.pools.some((p) => p.role === "provisioner"))) {
    findings.push({
      severity: "info",
      code: "eks-provisioner-drain",
      message:
        `A node-group update on EKS evicts a node's pods for at most ${EKS_NODE_UPDATE_EVICTION_MINUTES} minutes, but a provisioner may take ${PROVISIONER_GRACE_SECONDS / 60} minutes to finish its build: ` +
        `drain the provisioner nodes yourself before updating their node group, or the update fails with PodEvictionFailure (docs/day-two-aws.md).`,
    });
  }
  findings.push({
    severity: "info",
    code: "aws-vcpu-quota",
    message:
      `At full scale the node pools use up to ${regions.map((r) => `${r.region} ${fullScaleVcpus(r)}`).join(" and ")} vCPUs of "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" (quota L-1216C47A): ` +
      `check both regions (npm run deploy compares them when the AWS CLI is present).`,
  });
  return findings;
}

function gcpFindings(regions: readonly RegionPlan[]): Finding[] {
  // Balanced Persistent Disk counts against SSD_TOTAL_GB, not DISKS_TOTAL_GB: the nodes' boot disks
  // and the workspaces' home volumes (terraform-google-kubernetes-engine issue 1795).
  const ssd = regions.map((r) => {
    const { boot, homes } = gcpSsdGb(r);
    return `${r.region} ${boot + homes} GB (${boot} of boot disks, ${homes} of ${EXAMPLE_HOME_VOLUME_GIB} GiB homes)`;
  });
  const byFamily = regions.map((r) => `${r.region} ${quotaNeeds("gcp", r, true).filter((q) => q.quota.endsWith("CPUS") || q.quota === "IN_USE_ADDRESSES").map((q) => `${q.quota} ${q.need}`).join(", ")}`);
  return [
    {
      severity: "info",
      code: "gcp-quotas",
      message:
        `At full scale each region needs, in Compute Engine quota: ${byFamily.join("; ")}; SSD_TOTAL_GB ${ssd.join("; ")}. ` +
        `Check them (gcloud compute regions describe <region>); npm run deploy compares them when gcloud is present.`,
    },
  ];
}

function azureFindings(): Finding[] {
  return [
    {
      severity: "info",
      code: "azure-nat-zone",
      message:
        "Each region's NAT gateway is zonal (zone 1; a zone-redundant StandardV2 gateway needs azurerm 4.67+): if zone 1 fails, nodes in every zone lose outbound traffic until it returns, " +
        "although the cluster and Coder's load balancer keep serving from zones 2 and 3.",
    },
  ];
}
