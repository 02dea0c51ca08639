import { Construct } from "constructs";
import { Fn, ITerraformDependable, Op, Token } from "cdktf";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { BootstrapSecretPlan } from "../plan/coder-plan";

export interface BootstrapSecretProps {
  /** Where the secret goes and what it is. */
  readonly plan: BootstrapSecretPlan;
  /** Reference to the ephemeral, sensitive input variable that carries the value (`plan.variable`). */
  readonly value: string;
  /** Revision of the write-only data: a new revision writes the value again (after a rotation). */
  readonly revision: number;
  /**
   * `0` on the first pass (before coderd can make the value), else `1`: the count of this secret
   * and of everything that needs it. A reference to an explicit input, never to the value itself.
   */
  readonly count: number;
  /** What must exist first (the namespace). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Kubernetes secret holding a value only a running coderd can make (a provisioner key, a proxy
 * token). The value arrives through an ephemeral variable (`npm run deploy` reads it from the
 * cloud's secret store) and is written with `data_wo` (write-only, Terraform 1.11+): it is sent to
 * Kubernetes and kept in no configuration, plan or state. A plan without it fails with a message
 * naming the variable and where the value is kept, instead of writing an empty key: an omitted
 * value never removes or breaks what runs. Only the explicit first pass (`count` 0) leaves the
 * secret, and what needs it, out.
 */
export class BootstrapSecret extends Construct {
  readonly secret: SecretV1;

  constructor(scope: Construct, id: string, props: BootstrapSecretProps) {
    super(scope, id);
    const { plan } = props;
    if (!Token.isUnresolved(props.value)) {
      throw new Error(`BootstrapSecret ${id}: value must be a reference to an ephemeral variable, not a literal`);
    }
    const value = Fn.trimspace(props.value);
    this.secret = new SecretV1(this, "secret", {
      count: props.count,
      metadata: { name: plan.secret.name, namespace: plan.secret.namespace },
      type: "Opaque",
      dataWo: { [plan.secret.key]: value },
      // The provider sends data_wo only with a revision of 1 or more.
      dataWoRevision: props.revision,
      dependsOn: props.dependsOn,
      lifecycle: {
        precondition: [
          {
            // `>= 1`, not `> 0`: cdktf 0.21's operators render a literal 0 operand as `undefined`.
            condition: Op.gte(Fn.lengthOf(value), 1),
            errorMessage:
              `TF_VAR_${plan.variable} (the ${plan.description}) is empty. npm run deploy reads it from the secret store entry ` +
              `${plan.storeName}; write it there first (the bootstrap_commands output), or, on the very first deploy before coderd runs, ` +
              `say so with TF_VAR_coder_first_pass=true (npm run deploy -- --first-pass).`,
          },
        ],
      },
    });
  }
}
