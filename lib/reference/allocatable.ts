import { Cloud } from "./types";
import { InstanceType } from "./instance-catalog";

/**
 * What pods can request on a node: its capacity less what the managed Kubernetes service reserves
 * for the kubelet, the OS and the eviction threshold. Each cloud publishes its own formula:
 * - EKS: awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go
 * - GKE: cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes
 * - AKS (1.29+): learn.microsoft.com/azure/aks/node-resource-reservations
 */
export interface Allocatable {
  readonly cpuMillis: number;
  readonly memoryMib: number;
}

/** The kubelet's hard eviction threshold, the same on all three clouds. */
export const EVICTION_THRESHOLD_MIB = 100;

/** CPU reserved by EKS and GKE: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above. */
function tieredCpuReservationMillis(vcpu: number): number {
  const tiers: ReadonlyArray<[cores: number, share: number]> = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Infinity, 0.0025],
  ];
  let left = vcpu;
  let reserved = 0;
  for (const [cores, share] of tiers) {
    const take = Math.min(left, cores);
    reserved += take * 1000 * share;
    left -= take;
  }
  return reserved;
}

/** GKE memory reservation: 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above. */
function gkeMemoryReservationMib(memoryMib: number): number {
  const tiers: ReadonlyArray<[mib: number, share: number]> = [
    [4 * 1024, 0.25],
    [4 * 1024, 0.2],
    [8 * 1024, 0.1],
    [112 * 1024, 0.06],
    [Infinity, 0.02],
  ];
  let left = memoryMib;
  let reserved = 0;
  for (const [mib, share] of tiers) {
    const take = Math.min(left, mib);
    reserved += take * share;
    left -= take;
  }
  return reserved;
}

/** AKS 1.29+ CPU reservation by core count (the documented table). */
const AKS_CPU_RESERVATION_MILLIS: Readonly<Record<number, number>> = { 1: 60, 2: 100, 4: 140, 8: 180, 16: 260 };

/**
 * Allocatable CPU and memory for a node of the given type running at most `maxPods` pods.
 * EKS reserves memory per possible pod (11 MiB each + 255 MiB); AKS the lesser of 20 MB per pod
 * + 50 MB and a quarter of the memory; GKE a tiered share of the memory.
 */
export function allocatable(cloud: Cloud, type: InstanceType, maxPods: number): Allocatable {
  let reservedMemory: number;
  let reservedCpu: number;
  switch (cloud) {
    case "aws":
      reservedMemory = 11 * maxPods + 255;
      reservedCpu = tieredCpuReservationMillis(type.vcpu);
      break;
    case "gcp":
      reservedMemory = gkeMemoryReservationMib(type.memoryMib);
      reservedCpu = tieredCpuReservationMillis(type.vcpu);
      break;
    case "azure": {
      reservedMemory = Math.min(20 * maxPods + 50, type.memoryMib * 0.25);
      const cpu = AKS_CPU_RESERVATION_MILLIS[type.vcpu];
      if (cpu === undefined) {
        throw new Error(`No AKS CPU reservation known for ${type.vcpu} cores (${type.name})`);
      }
      reservedCpu = cpu;
      break;
    }
  }
  return {
    cpuMillis: Math.floor(type.vcpu * 1000 - reservedCpu),
    memoryMib: Math.round(type.memoryMib - reservedMemory - EVICTION_THRESHOLD_MIB),
  };
}
