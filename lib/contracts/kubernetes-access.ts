import { Cloud } from "../reference/types";

/**
 * What a cloud adds so that the cloud-neutral Coder layer can run in its cluster. Each cloud's
 * implementation configures the stack's Kubernetes and Helm providers for its cluster the way the
 * cloud recommends (short-lived tokens, never a stored credential) when it is constructed, and says
 * how a public load balancer and a zonal disk are asked for. `lib/coder` reads only this.
 */
export interface KubernetesAccess {
  readonly cloud: Cloud;
  /** Annotations of a `LoadBalancer` Service that is the public entry of coderd or a workspace proxy. */
  readonly publicLoadBalancerAnnotations: Readonly<Record<string, string>>;
  /**
   * The encrypted block volume of workspace homes: the CSI provisioner and its StorageClass
   * parameters. Zonal where the cloud's autoscaler can grow the zone a volume is in (AWS per-zone
   * groups, GKE), zone-redundant where it cannot (AKS zone-spanning pools: `Premium_ZRS`).
   */
  readonly zonalVolume: ZonalVolumeClass;
  /**
   * Where cluster add-ons (cert-manager, Reloader) run: the system pool, tolerating what taint the
   * cloud puts on it (AKS's `CriticalAddonsOnly`).
   */
  readonly addonPlacement: AddonPlacement;
}

export interface AddonPlacement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly { readonly key: string; readonly operator: "Exists"; readonly effect: "NoSchedule" }[];
}

export interface ZonalVolumeClass {
  /** CSI driver name, e.g. `ebs.csi.aws.com`. */
  readonly provisioner: string;
  readonly parameters: Readonly<Record<string, string>>;
}
