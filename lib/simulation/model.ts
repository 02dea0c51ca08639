import { Resources } from "../reference/capacity-chain";

/**
 * The scheduling model: nodes and pods as the Kubernetes scheduler sees them, read from the
 * synthesized Terraform, with requests, node selectors, taints and tolerations, required pod
 * anti-affinity and zone spreading. Just enough of the scheduler to prove that what the plan sizes
 * fits the nodes it builds; not a scheduler.
 */

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "NoExecute" | "PreferNoSchedule";
}

export interface Toleration {
  readonly key?: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect?: string;
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
}

export interface SpreadConstraint {
  readonly topologyKey: string;
  readonly maxSkew: number;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector: LabelSelector;
}

/** A pod to place: its owner (Deployment, DaemonSet) and what the scheduler reads. */
export interface PodSpec {
  /** Deployment or DaemonSet name, e.g. `coder-provisioner`. */
  readonly owner: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly requests: Resources;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  /** Required anti-affinity terms (`requiredDuringSchedulingIgnoredDuringExecution`). */
  readonly antiAffinity: readonly { readonly labelSelector: LabelSelector; readonly topologyKey: string }[];
  readonly spread: readonly SpreadConstraint[];
}

/** A Deployment (or a set of add-on replicas): replicas of one pod spec, and how it rolls out. */
export interface Workload {
  readonly kind: "Deployment";
  readonly name: string;
  readonly replicas: number;
  readonly pod: PodSpec;
  /** Rolling update settings as whole pods (Kubernetes rounds maxSurge up and maxUnavailable down). */
  readonly strategy: { readonly maxSurge: number; readonly maxUnavailable: number };
  /** A PodDisruptionBudget's maxUnavailable for these pods, if one exists. */
  readonly disruptionBudget?: number;
}

/** A DaemonSet: one pod on every node it tolerates and selects. */
export interface DaemonSet {
  readonly kind: "DaemonSet";
  readonly name: string;
  readonly pod: PodSpec;
}

export interface SimNode {
  readonly name: string;
  /** Node pool name (`coderd`, `provisioner`, ...). */
  readonly pool: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** What pods may request: allocatable less the headroom kept free for later daemons. */
  readonly capacity: Resources;
  readonly maxPods: number;
}

export interface PlacedPod {
  readonly name: string;
  readonly pod: PodSpec;
  readonly node: string;
}

export interface Cluster {
  readonly name: string;
  readonly nodes: readonly SimNode[];
  readonly daemonSets: readonly DaemonSet[];
  readonly workloads: readonly Workload[];
}
