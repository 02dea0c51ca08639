import { Cluster, LabelSelector, PlacedPod, PodSpec, SimNode, Taint, Toleration, Workload } from "./model";

/** Why a pod found no node: the first reason that ruled out each node, counted. */
export interface PendingPod {
  readonly name: string;
  readonly owner: string;
  readonly reasons: Readonly<Record<string, number>>;
}

/** Where every pod went, or why it did not. */
export interface Placement {
  readonly placed: PlacedPod[];
  readonly pending: PendingPod[];
}

const matches = (selector: LabelSelector, labels: Readonly<Record<string, string>>) =>
  Object.entries(selector.matchLabels).every(([k, v]) => labels[k] === v);

function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  if (taint.effect === "PreferNoSchedule") return true;
  return tolerations.some(
    (t) =>
      (t.key === undefined ? t.operator === "Exists" : t.key === taint.key) &&
      (t.operator === "Exists" || t.value === taint.value) &&
      (t.effect === undefined || t.effect === taint.effect),
  );
}

/** The scheduler's state: the nodes and what runs on them. */
export class Scheduler {
  readonly placed: PlacedPod[] = [];
  private readonly cordoned = new Set<string>();

  constructor(readonly nodes: readonly SimNode[]) {}

  podsOn(node: string): PlacedPod[] {
    return this.placed.filter((p) => p.node === node);
  }

  /** What is left on a node for more pods. */
  free(node: SimNode): { cpuMillis: number; memoryMib: number; pods: number } {
    const pods = this.podsOn(node.name);
    return {
      cpuMillis: node.capacity.cpuMillis - pods.reduce((s, p) => s + p.pod.requests.cpuMillis, 0),
      memoryMib: node.capacity.memoryMib - pods.reduce((s, p) => s + p.pod.requests.memoryMib, 0),
      pods: node.maxPods - pods.length,
    };
  }

  cordon(node: string): void {
    this.cordoned.add(node);
  }

  remove(name: string): PlacedPod {
    const index = this.placed.findIndex((p) => p.name === name);
    if (index < 0) throw new Error(`No pod ${name} is placed`);
    return this.placed.splice(index, 1)[0];
  }

  /** The first reason this node cannot take the pod, or undefined when it can. */
  private refusal(pod: PodSpec, node: SimNode): string | undefined {
    if (this.cordoned.has(node.name)) return "node cordoned";
    if (!Object.entries(pod.nodeSelector).every(([k, v]) => node.labels[k] === v)) return "node selector";
    if (!node.taints.every((taint) => tolerates(pod.tolerations, taint))) return "untolerated taint";
    const free = this.free(node);
    if (free.pods < 1) return "pod limit";
    if (free.cpuMillis < pod.requests.cpuMillis) return "cpu";
    if (free.memoryMib < pod.requests.memoryMib) return "memory";
    for (const term of pod.antiAffinity) {
      const domain = topologyValue(node, term.topologyKey);
      const clash = this.placed.some((p) => matches(term.labelSelector, p.pod.labels) && topologyValue(this.nodeNamed(p.node), term.topologyKey) === domain);
      if (clash) return "pod anti-affinity";
    }
    for (const spread of pod.spread.filter((s) => s.whenUnsatisfiable === "DoNotSchedule")) {
      if (this.skewAfter(pod, node, spread.labelSelector, spread.topologyKey) > spread.maxSkew) return "topology spread";
    }
    return undefined;
  }

  private nodeNamed(name: string): SimNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`No node ${name}`);
    return node;
  }

  /** Matching pods per domain if the pod went to `node`: max less min over the domains of eligible nodes. */
  private skewAfter(pod: PodSpec, node: SimNode, selector: LabelSelector, key: string): number {
    const domains = new Map<string, number>();
    for (const n of this.nodes) {
      if (Object.entries(pod.nodeSelector).every(([k, v]) => n.labels[k] === v)) domains.set(topologyValue(n, key), 0);
    }
    for (const p of this.placed) {
      if (!matches(selector, p.pod.labels)) continue;
      const domain = topologyValue(this.nodeNamed(p.node), key);
      if (domains.has(domain)) domains.set(domain, (domains.get(domain) ?? 0) + 1);
    }
    const target = topologyValue(node, key);
    domains.set(target, (domains.get(target) ?? 0) + 1);
    const counts = [...domains.values()];
    return Math.max(...counts) - Math.min(...counts);
  }

  /**
   * Places a pod on the feasible node with the fewest matching pods in its spread domains, first in
   * order on a tie; `onNode` restricts it to one node (a DaemonSet's pod).
   */
  place(name: string, pod: PodSpec, onNode?: string): PlacedPod | PendingPod {
    const reasons: Record<string, number> = {};
    const feasible: SimNode[] = [];
    for (const node of this.nodes.filter((n) => onNode === undefined || n.name === onNode)) {
      const why = this.refusal(pod, node);
      if (why) reasons[why] = (reasons[why] ?? 0) + 1;
      else feasible.push(node);
    }
    if (feasible.length === 0) return { name, owner: pod.owner, reasons };
    const score = (node: SimNode) =>
      pod.spread.reduce(
        (sum, s) => sum + this.placed.filter((p) => matches(s.labelSelector, p.pod.labels) && topologyValue(this.nodeNamed(p.node), s.topologyKey) === topologyValue(node, s.topologyKey)).length,
        0,
      );
    const best = feasible.reduce((a, b) => (score(b) < score(a) ? b : a));
    const placed = { name, pod, node: best.name };
    this.placed.push(placed);
    return placed;
  }
}

function topologyValue(node: SimNode, key: string): string {
  if (key === "kubernetes.io/hostname") return node.name;
  if (key === "topology.kubernetes.io/zone") return node.zone;
  return node.labels[key] ?? "";
}

const isPending = (p: PlacedPod | PendingPod): p is PendingPod => "reasons" in p;

/** Places a cluster's pods in the order the cluster comes up: daemons on every node first, then each Deployment's replicas. */
export function scheduleCluster(cluster: Cluster): { scheduler: Scheduler; placement: Placement } {
  const scheduler = new Scheduler(cluster.nodes);
  const pending: PendingPod[] = [];
  for (const daemon of cluster.daemonSets) {
    for (const node of cluster.nodes) {
      // A DaemonSet runs on every node whose taints it tolerates and whose labels it selects.
      if (!node.taints.every((t) => tolerates(daemon.pod.tolerations, t))) continue;
      if (!Object.entries(daemon.pod.nodeSelector).every(([k, v]) => node.labels[k] === v)) continue;
      const result = scheduler.place(`${daemon.name}-${node.name}`, daemon.pod, node.name);
      if (isPending(result)) pending.push(result);
    }
  }
  for (const workload of cluster.workloads) {
    for (let i = 0; i < workload.replicas; i++) {
      const result = scheduler.place(`${workload.name}-${i}`, workload.pod);
      if (isPending(result)) pending.push(result);
    }
  }
  return { scheduler, placement: { placed: scheduler.placed, pending } };
}

/** How a rolling update of one Deployment went: completed, or stuck with some replicas old. */
export interface RolloutResult {
  readonly completed: boolean;
  /** Replicas replaced before it completed or stuck. */
  readonly replaced: number;
  /** The most replicas unavailable at once. */
  readonly maxUnavailableSeen: number;
}

/**
 * A rolling update of a Deployment whose pods run in the scheduler: new pods are created up to
 * maxSurge above the replica count; old pods are removed while at most maxUnavailable are not
 * running, counting new pods that did not place as not running. Stuck when a round makes no progress.
 */
export function rollOut(scheduler: Scheduler, workload: Workload): RolloutResult {
  const replicas = workload.replicas;
  const { maxSurge, maxUnavailable } = workload.strategy;
  let old = scheduler.placed.filter((p) => p.pod.owner === workload.name).map((p) => p.name);
  let fresh = 0;
  let waiting = 0;
  let maxUnavailableSeen = 0;
  for (;;) {
    if (old.length === 0 && waiting === 0 && fresh === replicas) return { completed: true, replaced: fresh, maxUnavailableSeen };
    let progress = false;
    // The new ReplicaSet grows while all pods stay within replicas + maxSurge.
    while (old.length + fresh + waiting < replicas + maxSurge && fresh + waiting < replicas) {
      waiting++;
      progress = true;
    }
    // New pods start where they fit; the others wait (Pending).
    while (waiting > 0 && !isPending(scheduler.place(`${workload.name}-new-${fresh}`, workload.pod))) {
      waiting--;
      fresh++;
      progress = true;
    }
    // The old ReplicaSet shrinks while enough pods run: at least replicas - maxUnavailable.
    while (old.length > 0 && old.length + fresh - 1 >= replicas - maxUnavailable) {
      scheduler.remove(old[0]);
      old = old.slice(1);
      progress = true;
    }
    maxUnavailableSeen = Math.max(maxUnavailableSeen, replicas - (old.length + fresh));
    if (!progress) return { completed: false, replaced: fresh, maxUnavailableSeen };
  }
}

/** What draining one node did: the pods evicted (within the disruption budgets) and those that found no other node. */
export interface DrainResult {
  readonly node: string;
  readonly evicted: string[];
  /** Evictions a PodDisruptionBudget refused while others of its pods were already gone. */
  readonly refused: string[];
  readonly stranded: PendingPod[];
}

/**
 * Cordons a node and evicts its pods (not DaemonSet pods), each eviction allowed only while the
 * owner's PodDisruptionBudget holds; evicted pods are recreated and placed elsewhere if they fit.
 */
export function drainNode(scheduler: Scheduler, cluster: Cluster, node: string): DrainResult {
  scheduler.cordon(node);
  const daemonOwners = new Set(cluster.daemonSets.map((d) => d.name));
  const down = new Map<string, number>();
  const evicted: string[] = [];
  const refused: string[] = [];
  const stranded: PendingPod[] = [];
  for (const pod of scheduler.podsOn(node).filter((p) => !daemonOwners.has(p.pod.owner))) {
    const workload = cluster.workloads.find((w) => w.name === pod.pod.owner);
    const budget = workload?.disruptionBudget;
    if (budget !== undefined && (down.get(pod.pod.owner) ?? 0) + 1 > budget) {
      refused.push(pod.name);
      continue;
    }
    scheduler.remove(pod.name);
    evicted.push(pod.name);
    const result = scheduler.place(`${pod.name}-again`, pod.pod);
    if (isPending(result)) {
      stranded.push(result);
      down.set(pod.pod.owner, (down.get(pod.pod.owner) ?? 0) + 1);
    }
  }
  return { node, evicted, refused, stranded };
}
