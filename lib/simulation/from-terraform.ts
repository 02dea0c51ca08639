import { nodeCapacityChain, Resources } from "../reference/capacity-chain";
import { literalHelmValues } from "../terraform/helm-values-documents";
import { CLUSTER_ADDON_PODS } from "../reference/cluster-addon-pods";
import { instanceType } from "../reference/instance-catalog";
import { KUBERNETES_PROFILES } from "../reference/kubernetes-profiles";
import { NODE_DAEMONS } from "../reference/node-daemons";
import { Cloud } from "../reference/types";
import { ONE_AT_A_TIME_ROLLOUT_SCRIPT } from "../coder/rollout-postrender";
import { chartPods } from "./chart-pods";
import { Cluster, DaemonSet, PodSpec, SimNode, Taint, Toleration, Workload } from "./model";

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
/** A synthesized stack (`cdk.tf.json`), parsed. */
export type TerraformJson = Record<string, any>;

const resourcesOf = (json: TerraformJson | undefined, type: string): TerraformJson[] => Object.values(json?.resource?.[type] ?? {});

/** A Kubernetes CPU or memory quantity in millicores or MiB. */
export function parseQuantity(text: string | number | undefined, unit: "cpu" | "memory"): number {
  if (text === undefined) return 0;
  const value = String(text);
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(value);
  if (!match) throw new Error(`Not a Kubernetes quantity: ${value}`);
  const n = Number(match[1]);
  const suffix = match[2] ?? "";
  if (unit === "cpu") {
    if (suffix === "m") return n;
    if (suffix === "") return n * 1000;
    throw new Error(`Not a CPU quantity: ${value}`);
  }
  const bytes: Record<string, number> = { "": 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9 };
  if (!(suffix in bytes)) throw new Error(`Not a memory quantity: ${value}`);
  return Math.ceil((n * bytes[suffix]) / 1024 ** 2);
}

const EFFECTS: Readonly<Record<string, Taint["effect"]>> = { NO_SCHEDULE: "NoSchedule", NoSchedule: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };

/** A node pool as the three clouds' Terraform states it, in one shape. */
interface PoolShape {
  readonly name: string;
  readonly type: string;
  readonly count: number;
  readonly zones: readonly string[];
  readonly labels: Record<string, string>;
  readonly taints: Taint[];
  readonly maxPods: number;
}

function awsPools(infra: TerraformJson): PoolShape[] {
  const maxPods = KUBERNETES_PROFILES.aws.maxPodsPerNode;
  return resourcesOf(infra, "aws_eks_node_group").map((group) => {
    const zone = /-zone-(\d+)$/.exec(group.node_group_name)?.[1];
    return {
      name: String(group.labels?.["coder-refarch/pool"] ?? group.node_group_name),
      type: group.instance_types[0],
      count: group.scaling_config.min_size,
      zones: zone !== undefined ? [`zone-${zone}`] : group.subnet_ids.map((_: unknown, i: number) => `zone-${i}`),
      labels: { ...group.labels },
      taints: (group.taint ?? []).map((t: TerraformJson) => ({ key: t.key, value: t.value, effect: EFFECTS[t.effect] })),
      maxPods,
    };
  });
}

function gcpPools(infra: TerraformJson): PoolShape[] {
  return resourcesOf(infra, "google_container_node_pool").map((pool) => ({
    name: pool.name,
    type: pool.node_config.machine_type,
    count: pool.autoscaling ? pool.autoscaling.total_min_node_count : pool.node_count * pool.node_locations.length,
    zones: pool.node_locations,
    labels: { ...pool.node_config.labels },
    taints: (pool.node_config.taint ?? []).map((t: TerraformJson) => ({ key: t.key, value: t.value, effect: EFFECTS[t.effect] })),
    maxPods: pool.max_pods_per_node,
  }));
}

function azurePools(infra: TerraformJson): PoolShape[] {
  const parseTaint = (text: string): Taint => {
    const [keyValue, effect] = text.split(":");
    const [key, value] = keyValue.split("=");
    return { key, value, effect: EFFECTS[effect] };
  };
  const shape = (pool: TerraformJson, taints: string[]): PoolShape => ({
    name: pool.name,
    type: pool.vm_size,
    count: pool.auto_scaling_enabled ? pool.min_count : pool.node_count,
    zones: pool.zones ?? ["1"],
    labels: { ...pool.node_labels },
    taints: taints.map(parseTaint),
    maxPods: pool.max_pods,
  });
  const system = resourcesOf(infra, "azurerm_kubernetes_cluster").map((cluster) => {
    const pool = cluster.default_node_pool;
    return shape(pool, pool.only_critical_addons_enabled ? ["CriticalAddonsOnly=true:NoSchedule"] : []);
  });
  return [...system, ...resourcesOf(infra, "azurerm_kubernetes_cluster_node_pool").map((pool) => shape(pool, pool.node_taints ?? []))];
}

/** The nodes a region's infrastructure stack starts with (each pool at its minimum), zones dealt round robin. */
export function nodesOf(cloud: Cloud, infra: TerraformJson, headroom: Resources): SimNode[] {
  const pools = cloud === "aws" ? awsPools(infra) : cloud === "gcp" ? gcpPools(infra) : azurePools(infra);
  return pools.flatMap((pool) =>
    Array.from({ length: pool.count }, (_, i) => {
      const chain = nodeCapacityChain(cloud, instanceType(cloud, pool.type), pool.maxPods, pool.taints.length > 0);
      const name = `${pool.name}-${pool.zones.length === 1 ? `${pool.zones[0]}-` : ""}${i}`;
      return {
        name,
        pool: pool.name,
        instanceType: pool.type,
        zone: pool.zones[i % pool.zones.length],
        labels: { ...pool.labels, "kubernetes.io/hostname": name },
        taints: pool.taints,
        capacity: { cpuMillis: chain.allocatable.cpuMillis - headroom.cpuMillis, memoryMib: chain.allocatable.memoryMib - headroom.memoryMib },
        maxPods: pool.maxPods,
      };
    }),
  );
}

const EXISTS: Toleration = { operator: "Exists" };

/** The cloud's per-node daemons as DaemonSets (lib/reference/node-daemons.ts). */
export function daemonSetsOf(cloud: Cloud): DaemonSet[] {
  return NODE_DAEMONS[cloud].map((daemon) => ({
    kind: "DaemonSet",
    name: daemon.name,
    pod: {
      owner: daemon.name,
      namespace: daemon.namespace,
      labels: { "k8s-app": daemon.name },
      requests: { cpuMillis: daemon.cpuMillis, memoryMib: daemon.memoryMib },
      nodeSelector: {},
      tolerations: daemon.toleratesAllTaints ? [EXISTS] : [],
      antiAffinity: [],
      spread: [],
    },
  }));
}

/** Kubernetes' rolling update defaults: maxSurge 25% rounded up, maxUnavailable 25% rounded down. */
function defaultStrategy(replicas: number) {
  return { maxSurge: Math.ceil(replicas * 0.25), maxUnavailable: Math.floor(replicas * 0.25) };
}

/** The Deployments of one Helm release, read through the chart's layout (chart-pods.ts). */
function releaseWorkloads(release: TerraformJson, pdbs: readonly TerraformJson[]): Workload[] {
  // The last document holds the literals; one before it, if any, only references (lib/terraform/helm-values-documents.ts).
  const values = literalHelmValues(release);
  // The one-at-a-time post-renderer (lib/coder/rollout-postrender.ts) sets maxSurge 0, maxUnavailable 1.
  const postrender = release.postrender?.args?.includes(ONE_AT_A_TIME_ROLLOUT_SCRIPT);
  return chartPods(release.chart, values, release.name).map(({ name, settings: v, replicas, labels }) => {
    const requests = v.resources?.requests ?? {};
    const affinityTerms = v.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const pod: PodSpec = {
      owner: name,
      namespace: release.namespace,
      labels,
      requests: { cpuMillis: parseQuantity(requests.cpu, "cpu"), memoryMib: parseQuantity(requests.memory, "memory") },
      nodeSelector: { ...(v.nodeSelector ?? {}) },
      tolerations: (v.tolerations ?? []) as Toleration[],
      antiAffinity: affinityTerms.map((t: TerraformJson) => ({ labelSelector: t.labelSelector, topologyKey: t.topologyKey })),
      spread: (v.topologySpreadConstraints ?? []).map((t: TerraformJson) => ({ ...t })),
    };
    const pdb = pdbs.find((b) => Object.entries(b.spec.selector.match_labels).every(([k, val]) => labels[k] === val));
    return {
      kind: "Deployment" as const,
      name,
      replicas,
      pod,
      strategy: postrender ? { maxSurge: 0, maxUnavailable: 1 } : defaultStrategy(replicas),
      ...(pdb ? { disruptionBudget: Number(pdb.spec.max_unavailable) } : {}),
    };
  });
}

/** The cloud's cluster-wide add-on Deployments; on EKS with the node selector the synthesized add-on configuration gives them. */
function addonWorkloads(cloud: Cloud, infra: TerraformJson): Workload[] {
  const addons = resourcesOf(infra, "aws_eks_addon");
  return CLUSTER_ADDON_PODS[cloud].map((addon) => {
    let nodeSelector: Record<string, string> = {};
    if (addon.eksAddon) {
      const configured = addons.find((a) => a.addon_name === addon.eksAddon?.addonName);
      let value: any = configured?.configuration_values ? JSON.parse(configured.configuration_values) : {};
      for (const key of addon.eksAddon.nodeSelectorPath) value = value?.[key];
      nodeSelector = { ...(value ?? {}) };
    }
    return {
      kind: "Deployment",
      name: addon.name,
      replicas: addon.replicas,
      strategy: defaultStrategy(addon.replicas),
      pod: {
        owner: addon.name,
        namespace: addon.namespace,
        labels: { "k8s-app": addon.name },
        requests: { cpuMillis: addon.cpuMillis, memoryMib: addon.memoryMib },
        nodeSelector,
        tolerations: addon.toleratedTaintKeys.map((key) => ({ key, operator: "Exists" as const })),
        antiAffinity: [],
        spread: [],
      },
    };
  });
}

export interface RegionStacks {
  readonly infra: TerraformJson;
  /** The region's coder stack. */
  readonly coder?: TerraformJson;
  /** The region's add-ons stack (cert-manager; AWS's Cluster Autoscaler), whose Helm releases run in the cluster. */
  readonly addons?: TerraformJson;
}

/**
 * A region's cluster as the synthesized stacks build it: nodes of every pool at their minimum with
 * the conservative capacity less the headroom, the cloud's daemons, its add-on Deployments, the
 * releases of the add-ons and coder stacks (a release counted on the first pass is taken as
 * deployed), and the PodDisruptionBudgets.
 */
export function clusterOf(cloud: Cloud, name: string, stacks: RegionStacks, headroom: Resources): Cluster {
  const pdbs = resourcesOf(stacks.coder, "kubernetes_pod_disruption_budget_v1");
  const releases = [...resourcesOf(stacks.addons, "helm_release"), ...resourcesOf(stacks.coder, "helm_release")];
  return {
    name,
    nodes: nodesOf(cloud, stacks.infra, headroom),
    daemonSets: daemonSetsOf(cloud),
    workloads: [...addonWorkloads(cloud, stacks.infra), ...releases.flatMap((release) => releaseWorkloads(release, pdbs))],
  };
}
