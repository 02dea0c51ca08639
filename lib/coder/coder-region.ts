import { Construct } from "constructs";
import { IPostgresDatabase } from "../contracts/database";
import { ICoderIngress } from "../contracts/coder-ingress";
import { KubernetesAccess } from "../contracts/kubernetes-access";
import { CoderPlan, CoderRegionPlan } from "../plan/coder-plan";
import { CoderProvisioners } from "./coder-provisioners";
import { CoderServer } from "./coder-server";
import { WorkspaceNamespace } from "./workspace-namespace";

export interface CoderRegionProps {
  readonly coder: CoderPlan;
  /** `coder.primary` or `coder.secondary`. */
  readonly region: CoderRegionPlan;
  /** The cloud's answers: load balancer annotations, zonal volumes (its providers are already configured). */
  readonly access: KubernetesAccess;
  /** The region's reserved public entry (addresses, DNS, certificate issuance); required where coderd or the proxy runs. */
  readonly ingress?: ICoderIngress;
  /** Primary region: Coder's database. */
  readonly database?: IPostgresDatabase;
  /** Primary region: a Terraform reference to the database password. */
  readonly databasePassword?: string;
  /**
   * References to the ephemeral variables carrying the region's bootstrap secrets (provisioner keys,
   * the proxy's token), by variable name (`region.bootstrapSecrets`).
   */
  readonly bootstrapValues: Readonly<Record<string, string>>;
  /** Revision of the write-only secrets. @default 1 */
  readonly secretsRevision?: number;
  /**
   * `0` on the explicit first pass, when coderd runs but cannot have made keys and tokens yet, else
   * `1`: the count of the provisioners and the proxy. Never derived from a secret being empty.
   * @default 1
   */
  readonly bootstrapCount?: number;
  /** Labels for every namespace. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Coder in one region's cluster, cloud-neutral: coderd or the workspace proxy, the region's
 * provisioners and its workspace namespace. It sees only the contracts; the cloud is in `access`.
 */
export class CoderRegion extends Construct {
  readonly server?: CoderServer;
  readonly provisioners?: CoderProvisioners;
  readonly workspaces: WorkspaceNamespace;

  constructor(scope: Construct, id: string, props: CoderRegionProps) {
    super(scope, id);
    const { coder, region } = props;
    if (!coder.enabled) throw new Error(`CoderRegion ${id}: coder.enabled is false; leave the Coder layer out instead`);
    const secretsRevision = props.secretsRevision ?? 1;
    const bootstrapCount = props.bootstrapCount ?? 1;
    const labels = props.labels;
    for (const secret of region.bootstrapSecrets) {
      if (props.bootstrapValues[secret.variable] === undefined) throw new Error(`CoderRegion ${id}: bootstrapValues has no ${secret.variable}`);
    }
    if (region.server) {
      if (!props.ingress) throw new Error(`CoderRegion ${id}: ${region.region} runs a ${region.server.kind} and needs its ingress (reserved addresses, certificate issuance)`);
      this.server = new CoderServer(this, region.server.kind, {
        coder,
        region,
        access: props.access,
        ingress: props.ingress,
        bootstrapValues: props.bootstrapValues,
        database: props.database,
        databasePassword: props.databasePassword,
        proxySessionToken: region.server.sessionToken && props.bootstrapValues[region.server.sessionToken.variable],
        secretsRevision,
        bootstrapCount,
        labels,
      });
    }
    if (region.provisioners) {
      this.provisioners = new CoderProvisioners(this, "provisioners", { coder, region, keys: props.bootstrapValues, secretsRevision, bootstrapCount, labels });
    }
    this.workspaces = new WorkspaceNamespace(this, "workspaces", { coder, region, access: props.access, labels });
  }
}
