import { InstanceType } from "./instance-catalog";
import { Cloud } from "./types";

/**
 * The first step of a node's capacity chain: the memory the kernel leaves to the kubelet. A node's
 * capacity is the kernel's MemTotal, which is below the machine's nominal size (firmware, the
 * kernel's own structures, the software IO TLB), and every reservation is taken from that, not from
 * the nominal size. Each cloud gets the most conservative figure a public source supports.
 */
export interface KernelMemory {
  /** Memory the kubelet reports as the node's capacity, in MiB. */
  readonly capacityMib: number;
  /** Nominal less capacity, in MiB. */
  readonly kernelShareMib: number;
  /** Which bound this is and where it comes from. */
  readonly source: string;
}

/**
 * Measured nominal-minus-capacity of EC2 types, from Karpenter's generated table
 * (aws/karpenter-provider-aws `pkg/providers/instancetype/zz_generated.memory_overhead.go`, read off
 * real nodes' `status.capacity`). The table is measured on Bottlerocket, the EKS OS with the largest
 * overhead, so AL2023 nodes report at least this much: the conservative bound.
 */
export const EC2_MEASURED_KERNEL_SHARE_MIB: Readonly<Record<string, number>> = {
  "t3.large": 365,
  "t3.xlarge": 589,
  "t3.2xlarge": 1038,
};

/**
 * For EC2 types the table above does not list: Karpenter's own default bound on the overhead
 * (`vmMemoryOverheadPercent`, 7.5%), well above every measured figure.
 */
export const EC2_DEFAULT_KERNEL_SHARE = 0.075;

/**
 * GKE: the cluster autoscaler's prediction of what the kernel keeps, which it needs to predict a new
 * node's allocatable exactly (kubernetes/autoscaler `cluster-autoscaler/cloudprovider/gce/reserved.go`,
 * `CalculateKernelReserved`): 1/64 of the memory plus 16 MiB, plus 64 MiB of software IO TLB above
 * 3 GiB. 2i2c-org/infrastructure's measured GKE capacities agree within a few MiB.
 */
function gkeKernelShareMib(nominalMib: number): number {
  return Math.floor(nominalMib / 64) + 16 + (nominalMib > 3 * 1024 ? 64 : 0);
}

/**
 * AKS: the one public measurement (Azure/AKS issue 1216: a 16 GiB VM reports 16,019 MiB) is
 * nominal x 63/64 less 109 MiB; the same rule gives 32,147 MiB for a 32 GiB VM.
 */
export const AKS_KERNEL_FIXED_MIB = 109;
function aksKernelShareMib(nominalMib: number): number {
  return nominalMib - (Math.floor((nominalMib * 63) / 64) - AKS_KERNEL_FIXED_MIB);
}

/** What the kernel of a node of this type leaves to the kubelet on this cloud (conservative). */
export function kernelMemory(cloud: Cloud, type: InstanceType): KernelMemory {
  const nominal = type.memoryMib;
  let share: number;
  let source: string;
  switch (cloud) {
    case "aws": {
      const measured = EC2_MEASURED_KERNEL_SHARE_MIB[type.name];
      share = measured ?? Math.ceil(nominal * EC2_DEFAULT_KERNEL_SHARE);
      source =
        measured !== undefined
          ? `measured on ${type.name} (Karpenter's memory-overhead table, Bottlerocket: the largest EKS OS overhead)`
          : `Karpenter's default bound of ${EC2_DEFAULT_KERNEL_SHARE * 100}% (no measurement of ${type.name} known)`;
      break;
    }
    case "gcp":
      share = gkeKernelShareMib(nominal);
      source = "memory/64 + 16 MiB + 64 MiB above 3 GiB (cluster-autoscaler gce/reserved.go)";
      break;
    case "azure":
      share = aksKernelShareMib(nominal);
      source = `memory x 63/64 - ${AKS_KERNEL_FIXED_MIB} MiB (fitted to the 16,019 MiB a 16 GiB AKS node reports, Azure/AKS issue 1216)`;
      break;
  }
  return { capacityMib: nominal - share, kernelShareMib: share, source };
}
