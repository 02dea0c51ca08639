import { ConfigIssue } from "../config/errors";
import { CoderOptions, DeploymentConfig, PLACEHOLDER_DOMAIN } from "../config/schema";
import { formatCidr, parseCidr } from "../common/cidr";
import { Resources } from "../reference/capacity-chain";
import { CODER_VERSION } from "../reference/coder-version";
import { KUBERNETES_PROFILES } from "../reference/kubernetes-profiles";
import { PLATFORM_ENDPOINT_CIDRS } from "../reference/platform-endpoints";
import { ReferenceArchitecture } from "../reference/types";
import { formatResources, PodResources, shareOfNode } from "./pod-sizing";
import { PoolRole } from "./pool-role";
import { Finding, PoolPlan, RegionPlan, RegionRole } from "./types";

export { CODER_VERSION } from "../reference/coder-version";

/** Coder's Helm repository (docs/install/kubernetes.md). */
export const CODER_HELM_REPOSITORY = "https://helm.coder.com/v2";

/**
 * Seconds Kubernetes waits before killing a provisioner that is shutting down: longer than a
 * workspace build (the chart's default is 600), so a rollout never cuts a build off. One hour covers
 * image pulls and large Terraform applies.
 */
export const PROVISIONER_GRACE_SECONDS = 3600;

/**
 * The least a coderd or workspace proxy replica may request: what the `coder` chart gives a pod when
 * its resources are left empty (2000m / 4096Mi, helm/libcoder `_coder.yaml`), Coder's own floor.
 */
export const MIN_SERVER_RESOURCES: Resources = { cpuMillis: 2000, memoryMib: 4096 };

/**
 * The least one provisioner daemon may request: what Coder's own multi-region scale test ran its
 * provisioners at (100m / 256Mi, coder/coder scaletest/terraform/action).
 */
export const MIN_PROVISIONER_RESOURCES: Resources = { cpuMillis: 100, memoryMib: 256 };

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

/** Release names; the charts label pods `app.kubernetes.io/instance: <release>`. */
export const CODER_RELEASES = {
  coderd: "coder",
  proxy: "coder-proxy",
  /** The region's tagged provisioners. */
  provisioner: "coder-provisioner",
  /** Provisioners with no tags, for jobs with no tags (the primary region's). */
  untaggedProvisioner: "coder-provisioner-untagged",
} as const;

/** The `app.kubernetes.io/name` label of the `coder` chart's pods (coderd and proxy alike). */
export const CODER_SERVER_APP_NAME = "coder";

/** Ports coderd and the proxy listen on in their pods (helm/coder `_coder.tpl`): HTTP, and HTTPS with TLS. */
export const CODER_SERVER_PORTS = { http: 8080, https: 8443 } as const;

/** coderd (primary) or a workspace proxy (other regions): the same chart, one pod per node of its pool. */
export interface CoderServerPlan {
  readonly kind: "coderd" | "proxy";
  readonly releaseName: string;
  readonly pool: PoolRole;
  readonly replicas: number;
  /** Requests and limits alike (Guaranteed QoS): the end of the node's capacity chain. */
  readonly resources: PodResources;
  readonly accessUrl: string;
  readonly wildcardAccessUrl: string;
  /** Name the proxy is registered under (`coder wsproxy create --name`); proxies only. */
  readonly proxyName?: string;
  /** The token the proxy signs in to coderd with; proxies only. */
  readonly sessionToken?: BootstrapSecretPlan;
}

/**
 * A secret only a running coderd can make (a provisioner key, a proxy token). It is kept in the
 * cloud's secret store under `storeName`; `npm run deploy` reads it from there and hands it to the
 * coder stack as the ephemeral variable `variable`, which writes it into the Kubernetes secret
 * write-only. Nothing keeps it in configuration, plan or state.
 */
export interface BootstrapSecretPlan {
  /** What it is, the same in every deployment and region: a stable construct ID for its store entry. */
  readonly kind: "provisioner-key" | "untagged-provisioner-key" | "proxy-token" | "tls-certificate" | "tls-private-key";
  /** Terraform input variable of the coder stack (set as `TF_VAR_<variable>`). */
  readonly variable: string;
  /** Name in the region's secret store (Secrets Manager, Secret Manager, Key Vault): letters, digits and '-'. */
  readonly storeName: string;
  /** The Kubernetes secret the chart reads, in `namespace`, and the key in it; entries of one secret share its name. */
  readonly secret: { readonly namespace: string; readonly name: string; readonly key: string; readonly type: "Opaque" | "kubernetes.io/tls" };
  /** Where the value comes from: a Coder CLI command whose last output line is the value, or a file of yours. */
  readonly source: { readonly coderCommand: string } | { readonly file: string };
  /** Needed before coderd runs (a certificate), so the first pass needs it too; keys and tokens are not. */
  readonly neededOnFirstPass: boolean;
  /** What it is, for messages. */
  readonly description: string;
}

/** The secret in Kubernetes that coderd and the proxy serve TLS with, made by cert-manager or from your PEM. */
export const CODER_TLS_SECRET = "coder-tls";

/** TLS of Coder's hosts. */
export interface CoderTlsPlan {
  readonly mode: "acme" | "pem";
  readonly secretName: string;
  /** acme: the ACME directory and account contact. */
  readonly acme?: { readonly server: string; readonly email?: string };
}

/** coderd's security settings (config coder.hardening; lib/reference/coder-hardening.ts has the sources). */
export interface CoderHardeningPlan {
  readonly maxTokenLifetimeHours: number;
  /** Strict-Transport-Security max-age; 0 sends no header. */
  readonly strictTransportSecuritySeconds: number;
  /** Whether workspace apps may be served on paths of the dashboard's host. */
  readonly pathApps: boolean;
  readonly telemetry: boolean;
}

/** One region's public entry: the hosts its coderd or proxy answers at, and the names its certificate holds. */
export interface CoderIngressPlan {
  /** The access host (`coder.acme.com`). */
  readonly host: string;
  /** The wildcard pattern's parent (`coder.acme.com` for `*.coder.acme.com` or `*--apps.coder.acme.com`). */
  readonly wildcardParent: string;
  /** DNS names of the certificate: the host and the wildcard of the parent. */
  readonly certificateNames: readonly string[];
  /** A records to write in the zone of coder.domain, relative to it (`coder`, `*.coder`); `@` for the apex. */
  readonly recordNames: readonly string[];
}

/** One release of provisioner daemons, authenticated by one key whose tags decide the jobs it takes. */
export interface CoderProvisionerSet {
  readonly releaseName: string;
  readonly replicas: number;
  /** Tags of the key; empty for the untagged set, which alone runs jobs without tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Name of the provisioner key (`coder provisioner keys create <name>`), unique in the organization. */
  readonly keyName: string;
  /** The chart's service account; each release has its own, and each is bound in the workspace namespace. */
  readonly serviceAccount: string;
  readonly key: BootstrapSecretPlan;
}

export interface CoderProvisionerPlan {
  readonly nodes: number;
  readonly perNode: number;
  /** All sets together: nodes x perNode. */
  readonly replicas: number;
  /** Requests of one daemon: an equal share of what a provisioner node leaves pods; memory is also the limit. */
  readonly resources: PodResources;
  readonly terminationGracePeriodSeconds: number;
  readonly sets: readonly CoderProvisionerSet[];
}

/** Where a region's pods may send traffic, as the network policies state it. */
export interface CoderEgressPlan {
  /**
   * Ranges taken out of "the internet": the region's network (and the other region's where the
   * networks are connected), the service range where the policy engine sees ClusterIPs, link-local
   * (instance metadata, which holds node credentials) and the cloud's other platform endpoints.
   */
  readonly deniedCidrs: readonly string[];
  /** Where the Kubernetes API answers pods (its ClusterIP and the region's network, TCP 443), for provisioners. */
  readonly apiServerCidrs: readonly string[];
}

export interface CoderRegionPlan {
  readonly role: RegionRole;
  readonly region: string;
  readonly server?: CoderServerPlan;
  readonly provisioners?: CoderProvisionerPlan;
  /** Memory request of one workspace (the table's 2 GB per user), for the example template. */
  readonly workspaceMemoryMib: number;
  readonly egress: CoderEgressPlan;
  /** The region's public entry (absent where the region runs no coderd or proxy). */
  readonly ingress?: CoderIngressPlan;
  /** Secrets the deployment cannot make itself (keys and tokens coderd makes, your certificate), kept in the cloud's secret store. */
  readonly bootstrapSecrets: readonly BootstrapSecretPlan[];
}

export interface CoderPlan {
  readonly enabled: boolean;
  readonly version: string;
  readonly helmRepository: string;
  /** coderd's URL: where provisioners and proxies of every region connect. */
  readonly accessUrl: string;
  /** DNS domain of every host: the zone records and ACME challenges are written in. */
  readonly domain: string;
  readonly tls: CoderTlsPlan;
  readonly hardening: CoderHardeningPlan;
  /** Whether the deployment writes the hosts' records in the zone of the domain (else they are yours to point). */
  readonly manageDns: boolean;
  readonly namespaces: CoderNamespaces;
  readonly primary: CoderRegionPlan;
  readonly secondary: CoderRegionPlan;
}

/** The Coder layer as numbers: versions, URLs, replicas, pod sizes and egress per region, computed from the pools. */
export function planCoder(config: DeploymentConfig, reference: ReferenceArchitecture, primary: RegionPlan, secondary: RegionPlan): CoderPlan {
  const options = config.coder;
  // The untagged set lives with the primary's provisioners, or the secondary's when the primary has none.
  const untaggedRegion = provisionerPool(primary) ? primary : secondary;
  const region = (plan: RegionPlan, other: RegionPlan) =>
    planCoderRegion(config, reference, options, plan, other, plan === untaggedRegion ? options.untaggedProvisioners : 0);
  return {
    enabled: options.enabled,
    version: options.version,
    helmRepository: CODER_HELM_REPOSITORY,
    accessUrl: options.accessUrl,
    domain: options.domain,
    tls: {
      mode: options.tls.mode,
      secretName: CODER_TLS_SECRET,
      ...(options.tls.mode === "acme" ? { acme: { server: options.tls.acmeServer, ...(options.tls.acmeEmail ? { email: options.tls.acmeEmail } : {}) } } : {}),
    },
    hardening: { ...options.hardening },
    manageDns: options.dns.manage,
    namespaces: CODER_NAMESPACES,
    primary: region(primary, secondary),
    secondary: region(secondary, primary),
  };
}

const provisionerPool = (region: RegionPlan): PoolPlan | undefined => region.pools.find((p) => p.role === "provisioner" && (p.workloadsPerNode ?? 0) > 0);

/** A region name as a Terraform variable suffix (`us-east-1` -> `us_east_1`). */
export function variableSuffix(region: string): string {
  return region.replace(/[^a-zA-Z0-9]/g, "_");
}

function planCoderRegion(
  config: DeploymentConfig,
  reference: ReferenceArchitecture,
  options: CoderOptions,
  region: RegionPlan,
  other: RegionPlan,
  untagged: number,
): CoderRegionPlan {
  const serverPool = region.pools.find((p) => p.role === (region.role === "primary" ? "coderd" : "proxy"));
  const primary = region.role === "primary";
  const proxyName = region.region;
  const server: CoderServerPlan | undefined = serverPool && {
    kind: primary ? "coderd" : "proxy",
    releaseName: primary ? CODER_RELEASES.coderd : CODER_RELEASES.proxy,
    pool: serverPool.role,
    replicas: serverPool.desiredNodes * (serverPool.workloadsPerNode ?? 1),
    resources: shareOfNode(serverPool, serverPool.workloadsPerNode ?? 1),
    accessUrl: primary ? options.accessUrl : options.proxyAccessUrl,
    wildcardAccessUrl: primary ? options.wildcardAccessUrl : options.proxyWildcardAccessUrl,
    ...(primary
      ? {}
      : {
          proxyName,
          sessionToken: {
            kind: "proxy-token",
            variable: `proxy_session_token_${variableSuffix(region.region)}`,
            storeName: `${config.namePrefix}-${region.region}-coder-proxy-token`,
            secret: { namespace: CODER_NAMESPACES.server, name: "coder-proxy-token", key: "token", type: "Opaque" },
            source: { coderCommand: `coder wsproxy create --name ${proxyName} --display-name ${proxyName} --only-token` },
            neededOnFirstPass: false,
            description: `session token of the ${region.region} workspace proxy`,
          },
        }),
  };
  const pool = provisionerPool(region);
  const provisioners = pool && planProvisioners(config, region, pool, untagged);
  const ingress = server && planIngress(options.domain, server);
  const certificate = ingress && options.tls.mode === "pem" ? pemSecrets(config, region, ingress) : [];
  return {
    role: region.role,
    region: region.region,
    server,
    provisioners,
    workspaceMemoryMib: reference.constraints.workspaceMemoryGib * 1024,
    egress: planEgress(config, region, other),
    ingress,
    bootstrapSecrets: [...certificate, ...(provisioners?.sets.map((s) => s.key) ?? []), ...(server?.sessionToken ? [server.sessionToken] : [])],
  };
}

/** A host's name relative to its zone (`coder` of `coder.acme.com` in `acme.com`; `@` for the apex). */
function relativeName(host: string, domain: string): string {
  return host === domain ? "@" : host.slice(0, host.length - domain.length - 1);
}

function planIngress(domain: string, server: CoderServerPlan): CoderIngressPlan {
  const host = new URL(server.accessUrl).hostname;
  const wildcardParent = server.wildcardAccessUrl.slice(server.wildcardAccessUrl.indexOf(".") + 1);
  const parentRecord = relativeName(wildcardParent, domain);
  return {
    host,
    wildcardParent,
    certificateNames: [host, `*.${wildcardParent}`],
    recordNames: [relativeName(host, domain), parentRecord === "@" ? "*" : `*.${parentRecord}`],
  };
}

/** Your certificate for the region's hosts, in two entries of the secret store: the chain and the key. */
function pemSecrets(config: DeploymentConfig, region: RegionPlan, ingress: CoderIngressPlan): BootstrapSecretPlan[] {
  const names = ingress.certificateNames.join(" and ");
  const entry = (kind: "tls-certificate" | "tls-private-key", key: "tls.crt" | "tls.key", file: string, what: string): BootstrapSecretPlan => ({
    kind,
    variable: `${kind.replace(/-/g, "_")}_${variableSuffix(region.region)}`,
    storeName: `${config.namePrefix}-${region.region}-coder-${kind}`,
    secret: { namespace: CODER_NAMESPACES.server, name: CODER_TLS_SECRET, key, type: "kubernetes.io/tls" },
    source: { file },
    neededOnFirstPass: true,
    description: `${what} for ${names}`,
  });
  return [
    entry("tls-certificate", "tls.crt", `${ingress.host}.crt`, "PEM certificate chain"),
    entry("tls-private-key", "tls.key", `${ingress.host}.key`, "PEM private key"),
  ];
}

function planProvisioners(config: DeploymentConfig, region: RegionPlan, pool: PoolPlan, untagged: number): CoderProvisionerPlan {
  const perNode = pool.workloadsPerNode ?? 0;
  const replicas = pool.desiredNodes * perNode;
  const suffix = variableSuffix(region.region);
  const set = (
    releaseName: string,
    count: number,
    keyName: string,
    tags: Record<string, string>,
    variable: string,
    kind: "provisioner-key" | "untagged-provisioner-key",
  ): CoderProvisionerSet => {
    const tagFlags = Object.entries(tags).map(([k, v]) => ` --tag ${k}=${v}`).join("");
    return {
      releaseName,
      replicas: count,
      tags,
      keyName,
      serviceAccount: releaseName,
      key: {
        kind,
        variable,
        storeName: `${config.namePrefix}-${region.region}-coder-${kind}`,
        secret: { namespace: CODER_NAMESPACES.provisioners, name: `${releaseName}-key`, key: "key", type: "Opaque" },
        source: { coderCommand: `coder provisioner keys create ${keyName}${tagFlags}` },
        neededOnFirstPass: false,
        description: `key of the ${Object.keys(tags).length > 0 ? `${region.region}` : "untagged"} provisioners`,
      },
    };
  };
  const sets = [set(CODER_RELEASES.provisioner, replicas - untagged, region.region, { region: region.region }, `provisioner_key_${suffix}`, "provisioner-key")];
  if (untagged > 0) {
    sets.push(set(CODER_RELEASES.untaggedProvisioner, untagged, "untagged", {}, `untagged_provisioner_key_${suffix}`, "untagged-provisioner-key"));
  }
  return { nodes: pool.desiredNodes, perNode, replicas, resources: shareOfNode(pool, perNode), terminationGracePeriodSeconds: PROVISIONER_GRACE_SECONDS, sets };
}

/** The first address of a range as a /32: a Service range's first address is the `kubernetes` Service's ClusterIP. */
function firstAddress(cidr: string): string {
  const block = parseCidr(cidr);
  if (!block) throw new Error(`Not a CIDR block: ${cidr}`);
  return formatCidr({ base: block.base + 1, prefix: 32 });
}

function planEgress(config: DeploymentConfig, region: RegionPlan, other: RegionPlan): CoderEgressPlan {
  const profile = KUBERNETES_PROFILES[config.cloud];
  return {
    deniedCidrs: [
      region.network.cidr,
      ...(profile.regionsConnected ? [other.network.cidr] : []),
      ...(profile.policySeesServiceIps ? [region.cluster.serviceCidr] : []),
      // Where metadata requests are translated before policy (GKE's metadata server) this entry does
      // nothing, but the default deny still keeps them out; elsewhere it is the only barrier.
      "169.254.0.0/16",
      ...PLATFORM_ENDPOINT_CIDRS[config.cloud],
    ],
    apiServerCidrs: [firstAddress(region.cluster.serviceCidr), region.network.cidr],
  };
}

/** Pools whose type leaves less than Coder's pods need, as config issues naming pool, type, requests and capacity. */
export function coderSizingIssues(reference: ReferenceArchitecture, regions: readonly RegionPlan[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const check = (pool: PoolPlan, field: string, need: Resources, count: number, what: string) => {
    const key = `${field}:${pool.instanceType}`;
    if (seen.has(key)) return;
    const each = shareOfNode(pool, count);
    if (each.cpuMillis >= need.cpuMillis && each.memoryMib >= need.memoryMib) return;
    seen.add(key);
    const c = pool.capacity;
    const needs =
      count === 1
        ? `${what} needs at least ${formatResources(need)}`
        : `${count} ${what} of at least ${formatResources(need)} each need ${formatResources({ cpuMillis: need.cpuMillis * count, memoryMib: need.memoryMib * count })}`;
    issues.push({
      path: `instanceTypes.${field}`,
      message:
        `${pool.instanceType} is too small for the ${pool.name} pool: ${needs}, and a ${pool.instanceType} node leaves ` +
        `${formatResources(c.forPods)} for pods (allocatable ${formatResources(c.allocatable)} less daemon pods and ${formatResources(c.headroom)} headroom); ` +
        `choose a larger type`,
      value: pool.instanceType,
    });
  };
  for (const region of regions) {
    for (const pool of region.pools) {
      const perNode = pool.workloadsPerNode ?? 0;
      if (pool.role === "coderd" || pool.role === "proxy") check(pool, "coderd", MIN_SERVER_RESOURCES, perNode, perNode === 1 ? `a ${pool.role} replica` : `${pool.role} replicas`);
      if (pool.role === "provisioner" && perNode > 0) check(pool, "provisioner", MIN_PROVISIONER_RESOURCES, perNode, "provisioners");
      if (pool.role === "workspace") {
        const workspace = { cpuMillis: 1, memoryMib: reference.constraints.workspaceMemoryGib * 1024 };
        check(pool, "workspace", workspace, 1, "a workspace");
      }
    }
  }
  return issues;
}

/**
 * The untagged set must leave the region's tagged set at least one daemon, or the region's own
 * builds would never run.
 */
export function untaggedProvisionerIssues(config: DeploymentConfig, regions: readonly RegionPlan[]): ConfigIssue[] {
  const region = regions.find((r) => provisionerPool(r));
  const pool = region && provisionerPool(region);
  const wanted = config.coder.untaggedProvisioners;
  if (!pool || !config.coder.enabled) return [];
  const replicas = pool.desiredNodes * (pool.workloadsPerNode ?? 0);
  if (wanted < replicas) return [];
  return [
    {
      path: "coder.untaggedProvisioners",
      message: `must be below the ${replicas} provisioners of ${region.region}, which also runs the region's tagged builds`,
      value: wanted,
    },
  ];
}

/** What the user should know about the Coder layer before deploying it. */
export function coderFindings(config: DeploymentConfig): Finding[] {
  const coder = config.coder;
  if (!coder.enabled) return [];
  const findings: Finding[] = [];
  if (coder.domain === PLACEHOLDER_DOMAIN) {
    findings.push({
      severity: "warning",
      code: "coder-placeholder-domain",
      message: `coder.domain is the placeholder ${PLACEHOLDER_DOMAIN}, and so are the URLs under it: set the domain of your DNS zone; npm run deploy refuses the placeholder.`,
    });
  }
  if (coder.version !== CODER_VERSION) {
    findings.push({
      severity: "warning",
      code: "coder-version-untested",
      message: `coder.version ${coder.version} is not the version this release checks its Helm values against (${CODER_VERSION}): read the chart's values for renamed keys before deploying.`,
    });
  }
  if (config.kubernetes.apiAllowedCidrs.length === 0) {
    findings.push({
      severity: "info",
      code: "coder-private-api",
      message: privateApiPath(config),
    });
  }
  return findings;
}

/** How npm run deploy reaches private Kubernetes APIs on the config's cloud (stacks/deploy-sequence.ts). */
function privateApiPath(config: DeploymentConfig): string {
  const start = "The Kubernetes API endpoints are private (kubernetes.apiAllowedCidrs is empty): ";
  switch (config.cloud) {
    case "aws":
      return config.aws.bastion
        ? `${start}npm run deploy reaches them through each region's bastion, with a Session Manager port forward (install the AWS CLI's Session Manager plugin).`
        : `${start}npm run deploy must run in a network of aws.privateApiCidrs (${config.aws.privateApiCidrs.join(", ")}), connected to both VPCs.`;
    case "gcp":
      return `${start}npm run deploy reaches them through the clusters' DNS endpoints, which check IAM (container.clusters.connect, e.g. roles/container.developer) before Kubernetes RBAC.`;
    default:
      return config.azure.runnerConnected
        ? `${start}npm run deploy reaches them through their public FQDNs, which resolve to the private endpoints, from a network connected to both VNets (azure.runnerConnected).`
        : `${start}npm run deploy refuses until azure.runnerConnected says this machine's network is peered with both VNets, or kubernetes.apiAllowedCidrs lists its public CIDR.`;
  }
}
