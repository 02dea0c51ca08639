import { Construct } from "constructs";
import { IPostgresDatabase } from "../contracts/database";
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
  /** Primary region: Coder's database. */
  readonly database?: IPostgresDatabase;
  /** Primary region: a Terraform reference to the database password. */
  readonly databasePassword?: string;
  /** Reference to the sensitive variable with this region's provisioner key; empty until created. */
  readonly provisionerKey: string;
  /** Secondary region: reference to the sensitive variable with the proxy's session token; empty until created. */
  readonly proxySessionToken?: string;
  /** Revision of the write-only secrets. @default 1 */
  readonly secretsRevision?: number;
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
    const labels = props.labels;
    if (region.server) {
      this.server = new CoderServer(this, region.server.kind, {
        coder,
        server: region.server,
        access: props.access,
        database: props.database,
        databasePassword: props.databasePassword,
        proxySessionToken: props.proxySessionToken,
        secretsRevision,
        labels,
      });
    }
    if (region.provisioners) {
      this.provisioners = new CoderProvisioners(this, "provisioners", {
        coder,
        provisioners: region.provisioners,
        provisionerKey: props.provisionerKey,
        secretsRevision,
        labels,
      });
    }
    this.workspaces = new WorkspaceNamespace(this, "workspaces", { coder, access: props.access, labels });
  }
}
