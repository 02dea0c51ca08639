/**
 * The roles a Kubernetes node pool plays. A role decides, for every cloud alike, the pool's node
 * label, whether it is tainted, and whether it autoscales.
 */
export type PoolRole = "coderd" | "proxy" | "provisioner" | "workspace" | "system";

export const POOL_ROLES: readonly PoolRole[] = ["system", "coderd", "proxy", "provisioner", "workspace"];

/** Node label (and taint key) that names a node's pool; Coder's Helm values select on it. */
export const POOL_LABEL_KEY = "coder-refarch/pool";

export type Scaling = "static" | "autoscaling";

export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule";
}

export interface PoolRolePolicy {
  /** Tainted pools accept only pods that tolerate the taint, so nothing else lands there. */
  readonly tainted: boolean;
  /** Static pools keep min = max = desired; autoscaling pools grow up to their share. */
  readonly scaling: Scaling;
  /** Root volume size: workspace and provisioner nodes pull large images and Terraform providers. */
  readonly rootVolumeGib: number;
}

const POLICIES: Readonly<Record<PoolRole, PoolRolePolicy>> = {
  // Coder's guidance: do not autoscale coderd; give it a static pool of its own.
  coderd: { tainted: true, scaling: "static", rootVolumeGib: 50 },
  // Workspace proxies are sized and treated like coderd in the secondary region.
  proxy: { tainted: true, scaling: "static", rootVolumeGib: 50 },
  // Provisioner daemons must not run on coderd nodes; their replica count is fixed.
  provisioner: { tainted: true, scaling: "static", rootVolumeGib: 100 },
  // Tainted too: otherwise the cloud's own Deployments (GKE's kube-dns, konnectivity-agent,
  // metrics-server) settle there, take pod slots and keep the autoscaler from removing the node.
  // Workspace pods tolerate it (examples/templates/kubernetes-workspace).
  workspace: { tainted: true, scaling: "autoscaling", rootVolumeGib: 100 },
  // Cluster add-ons (CoreDNS, CSI controllers) need an untainted home that never scales to zero.
  system: { tainted: false, scaling: "static", rootVolumeGib: 50 },
};

export function poolRolePolicy(role: PoolRole): PoolRolePolicy {
  return POLICIES[role];
}

export function nodeLabels(role: PoolRole): Readonly<Record<string, string>> {
  return { [POOL_LABEL_KEY]: role };
}

/**
 * Where cluster add-ons go: the system pool by its label, tolerating the taints the cloud itself puts
 * on that pool (AKS's `CriticalAddonsOnly` on a pool of critical add-ons only).
 */
export function systemPoolPlacement(cloudTaintKeys: readonly string[] = []) {
  return {
    nodeSelector: { [POOL_LABEL_KEY]: "system" },
    tolerations: cloudTaintKeys.map((key) => ({ key, operator: "Exists" as const, effect: "NoSchedule" as const })),
  };
}

export function nodeTaints(role: PoolRole): readonly NodeTaint[] {
  return POLICIES[role].tainted ? [{ key: POOL_LABEL_KEY, value: role, effect: "NoSchedule" }] : [];
}
