import { Construct } from "constructs";
import { Fn, TerraformOutput, TerraformStack, Token } from "cdktf";
import { IKubernetesCluster } from "../lib/contracts/cluster";
import { IPostgresDatabase } from "../lib/contracts/database";
import { ICoderIngress } from "../lib/contracts/coder-ingress";
import { KubernetesAccess } from "../lib/contracts/kubernetes-access";
import { CoderRegion } from "../lib/coder/coder-region";
import { DeploymentPlan, RegionPlan } from "../lib/plan/types";
import { configureBackend } from "../lib/terraform/backend";
import { InputVariable } from "../lib/terraform/input-variable";
import { variableSuffix } from "../lib/plan/coder-plan";
import { bootstrapCommand, bootstrapSecretStore } from "./bootstrap-secret-stores";

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
  /** The region's public entry from its infrastructure stack: reserved addresses and certificate issuance. */
  readonly ingress?: ICoderIngress;
  /** The cloud's part: configures the Kubernetes and Helm providers in the stack and reads the password. */
  readonly connect: (stack: TerraformStack, cluster: IKubernetesCluster, database?: IPostgresDatabase) => CoderConnection;
}

/** The input variable that says "this deploy is the first pass": coderd runs, keys and tokens cannot exist yet. */
export const FIRST_PASS_VARIABLE = "coder_first_pass";

/**
 * Names of a coder stack's region-wide input variables (set as `TF_VAR_<name>`). They carry the
 * region, so one environment holding every region's values serves `cdktf deploy '*'`: each stack
 * reads its own and Terraform ignores the others. The bootstrap secrets' variables are in the plan
 * (`bootstrapSecrets[].variable`).
 */
export function coderVariableNames(region: string) {
  return { secretsRevision: `coder_secrets_revision_${variableSuffix(region)}` };
}

/**
 * Coder in one region (`<cloud>-<region>-coder`), with its own state apart from the
 * infrastructure's. Provisioner keys and the proxy token exist only once coderd runs: they live in
 * the region's secret store, and `npm run deploy` hands them to this stack as ephemeral variables,
 * which write them into Kubernetes write-only. A deploy without them fails with a message naming
 * each; only the explicit first pass (`TF_VAR_coder_first_pass=true`) leaves the provisioners and
 * the proxy out (see README, "Coder on the clusters").
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
    const store = bootstrapSecretStore(plan, region);

    const firstPass = new InputVariable(this, FIRST_PASS_VARIABLE, {
      type: "bool",
      default: false,
      nullable: false,
      description: "True only on the first deploy, before coderd has made provisioner keys and proxy tokens: leaves the provisioners and the proxy out",
    });
    const bootstrapValues: Record<string, string> = {};
    for (const secret of coderRegion.bootstrapSecrets) {
      const variable = new InputVariable(this, secret.variable, {
        type: "string",
        sensitive: true,
        nullable: false,
        default: "",
        description: `The ${secret.description}, read by npm run deploy from ${store.kind} entry ${secret.storeName}; never kept in plan or state`,
      });
      // Ephemeral (Terraform 1.10+): the value is kept in no plan file and no state.
      variable.addOverride("ephemeral", true);
      bootstrapValues[secret.variable] = variable.stringValue;
    }
    const revision = new InputVariable(this, coderVariableNames(region.region).secretsRevision, {
      type: "number",
      default: 1,
      description: "Bump after rotating a provisioner key or the proxy token: the secrets are write-only and are rewritten only on a new revision",
    });

    this.coder = new CoderRegion(this, "coder", {
      coder: plan.coder,
      region: coderRegion,
      access: connection.access,
      ingress: props.ingress,
      database: props.database,
      databasePassword: connection.databasePassword,
      bootstrapValues,
      secretsRevision: revision.numberValue,
      bootstrapCount: Token.asNumber(Fn.conditional(firstPass.booleanValue, 0, 1)),
      labels: { "app.kubernetes.io/managed-by": "coder-refarch" },
    });

    if (coderRegion.bootstrapSecrets.length > 0) {
      new TerraformOutput(this, "bootstrap_commands", {
        value: coderRegion.bootstrapSecrets.map((secret) => bootstrapCommand(secret, store)),
        description: "Run each once after coderd is up (logged in as an Owner): it makes the key or token and keeps it in the secret store, where every later deploy reads it",
      });
    }
  }
}
