import { Cloud } from "./types";
import { eniMaxPods, InstanceType } from "./instance-catalog";
import { kernelMemory } from "./kernel-memory";

/**
 * What pods can request on a node: its capacity (what the kernel leaves, see kernel-memory.ts) less
 * what the managed Kubernetes service reserves for the kubelet and the OS and the eviction
 * threshold. Each cloud publishes its own formula:
 * - EKS: awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go
 * - GKE: cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes, as the cluster autoscaler
 *   computes it (kubernetes/autoscaler cluster-autoscaler/cloudprovider/gce/reserved.go)
 * - AKS (1.29+): learn.microsoft.com/azure/aks/node-resource-reservations
 */
export interface Allocatable {
  readonly cpuMillis: number;
  readonly memoryMib: number;
}

/** The kubelet's hard eviction threshold, the same on all three clouds. */
export const EVICTION_THRESHOLD_MIB = 100;

interface Bracket {
  /** Where the bracket starts, in the unit of the capacity. */
  readonly from: number;
  readonly rate: number;
}

/** Marginal rates over brackets: each rate applies to the part of the capacity inside its bracket. */
function bracketed(capacity: number, brackets: readonly Bracket[]): number {
  return brackets.reduce((sum, { from, rate }, i) => {
    const to = i + 1 < brackets.length ? Math.min(capacity, brackets[i + 1].from) : capacity;
    return to > from ? sum + (to - from) * rate : sum;
  }, 0);
}

/** CPU reserved by EKS and GKE: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above. */
function tieredCpuReservationMillis(vcpu: number): number {
  return bracketed(vcpu * 1000, [
    { from: 0, rate: 0.06 },
    { from: 1000, rate: 0.01 },
    { from: 2000, rate: 0.005 },
    { from: 4000, rate: 0.0025 },
  ]);
}

/**
 * GKE memory reservation: 25% / 20% / 10% / 6% / 2% over brackets that start at 4, 8, 16 and 128
 * "GB", where GKE counts a GB as 1,000 MiB (reserved.go keeps that upstream quirk "to predict the
 * end result accurately"), applied to the machine's nominal memory and truncated to whole MiB.
 */
export const GKE_MIB_PER_GB = 1000;
function gkeMemoryReservationMib(nominalMib: number): number {
  const gb = GKE_MIB_PER_GB;
  return Math.trunc(
    bracketed(nominalMib, [
      { from: 0, rate: 0.25 },
      { from: 4 * gb, rate: 0.2 },
      { from: 8 * gb, rate: 0.1 },
      { from: 16 * gb, rate: 0.06 },
      { from: 128 * gb, rate: 0.02 },
    ]),
  );
}

/**
 * EKS kube-reserved memory: 11 MiB per pod + 255 MiB, where nodeadm counts the pods by the ENI
 * formula of the instance type (`withDefaultReservedResources`), not by the node's configured max
 * pods (a max pods set in the node config, such as prefix delegation's 110, does not change it).
 */
export function eksKubeReservedMemoryMib(type: InstanceType): number {
  return 11 * eniMaxPods(type) + 255;
}

/** AKS 1.29+ CPU reservation by core count (the documented table). */
const AKS_CPU_RESERVATION_MILLIS: Readonly<Record<number, number>> = { 1: 60, 2: 100, 4: 140, 8: 180, 16: 260 };

/** What the cloud reserves on a node of this type (kubelet, OS), before the eviction threshold. */
export interface Reservation {
  readonly cpuMillis: number;
  readonly memoryMib: number;
  readonly source: string;
}

/**
 * The cloud's reservation on a node of the given type running at most `maxPods` pods, applied to
 * the kernel-visible capacity `capacityMib`.
 */
export function reservation(cloud: Cloud, type: InstanceType, maxPods: number, capacityMib: number): Reservation {
  switch (cloud) {
    case "aws":
      return {
        cpuMillis: tieredCpuReservationMillis(type.vcpu),
        memoryMib: eksKubeReservedMemoryMib(type),
        source: `11 MiB x ${eniMaxPods(type)} pods (ENI formula) + 255 MiB; CPU 6/1/0.5/0.25% (amazon-eks-ami nodeadm)`,
      };
    case "gcp":
      return {
        cpuMillis: tieredCpuReservationMillis(type.vcpu),
        memoryMib: gkeMemoryReservationMib(type.memoryMib),
        source: "25/20/10/6/2% over 4/8/16/128 GB of 1,000 MiB; CPU 6/1/0.5/0.25% (GKE plan-node-sizes, reserved.go)",
      };
    case "azure": {
      const cpu = AKS_CPU_RESERVATION_MILLIS[type.vcpu];
      if (cpu === undefined) throw new Error(`No AKS CPU reservation known for ${type.vcpu} cores (${type.name})`);
      return {
        cpuMillis: cpu,
        memoryMib: Math.min(20 * maxPods + 50, Math.floor(capacityMib * 0.25)),
        source: `lesser of 20 MB x ${maxPods} pods + 50 MB and 25%; CPU ${cpu}m on ${type.vcpu} cores (AKS node-resource-reservations)`,
      };
    }
  }
}

/**
 * Allocatable CPU and memory of a node of the given type running at most `maxPods` pods: the
 * kernel-visible capacity less the cloud's reservation and the eviction threshold.
 */
export function allocatable(cloud: Cloud, type: InstanceType, maxPods: number): Allocatable {
  const capacity = kernelMemory(cloud, type).capacityMib;
  const reserved = reservation(cloud, type, maxPods, capacity);
  return {
    cpuMillis: Math.floor(type.vcpu * 1000 - reserved.cpuMillis),
    memoryMib: Math.floor(capacity - reserved.memoryMib - EVICTION_THRESHOLD_MIB),
  };
}
