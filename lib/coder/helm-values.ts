import { CoderPlan, CoderProvisionerPlan, CoderServerPlan } from "../plan/coder-plan";
import { PodResources } from "../plan/pod-sizing";
import { POOL_LABEL_KEY, PoolRole } from "../plan/pool-role";

/**
 * Helm values of Coder's charts, built as plain data from the plan. Only keys the pinned charts read
 * appear here; `__tests__/coder-values.test.ts` walks every release's values against the charts'
 * values.yaml key sets in `__tests__/fixtures/charts/`, so a misspelled key fails the build instead of
 * being ignored by Helm.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values are untyped YAML */
export type HelmValues = Record<string, any>;

/** Kubernetes secret names and keys the releases read. */
export const CODER_SECRETS = {
  databaseUrl: { name: "coder-db-url", key: "url" },
  proxyToken: { name: "coder-proxy-token", key: "token" },
  provisionerKey: { name: "coder-provisioner-key", key: "key" },
} as const;

/** Release names; the chart labels pods `app.kubernetes.io/instance: <release>`. */
export const CODER_RELEASES = { coderd: "coder", proxy: "coder-proxy", provisioner: "coder-provisioner" } as const;

/** The provisioner chart's service account name (its default), which the workspace Role is bound to. */
export const PROVISIONER_SERVICE_ACCOUNT = "coder-provisioner";

const quantity = (r: PodResources) => ({ cpu: `${r.cpuMillis}m`, memory: `${r.memoryMib}Mi` });

/** Node selector and toleration for a tainted pool. */
function onPool(pool: PoolRole): HelmValues {
  return {
    nodeSelector: { [POOL_LABEL_KEY]: pool },
    tolerations: [{ key: POOL_LABEL_KEY, operator: "Equal", value: pool, effect: "NoSchedule" }],
  };
}

/**
 * One replica per node (a hard rule: each replica fills its node) and spread over zones. The zone
 * rule is soft: the node group, not the scheduler, decides where nodes are, and a hard rule would
 * leave a replica pending when both nodes sit in one zone.
 */
function onePerNode(release: string): HelmValues {
  const labelSelector = { matchLabels: { "app.kubernetes.io/instance": release } };
  return {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector, topologyKey: "kubernetes.io/hostname" }] } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector }],
  };
}

export interface ServerValuesOptions {
  readonly coder: CoderPlan;
  readonly server: CoderServerPlan;
  readonly loadBalancerAnnotations: Readonly<Record<string, string>>;
}

/** Values of the `coder` chart for coderd (primary) or a workspace proxy (`coder.workspaceProxy`). */
export function serverValues({ coder, server, loadBalancerAnnotations }: ServerValuesOptions): HelmValues {
  const release = server.kind === "coderd" ? CODER_RELEASES.coderd : CODER_RELEASES.proxy;
  const env =
    server.kind === "coderd"
      ? [
          { name: "CODER_ACCESS_URL", value: server.accessUrl },
          { name: "CODER_WILDCARD_ACCESS_URL", value: server.wildcardAccessUrl },
          { name: "CODER_PG_CONNECTION_URL", valueFrom: { secretKeyRef: CODER_SECRETS.databaseUrl } },
          // Builds run only on the external provisioners, never on coderd's nodes.
          { name: "CODER_PROVISIONER_DAEMONS", value: "0" },
          { name: "CODER_PROMETHEUS_ENABLE", value: "true" },
        ]
      : [
          { name: "CODER_PRIMARY_ACCESS_URL", value: coder.accessUrl },
          { name: "CODER_PROXY_SESSION_TOKEN", valueFrom: { secretKeyRef: CODER_SECRETS.proxyToken } },
          { name: "CODER_ACCESS_URL", value: server.accessUrl },
          { name: "CODER_WILDCARD_ACCESS_URL", value: server.wildcardAccessUrl },
          { name: "CODER_PROMETHEUS_ENABLE", value: "true" },
        ];
  return {
    coder: {
      ...(server.kind === "proxy" ? { workspaceProxy: true } : {}),
      replicaCount: server.replicas,
      env,
      // Requests = limits: Guaranteed QoS, the whole node less the cloud's reservations and daemons.
      resources: { requests: quantity(server.resources), limits: quantity(server.resources) },
      ...onPool(server.pool),
      ...onePerNode(release),
      // coderd runs no builds here (provisioners do), so it needs no rights over workspace pods.
      serviceAccount: { workspacePerms: false, enableDeployments: false },
      service: {
        type: "LoadBalancer",
        // Cloud load balancers refuse ClientIP affinity (the chart's own note).
        sessionAffinity: "None",
        annotations: { ...loadBalancerAnnotations },
      },
      ...(coder.tlsSecretName ? { tls: { secretNames: [coder.tlsSecretName] } } : {}),
    },
  };
}

/** Values of the `coder-provisioner` chart for one region's daemons. */
export function provisionerValues(coder: CoderPlan, provisioners: CoderProvisionerPlan): HelmValues {
  return {
    coder: {
      replicaCount: provisioners.replicas,
      env: [
        { name: "CODER_URL", value: coder.accessUrl },
        { name: "CODER_PROMETHEUS_ENABLE", value: "true" },
      ],
      // Memory is a hard limit (a build never takes a neighbour's share); CPU is left unlimited so
      // a busy build may borrow what idle daemons on the node do not use.
      resources: { requests: quantity(provisioners.resources), limits: { memory: `${provisioners.resources.memoryMib}Mi` } },
      ...onPool("provisioner"),
      // The workspace namespace gets its own Role (WorkspaceNamespace); none in the daemons' namespace.
      serviceAccount: { name: PROVISIONER_SERVICE_ACCOUNT, workspacePerms: false, enableDeployments: false },
    },
    provisionerDaemon: {
      // A provisioner key carries its tags (set at `coder provisioner keys create --tag`); the chart
      // refuses provisionerDaemon.tags together with a key.
      keySecretName: CODER_SECRETS.provisionerKey.name,
      keySecretKey: CODER_SECRETS.provisionerKey.key,
      terminationGracePeriodSeconds: provisioners.terminationGracePeriodSeconds,
    },
  };
}
