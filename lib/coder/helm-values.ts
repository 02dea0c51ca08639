import { CoderHardeningPlan, CoderPlan, CoderProvisionerPlan, CoderProvisionerSet, CoderServerPlan } from "../plan/coder-plan";
import { PodResources } from "../plan/pod-sizing";
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from "./pod-security";
import { POOL_LABEL_KEY, PoolRole } from "../plan/pool-role";

/**
 * Helm values of Coder's charts, built as plain data from the plan. Only keys the pinned charts read
 * appear here; `__tests__/coder-values.test.ts` walks every release's values against the charts'
 * values.yaml key sets in `__tests__/fixtures/charts/`, so a misspelled key fails the build instead of
 * being ignored by Helm.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values are untyped YAML */
export type HelmValues = Record<string, any>;

/** The Kubernetes secret coderd reads its database URL from. */
export const DATABASE_URL_SECRET = { name: "coder-db-url", key: "url" } as const;

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
  /** The cloud's load balancer annotations and those that put it on the reserved addresses. */
  readonly loadBalancerAnnotations: Readonly<Record<string, string>>;
}

/**
 * Deployment annotation of Stakater Reloader: roll the pods when the TLS secret changes. Coder reads
 * its certificate once at start-up (coder/coder cli/server.go, configureServerTLS), so a renewed
 * certificate is served only after a restart; the one-at-a-time rollout keeps a replica serving.
 */
export const RELOAD_ON_SECRET_ANNOTATION = "secret.reloader.stakater.com/reload";

/** Values of the `coder` chart for coderd (primary) or a workspace proxy (`coder.workspaceProxy`). */
export function serverValues({ coder, server, loadBalancerAnnotations }: ServerValuesOptions): HelmValues {
  const release = server.releaseName;
  const env =
    server.kind === "coderd"
      ? [
          { name: "CODER_ACCESS_URL", value: server.accessUrl },
          { name: "CODER_WILDCARD_ACCESS_URL", value: server.wildcardAccessUrl },
          { name: "CODER_PG_CONNECTION_URL", valueFrom: { secretKeyRef: DATABASE_URL_SECRET } },
          // Builds run only on the external provisioners, never on coderd's nodes.
          { name: "CODER_PROVISIONER_DAEMONS", value: "0" },
          { name: "CODER_PROMETHEUS_ENABLE", value: "true" },
          // Port 80 answers only with a redirect to the https access URL.
          { name: "CODER_REDIRECT_TO_ACCESS_URL", value: "true" },
          ...hardeningEnv(coder.hardening),
        ]
      : [
          { name: "CODER_PRIMARY_ACCESS_URL", value: coder.accessUrl },
          { name: "CODER_PROXY_SESSION_TOKEN", valueFrom: { secretKeyRef: proxyTokenRef(server) } },
          { name: "CODER_ACCESS_URL", value: server.accessUrl },
          { name: "CODER_WILDCARD_ACCESS_URL", value: server.wildcardAccessUrl },
          { name: "CODER_PROMETHEUS_ENABLE", value: "true" },
          // No CODER_REDIRECT_TO_ACCESS_URL: only coderd wraps its handler with the redirect
          // (coder/coder cli/server.go); enterprise/cli/proxyserver.go never reads it.
        ];
  return {
    coder: {
      ...(server.kind === "proxy" ? { workspaceProxy: true } : {}),
      replicaCount: server.replicas,
      annotations: { [RELOAD_ON_SECRET_ANNOTATION]: coder.tls.secretName },
      env,
      // The namespace enforces Pod Security `restricted` (lib/coder/pod-security.ts).
      securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
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
        // Only nodes running a replica take traffic, and users' addresses reach coderd, so audit logs
        // and rate limits see users, not nodes (Coder docs, install/kubernetes.md: the default
        // `Cluster` "will mask client IP addresses in the Audit log"). All three clouds' layer 4
        // load balancers honour it: they health-check the Service's healthCheckNodePort.
        externalTrafficPolicy: "Local",
        annotations: { ...loadBalancerAnnotations },
      },
      // Coder serves HTTPS on 443 itself (the chart opens 443 only with a TLS secret); the secret
      // exists before the release (a required volume, helm/libcoder _helpers.tpl).
      tls: { secretNames: [coder.tls.secretName] },
    },
  };
}

/**
 * coderd's security settings (lib/reference/coder-hardening.ts): the session cookie Secure, as Coder
 * is reached only over https; HSTS, which Coder sends only because it ends TLS itself; path apps off,
 * as every region has a wildcard host; a bounded token lifetime; telemetry as chosen, never left to
 * Coder's default (on).
 */
export function hardeningEnv(hardening: CoderHardeningPlan): Array<{ name: string; value: string }> {
  return [
    { name: "CODER_SECURE_AUTH_COOKIE", value: "true" },
    { name: "CODER_STRICT_TRANSPORT_SECURITY", value: String(hardening.strictTransportSecuritySeconds) },
    { name: "CODER_DISABLE_PATH_APPS", value: String(!hardening.pathApps) },
    { name: "CODER_MAX_TOKEN_LIFETIME", value: `${hardening.maxTokenLifetimeHours}h` },
    { name: "CODER_TELEMETRY_ENABLE", value: String(hardening.telemetry) },
  ];
}

/** Where the proxy's token is kept. */
function proxyTokenRef(server: CoderServerPlan): { name: string; key: string } {
  if (!server.sessionToken) throw new Error(`The ${server.kind} plan has no session token secret`);
  return { name: server.sessionToken.secret.name, key: server.sessionToken.secret.key };
}

/** Values of the `coder-provisioner` chart for one set of a region's daemons (one key, one release). */
export function provisionerValues(coder: CoderPlan, provisioners: CoderProvisionerPlan, set: CoderProvisionerSet): HelmValues {
  return {
    coder: {
      replicaCount: set.replicas,
      env: [
        { name: "CODER_URL", value: coder.accessUrl },
        { name: "CODER_PROMETHEUS_ENABLE", value: "true" },
      ],
      securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
      // Memory is a hard limit (a build never takes a neighbour's share); CPU is left unlimited so
      // a busy build may borrow what idle daemons on the node do not use.
      resources: { requests: quantity(provisioners.resources), limits: { memory: `${provisioners.resources.memoryMib}Mi` } },
      ...onPool("provisioner"),
      // The workspace namespace gets its own Role (WorkspaceNamespace); none in the daemons' namespace.
      // Each release names its own account: two releases in one namespace cannot share the chart's default.
      serviceAccount: { name: set.serviceAccount, workspacePerms: false, enableDeployments: false },
    },
    provisionerDaemon: {
      // A provisioner key carries its tags (set at `coder provisioner keys create --tag`); the chart
      // refuses provisionerDaemon.tags together with a key.
      keySecretName: set.key.secret.name,
      keySecretKey: set.key.secret.key,
      terminationGracePeriodSeconds: provisioners.terminationGracePeriodSeconds,
    },
  };
}
