import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { IKubernetesCluster } from "../lib/contracts/cluster";
import { IPostgresDatabase } from "../lib/contracts/database";
import { KubernetesAccess } from "../lib/contracts/kubernetes-access";
import { CoderRegion } from "../lib/coder/coder-region";
import { DeploymentPlan, RegionPlan } from "../lib/plan/types";
import { configureBackend } from "../lib/terraform/backend";
import { InputVariable } from "../lib/terraform/input-variable";

/** What a cloud sets up in a coder stack: its providers, and the database password reference (primary). */
export interface CoderConnection {
  readonly access: KubernetesAccess;
  /** Terraform reference to the database password; the primary region only. */
  readonly databasePassword?: string;
}

export interface CoderRegionStackProps {
  readonly plan: DeploymentPlan;
  /** The region this stack serves: `plan.primary` or `plan.secondary`. */
  readonly region: RegionPlan;
  /** The region's cluster, from its infrastructure stack (cdktf turns the values into cross-stack references). */
  readonly cluster: IKubernetesCluster;
  /** Coder's database, from the primary's infrastructure stack; required in the primary region. */
  readonly database?: IPostgresDatabase;
  /** The cloud's part: configures the Kubernetes and Helm providers in the stack and reads the password. */
  readonly connect: (stack: TerraformStack, cluster: IKubernetesCluster, database?: IPostgresDatabase) => CoderConnection;
}

/**
 * Names of a coder stack's input variables (set as `TF_VAR_<name>`). They carry the region, so one
 * environment holding every region's values serves `cdktf deploy '*'`: each stack reads its own
 * and Terraform ignores the others.
 */
export function coderVariableNames(region: string) {
  const suffix = region.replace(/[^a-zA-Z0-9]/g, "_");
  return {
    provisionerKey: `provisioner_key_${suffix}`,
    proxySessionToken: `proxy_session_token_${suffix}`,
    secretsRevision: `coder_secrets_revision_${suffix}`,
  };
}

/**
 * Coder in one region (`<cloud>-<region>-coder`), with its own state apart from the
 * infrastructure's. The provisioner key and the proxy token exist only once coderd runs, so they are
 * sensitive variables left empty on the first apply (what needs them is then skipped) and given on
 * the next (see README, "Coder on the clusters").
 */
export class CoderRegionStack extends TerraformStack {
  readonly coder: CoderRegion;

  constructor(scope: Construct, id: string, props: CoderRegionStackProps) {
    super(scope, id);
    const { plan, region } = props;
    const coderRegion = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
    if (region.role === "primary" && !props.database) {
      throw new Error(`CoderRegionStack ${id}: coderd runs in the primary region and needs the database`);
    }
    configureBackend(this, plan.backend, id);
    const connection = props.connect(this, props.cluster, region.role === "primary" ? props.database : undefined);
    const names = coderVariableNames(region.region);

    const provisionerKey = new InputVariable(this, names.provisionerKey, {
      type: "string",
      sensitive: true,
      nullable: false,
      default: "",
      description: `Key from \`coder provisioner keys create\` for ${region.region}'s provisioners; empty skips them`,
    });
    const proxyToken =
      coderRegion.server?.kind === "proxy"
        ? new InputVariable(this, names.proxySessionToken, {
            type: "string",
            sensitive: true,
            nullable: false,
            default: "",
            description: `Session token from \`coder wsproxy create\` for the ${region.region} proxy; empty skips the proxy`,
          })
        : undefined;
    const revision = new InputVariable(this, names.secretsRevision, {
      type: "number",
      default: 1,
      description: "Bump after rotating the provisioner key or proxy token: the secrets are write-only and are rewritten only on a new revision",
    });

    this.coder = new CoderRegion(this, "coder", {
      coder: plan.coder,
      region: coderRegion,
      access: connection.access,
      database: props.database,
      databasePassword: connection.databasePassword,
      provisionerKey: provisionerKey.stringValue,
      proxySessionToken: proxyToken?.stringValue,
      secretsRevision: revision.numberValue,
      labels: { "app.kubernetes.io/managed-by": "coder-refarch" },
    });

    const provisioners = coderRegion.provisioners;
    if (provisioners) {
      const tags = Object.entries(provisioners.tags).map(([k, v]) => `--tag ${k}=${v}`).join(" ");
      new TerraformOutput(this, "provisioner_key_command", {
        value: `coder provisioner keys create ${provisioners.keyName} ${tags}`,
        description: `Run after coderd is up; give the printed key as TF_VAR_${names.provisionerKey} on every later deploy`,
      });
    }
    if (coderRegion.server?.kind === "proxy") {
      new TerraformOutput(this, "workspace_proxy_command", {
        value: `coder wsproxy create --name ${coderRegion.server.proxyName} --display-name ${coderRegion.server.proxyName}`,
        description: `Run after coderd is up; give the printed token as TF_VAR_${names.proxySessionToken} on every later deploy`,
      });
    }
  }
}
