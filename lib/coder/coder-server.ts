import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { podSecurityLabels } from "./pod-security";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { IPostgresDatabase } from "../contracts/database";
import { ICoderIngress } from "../contracts/coder-ingress";
import { KubernetesAccess } from "../contracts/kubernetes-access";
import { CODER_SERVER_APP_NAME, CoderPlan, CoderRegionPlan } from "../plan/coder-plan";
import { BootstrapSecret } from "./bootstrap-secret";
import { CoderCertificate } from "./coder-certificate";
import { Reloader } from "./reloader";
import { CoderRelease } from "./coder-release";
import { databaseUrl } from "./database-url";
import { DATABASE_URL_SECRET, serverValues } from "./helm-values";

export interface CoderServerProps {
  readonly coder: CoderPlan;
  /** The region; its `server` is built. */
  readonly region: CoderRegionPlan;
  readonly access: KubernetesAccess;
  /** The region's reserved public entry and how its certificate is issued. */
  readonly ingress: ICoderIngress;
  /** coderd only: the database it connects to. */
  readonly database?: IPostgresDatabase;
  /** coderd only: a Terraform reference to the database password, read from the cloud's secret store. */
  readonly databasePassword?: string;
  /** Proxy only: reference to the ephemeral variable holding the token from `coder wsproxy create`. */
  readonly proxySessionToken?: string;
  /** References to the ephemeral variables of the region's bootstrap secrets (your certificate in pem mode), by variable name. @default none */
  readonly bootstrapValues?: Readonly<Record<string, string>>;
  /** Revision of the write-only secrets; bump to write a rotated token. */
  readonly secretsRevision: number;
  /** `0` on the explicit first pass (no proxy token exists yet), else `1`; coderd itself always runs. */
  readonly bootstrapCount: number;
  /** Labels for the namespace. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * coderd in the primary region, or a workspace proxy in another: its namespace, the secret it reads
 * (database URL or proxy token), the `coder` chart release on its own pool behind a public load
 * balancer, and a PodDisruptionBudget that keeps one replica serving through node drains.
 */
export class CoderServer extends Construct {
  readonly namespace: NamespaceV1;
  readonly release: CoderRelease;

  constructor(scope: Construct, id: string, props: CoderServerProps) {
    super(scope, id);
    const { coder, region } = props;
    const server = region.server;
    if (!server) throw new Error(`CoderServer ${id}: the region ${region.region} has no coderd or proxy in the plan`);
    const namespace = coder.namespaces.server;
    this.namespace = new NamespaceV1(this, "namespace", { metadata: { name: namespace, labels: { ...props.labels, ...podSecurityLabels("restricted") } } });

    let count: number | undefined;
    const dependsOn: ITerraformDependable[] = [this.namespace];
    if (server.kind === "coderd") {
      if (!props.database || props.databasePassword === undefined) {
        throw new Error(`CoderServer ${id}: coderd needs the database and its password reference`);
      }
      if (!Token.isUnresolved(props.databasePassword)) {
        throw new Error(`CoderServer ${id}: databasePassword must be a reference into the cloud's secret store, never a literal password`);
      }
      dependsOn.push(
        new SecretV1(this, "database-url", {
          dependsOn: [this.namespace],
          metadata: { name: DATABASE_URL_SECRET.name, namespace },
          type: "Opaque",
          data: { [DATABASE_URL_SECRET.key]: databaseUrl(props.database, props.databasePassword) },
        }),
      );
    } else {
      const token = server.sessionToken;
      if (props.proxySessionToken === undefined || !token) throw new Error(`CoderServer ${id}: a workspace proxy needs its session token plan and proxySessionToken`);
      count = props.bootstrapCount;
      const secret = new BootstrapSecret(this, "proxy-token", {
        plans: [token],
        values: { [token.variable]: props.proxySessionToken },
        revision: props.secretsRevision,
        count,
        dependsOn: [this.namespace],
      });
      dependsOn.push(secret.secret);
    }
    dependsOn.push(...this.tlsSecret(props, namespace));
    // Rolls the replicas one at a time when the certificate is renewed: Coder reads it only at start-up.
    new Reloader(this, "reloader", { namespace, placement: props.access.addonPlacement, dependsOn: [this.namespace] });

    this.release = new CoderRelease(this, "coder", {
      coder,
      chart: "coder",
      releaseName: server.releaseName,
      namespace,
      values: serverValues({ coder, server, loadBalancerAnnotations: { ...props.access.publicLoadBalancerAnnotations, ...props.ingress.serviceAnnotations } }),
      // Each replica fills its node: a surge pod would never schedule.
      oneAtATime: true,
      dependsOn,
    });
    if (count !== undefined) this.release.release.count = count;

    // Plain names, not references: the proxy's release has a count, and a reference to a counted
    // resource without an index is an error at plan time.
    const pdb = new PodDisruptionBudgetV1(this, "disruption-budget", {
      metadata: { name: server.releaseName, namespace },
      spec: {
        // Drains and upgrades of the pool take one replica at a time; the other keeps serving.
        maxUnavailable: "1",
        selector: { matchLabels: { "app.kubernetes.io/instance": server.releaseName, "app.kubernetes.io/name": CODER_SERVER_APP_NAME } },
      },
      dependsOn: [this.namespace],
    });
    if (count !== undefined) pdb.count = count;
  }

  /**
   * The TLS secret the release mounts, before the release: issued by cert-manager (Terraform waits
   * until the Certificate is Ready) or written from your PEM in the secret store.
   */
  private tlsSecret(props: CoderServerProps, namespace: string): ITerraformDependable[] {
    const { coder, region } = props;
    const ingress = region.ingress;
    if (!ingress) throw new Error(`CoderServer ${this.node.id}: the region ${region.region} has no ingress plan (hosts, certificate names)`);
    if (coder.tls.mode === "acme") {
      if (!props.ingress.dns01Solver) throw new Error(`CoderServer ${this.node.id}: ACME certificates need the cloud's DNS-01 solver (ingress.dns01Solver)`);
      const certificate = new CoderCertificate(this, "certificate", { tls: coder.tls, ingress, namespace, dns01Solver: props.ingress.dns01Solver, dependsOn: [this.namespace] });
      return [certificate.certificate];
    }
    const pem = region.bootstrapSecrets.filter((s) => s.secret.name === coder.tls.secretName);
    const secret = new BootstrapSecret(this, "tls-certificate", { plans: pem, values: props.bootstrapValues ?? {}, revision: props.secretsRevision, dependsOn: [this.namespace] });
    return [secret.secret];
  }
}
