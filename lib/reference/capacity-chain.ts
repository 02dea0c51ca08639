import { allocatable, EVICTION_THRESHOLD_MIB, reservation } from "./allocatable";
import { InstanceType } from "./instance-catalog";
import { kernelMemory } from "./kernel-memory";
import { NODE_DAEMONS, NodeDaemon } from "./node-daemons";
import { Cloud } from "./types";

/** CPU in millicores and memory in MiB: one step of a node's capacity. */
export interface Resources {
  readonly cpuMillis: number;
  readonly memoryMib: number;
}

/**
 * Requests left unclaimed on every node, for DaemonSets a platform team adds after the deploy (a
 * metrics agent and a log shipper). Without it, the first observability agent leaves a coderd replica
 * or a provisioner Pending on its full node. The same absolute budget on every node, because a
 * daemon asks for the same whatever the node's size.
 */
export const NODE_HEADROOM: Resources = { cpuMillis: 200, memoryMib: 512 };

/**
 * How much of a node Coder's pods may request, step by step: nominal size, what the kernel leaves
 * (the node's capacity), what the cloud leaves allocatable, what the cloud's daemon pods leave, and
 * what remains after the headroom. Every figure the plan sizes a pod by comes from here.
 */
export interface NodeCapacityChain {
  readonly cloud: Cloud;
  readonly instanceType: string;
  /** The pod limit the node runs with; the daemon pods count against it. */
  readonly maxPods: number;
  readonly nominal: Resources;
  /** What the kubelet reports as capacity: nominal memory less the kernel's share. */
  readonly kernelVisible: Resources;
  /** Capacity less the cloud's kubelet and OS reservation and the 100 MiB eviction threshold. */
  readonly allocatable: Resources;
  /** The daemon pods the cloud runs on this node, with their requests. */
  readonly daemons: readonly NodeDaemon[];
  /** Allocatable less the daemon pods' requests. */
  readonly afterDaemons: Resources;
  readonly headroom: Resources;
  /** What Coder's pods (or workspaces) on the node may request together. */
  readonly forPods: Resources;
  /** Pods the node takes besides its daemon pods. */
  readonly podSlots: number;
  /** Where each step's figure comes from. */
  readonly sources: { readonly kernel: string; readonly reservation: string; readonly daemons: string };
}

const sum = (daemons: readonly NodeDaemon[], field: keyof Resources) => daemons.reduce((total, d) => total + d[field], 0);

/**
 * The capacity chain of a node of `type` on `cloud` with the given pod limit. A tainted node runs
 * only the daemons that tolerate every taint.
 */
export function nodeCapacityChain(cloud: Cloud, type: InstanceType, maxPods: number, tainted: boolean): NodeCapacityChain {
  const kernel = kernelMemory(cloud, type);
  const reserved = reservation(cloud, type, maxPods, kernel.capacityMib);
  const alloc = allocatable(cloud, type, maxPods);
  const daemons = NODE_DAEMONS[cloud].filter((d) => d.toleratesAllTaints || !tainted);
  const afterDaemons = { cpuMillis: alloc.cpuMillis - sum(daemons, "cpuMillis"), memoryMib: alloc.memoryMib - sum(daemons, "memoryMib") };
  return {
    cloud,
    instanceType: type.name,
    maxPods,
    nominal: { cpuMillis: type.vcpu * 1000, memoryMib: type.memoryMib },
    kernelVisible: { cpuMillis: type.vcpu * 1000, memoryMib: kernel.capacityMib },
    allocatable: alloc,
    daemons,
    afterDaemons,
    headroom: NODE_HEADROOM,
    forPods: {
      cpuMillis: Math.max(0, afterDaemons.cpuMillis - NODE_HEADROOM.cpuMillis),
      memoryMib: Math.max(0, afterDaemons.memoryMib - NODE_HEADROOM.memoryMib),
    },
    podSlots: Math.max(0, maxPods - daemons.length),
    sources: {
      kernel: kernel.source,
      reservation: `${reserved.source}; eviction ${EVICTION_THRESHOLD_MIB} MiB`,
      daemons: `${daemons.map((d) => d.name).join(", ")} (lib/reference/node-daemons.ts)`,
    },
  };
}
