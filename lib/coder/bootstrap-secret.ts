import { Construct } from "constructs";
import { Fn, ITerraformDependable, Op, Token } from "cdktf";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { BootstrapSecretPlan } from "../plan/coder-plan";

export interface BootstrapSecretProps {
  /** The entries of one Kubernetes secret (one for a key or token, two for a certificate and its key). */
  readonly plans: readonly BootstrapSecretPlan[];
  /** References to the ephemeral, sensitive input variables that carry the values, by variable name. */
  readonly values: Readonly<Record<string, string>>;
  /** Revision of the write-only data: a new revision writes the values again (after a rotation). */
  readonly revision: number;
  /**
   * `0` on the first pass for what coderd has yet to make (a provisioner key, a proxy token), else
   * `1`: the count of this secret and of everything that needs it. A reference to an explicit input,
   * never to a value. @default 1
   */
  readonly count?: number;
  /** What must exist first (the namespace). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Kubernetes secret holding values the deployment cannot make itself: a provisioner key or proxy
 * token only a running coderd can make, or a certificate of yours. The values arrive through
 * ephemeral variables (`npm run deploy` reads them from the cloud's secret store) and are written
 * with `data_wo` (write-only, Terraform 1.11+): sent to Kubernetes and kept in no configuration,
 * plan or state. A plan without one fails with a message naming its variable and store entry,
 * instead of writing an empty value: an omitted value never removes or breaks what runs.
 */
export class BootstrapSecret extends Construct {
  readonly secret: SecretV1;

  constructor(scope: Construct, id: string, props: BootstrapSecretProps) {
    super(scope, id);
    const [first] = props.plans;
    if (!first) throw new Error(`BootstrapSecret ${id}: no entries`);
    if (props.plans.some((p) => p.secret.name !== first.secret.name || p.secret.namespace !== first.secret.namespace || p.secret.type !== first.secret.type)) {
      throw new Error(`BootstrapSecret ${id}: every entry must name the same secret (${first.secret.namespace}/${first.secret.name}, ${first.secret.type})`);
    }
    const entries = props.plans.map((plan) => {
      const reference = props.values[plan.variable];
      if (reference === undefined) throw new Error(`BootstrapSecret ${id}: no variable reference for ${plan.variable}`);
      if (!Token.isUnresolved(reference)) throw new Error(`BootstrapSecret ${id}: ${plan.variable} must be a reference to an ephemeral variable, not a literal`);
      return { plan, value: Fn.trimspace(reference) };
    });
    this.secret = new SecretV1(this, "secret", {
      count: props.count,
      metadata: { name: first.secret.name, namespace: first.secret.namespace },
      type: first.secret.type,
      dataWo: Object.fromEntries(entries.map(({ plan, value }) => [plan.secret.key, value])),
      // The provider sends data_wo only with a revision of 1 or more.
      dataWoRevision: props.revision,
      dependsOn: props.dependsOn,
      lifecycle: {
        precondition: entries.map(({ plan, value }) => ({
          // `>= 1`, not `> 0`: cdktf 0.21's operators render a literal 0 operand as `undefined`.
          condition: Op.gte(Fn.lengthOf(value), 1),
          errorMessage:
            `TF_VAR_${plan.variable} (the ${plan.description}) is empty. npm run deploy reads it from the secret store entry ` +
            `${plan.storeName}; write it there first (the bootstrap_commands output)` +
            (plan.neededOnFirstPass ? "." : ", or, on the very first deploy before coderd runs, say so with TF_VAR_coder_first_pass=true (npm run deploy -- --first-pass)."),
        })),
      },
    });
  }
}
