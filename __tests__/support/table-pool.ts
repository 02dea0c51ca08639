import { PoolPlan } from "../../lib/plan/types";
import { allocatable } from "../../lib/reference/allocatable";
import { instanceType } from "../../lib/reference/instance-catalog";
import { KUBERNETES_PROFILES } from "../../lib/reference/kubernetes-profiles";
import { REFERENCE_TIERS } from "../../lib/reference/tier-2k";
import { Cloud } from "../../lib/reference/types";

/** A node of the 2k table's row on a cloud, with the cloud's allocatable capacity (no synth needed). */
export function tablePoolOn(cloud: Cloud, row: "coderd" | "provisioner"): PoolPlan {
  const tier = REFERENCE_TIERS["2k"];
  const type = instanceType(cloud, tier[row].instanceTypes[cloud]);
  const maxPods = KUBERNETES_PROFILES[cloud].maxPodsPerNode;
  return {
    role: row,
    name: row,
    instanceType: type.name,
    vcpu: type.vcpu,
    memoryMib: type.memoryMib,
    burstable: type.burstable,
    scaling: "static",
    minNodes: 1,
    maxNodes: 1,
    desiredNodes: 1,
    labels: {},
    taints: [],
    rootVolumeGib: 50,
    maxPodsPerNode: maxPods,
    allocatable: allocatable(cloud, type, maxPods),
    workloadsPerNode: tier[row].perNode,
  };
}
