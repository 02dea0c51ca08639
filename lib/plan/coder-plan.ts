import { CoderOptions, DeploymentConfig, PLACEHOLDER_DOMAIN } from "../config/schema";
import { KUBERNETES_PROFILES } from "../reference/kubernetes-profiles";
import { PLATFORM_ENDPOINT_CIDRS } from "../reference/platform-endpoints";
import { ReferenceArchitecture } from "../reference/types";
import { PodResources, shareOfNode } from "./pod-sizing";
import { PoolRole } from "./pool-role";
import { Finding, PoolPlan, RegionPlan, RegionRole } from "./types";

/**
 * The Coder release every chart is pinned to: 2.34 is the Extended Support Release of Coder's
 * mid-2026 release calendar (security fixes for about six months, where mainline releases get one),
 * and 2.34.6 its newest patch this project has seen published (github.com/coder/coder/releases/tag/v2.34.6).
 * Chart version = Coder version without the `v` (helm/coder/Chart.yaml); `coder` and
 * `coder-provisioner` stay at the same version. Newer mainline lines (2.37, 2.38) exist; move with
 * the next ESR.
 */
export const CODER_VERSION = "2.34.6";

/** Coder's Helm repository (docs/install/kubernetes.md). */
export const CODER_HELM_REPOSITORY = "https://helm.coder.com/v2";

/** Daemon pods on every node (CNI, kube-proxy, CSI node plugin, a spare), counted against the pod limit. */
export const DAEMON_PODS_PER_NODE = 4;

/**
 * Seconds Kubernetes waits before killing a provisioner that is shutting down: longer than a
 * workspace build (the chart's default is 600), so a rollout never cuts a build off. One hour covers
 * image pulls and large Terraform applies.
 */
export const PROVISIONER_GRACE_SECONDS = 3600;

/**
 * Share of a coderd or proxy node's pod capacity left unrequested: room for daemon pods beyond the
 * profile's estimate (a log shipper, the VPC CNI's network-policy agent). Without it, one daemon
 * more than expected leaves a replica Pending: half of coderd gone. 5% keeps each replica well above
 * half a node, so one per node still holds. Provisioners get none: a surplus daemon costs one of a
 * node's 30 daemons, not an outage.
 */
export const SERVER_NODE_HEADROOM = 0.05;

/** Namespaces of the Coder layer, the same names in every cluster. */
export const CODER_NAMESPACES = {
  /** coderd in the primary region, the workspace proxy in the others. */
  server: "coder",
  /** Provisioner daemons, apart from coderd as the table's footnote asks. */
  provisioners: "coder-provisioners",
  /** Workspace pods and their volumes. */
  workspaces: "coder-workspaces",
} as const;

export interface CoderNamespaces {
  readonly server: string;
  readonly provisioners: string;
  readonly workspaces: string;
}

/** coderd (primary) or a workspace proxy (other regions): the same chart, one pod per node of its pool. */
export interface CoderServerPlan {
  readonly kind: "coderd" | "proxy";
  readonly pool: PoolRole;
  readonly replicas: number;
  /** Requests and limits alike (Guaranteed QoS): the node's allocatable less daemons and headroom. */
  readonly resources: PodResources;
  readonly accessUrl: string;
  readonly wildcardAccessUrl: string;
  /** Name the proxy is registered under (`coder wsproxy create --name`); proxies only. */
  readonly proxyName?: string;
}

export interface CoderProvisionerPlan {
  readonly nodes: number;
  readonly perNode: number;
  readonly replicas: number;
  /** Requests of one daemon: an equal share of a provisioner node; memory is also the limit. */
  readonly resources: PodResources;
  /** Tags of the region's provisioner key: builds of templates tagged alike run only here. */
  readonly tags: Readonly<Record<string, string>>;
  /** Name of the provisioner key (`coder provisioner keys create <name>`). */
  readonly keyName: string;
  readonly terminationGracePeriodSeconds: number;
}

export interface CoderRegionPlan {
  readonly role: RegionRole;
  readonly region: string;
  readonly server?: CoderServerPlan;
  readonly provisioners?: CoderProvisionerPlan;
  /** Memory request of one workspace (the table's 2 GB per user), for the example template. */
  readonly workspaceMemoryMib: number;
}

export interface CoderPlan {
  readonly enabled: boolean;
  readonly version: string;
  readonly helmRepository: string;
  /** coderd's URL: where provisioners and proxies of every region connect. */
  readonly accessUrl: string;
  readonly tlsSecretName?: string;
  readonly namespaces: CoderNamespaces;
  readonly primary: CoderRegionPlan;
  readonly secondary: CoderRegionPlan;
  /**
   * Address ranges workspaces must never reach: both regions' networks (the database lives there),
   * the service range, link-local (instance metadata, which holds node credentials) and the cloud's
   * other platform endpoints (Azure's WireServer).
   */
  readonly workspaceDeniedCidrs: readonly string[];
}

/** The Coder layer as numbers: versions, URLs, replicas and pod sizes per region, computed from the pools. */
export function planCoder(config: DeploymentConfig, reference: ReferenceArchitecture, primary: RegionPlan, secondary: RegionPlan): CoderPlan {
  const options = config.coder;
  const region = (plan: RegionPlan) => planCoderRegion(config, reference, options, plan);
  return {
    enabled: options.enabled,
    version: CODER_VERSION,
    helmRepository: CODER_HELM_REPOSITORY,
    accessUrl: options.accessUrl,
    tlsSecretName: options.tlsSecretName,
    namespaces: CODER_NAMESPACES,
    primary: region(primary),
    secondary: region(secondary),
    workspaceDeniedCidrs: [primary.network.cidr, secondary.network.cidr, config.kubernetes.serviceCidr, "169.254.0.0/16", ...PLATFORM_ENDPOINT_CIDRS[config.cloud]],
  };
}

function planCoderRegion(config: DeploymentConfig, reference: ReferenceArchitecture, options: CoderOptions, region: RegionPlan): CoderRegionPlan {
  const profile = KUBERNETES_PROFILES[config.cloud];
  const pool = (role: PoolRole): PoolPlan | undefined => region.pools.find((p) => p.role === role);
  const serverPool = pool(region.role === "primary" ? "coderd" : "proxy");
  const provisionerPool = pool("provisioner");
  const server: CoderServerPlan | undefined = serverPool && {
    kind: region.role === "primary" ? "coderd" : "proxy",
    pool: serverPool.role,
    replicas: serverPool.desiredNodes * (serverPool.workloadsPerNode ?? 1),
    resources: shareOfNode(serverPool, profile, serverPool.workloadsPerNode ?? 1, SERVER_NODE_HEADROOM),
    accessUrl: region.role === "primary" ? options.accessUrl : options.proxyAccessUrl,
    wildcardAccessUrl: region.role === "primary" ? options.wildcardAccessUrl : options.proxyWildcardAccessUrl,
    proxyName: region.role === "primary" ? undefined : region.region,
  };
  const perNode = provisionerPool?.workloadsPerNode ?? 0;
  const provisioners: CoderProvisionerPlan | undefined =
    provisionerPool && perNode > 0
      ? {
          nodes: provisionerPool.desiredNodes,
          perNode,
          replicas: provisionerPool.desiredNodes * perNode,
          resources: shareOfNode(provisionerPool, profile, perNode),
          tags: { region: region.region },
          keyName: region.region,
          terminationGracePeriodSeconds: PROVISIONER_GRACE_SECONDS,
        }
      : undefined;
  return { role: region.role, region: region.region, server, provisioners, workspaceMemoryMib: reference.constraints.workspaceMemoryGib * 1024 };
}

/** What the user should know about the Coder layer before deploying it. */
export function coderFindings(config: DeploymentConfig): Finding[] {
  const coder = config.coder;
  if (!coder.enabled) return [];
  const findings: Finding[] = [];
  const placeholders = (["accessUrl", "wildcardAccessUrl", "proxyAccessUrl", "proxyWildcardAccessUrl"] as const).filter((field) =>
    coder[field].endsWith(`.${PLACEHOLDER_DOMAIN}`),
  );
  if (placeholders.length > 0) {
    findings.push({
      severity: "warning",
      code: "coder-placeholder-urls",
      message: `${placeholders.map((f) => `coder.${f}`).join(", ")} still use the placeholder domain ${PLACEHOLDER_DOMAIN}: set your own before deploying the coder stacks.`,
    });
  }
  if (!coder.tlsSecretName) {
    findings.push({
      severity: "info",
      code: "coder-tls-outside",
      message: "coder.tlsSecretName is unset: the load balancers forward plain HTTP on port 80, so end TLS in front of them (or name a kubernetes.io/tls secret).",
    });
  }
  if (config.kubernetes.apiAllowedCidrs.length === 0) {
    findings.push({
      severity: "info",
      code: "coder-private-api",
      message: "The Kubernetes API endpoints are private (kubernetes.apiAllowedCidrs is empty): deploy the coder stacks from inside the networks (VPN or bastion), or list your CIDR.",
    });
  }
  return findings;
}
