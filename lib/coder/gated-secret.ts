import { Construct } from "constructs";
import { Fn, ITerraformDependable, Op, Token } from "cdktf";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";

export interface GatedSecretProps {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  /** Reference to a sensitive Terraform variable; empty until the value exists (made by Coder after its first deploy). */
  readonly value: string;
  /** Bump to write a new value (write-only attributes are not compared with the state). */
  readonly revision: number;
  /** What must exist first (the namespace). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Kubernetes secret whose value comes from a sensitive variable that is filled in only after
 * coderd runs (a proxy token, a provisioner key). While the variable is empty, neither the secret
 * nor what depends on it (`count`) exists, so the first apply brings up coderd alone. The value is
 * written through `data_wo` (write-only, Terraform 1.11+): it is sent to Kubernetes and never kept
 * in the plan or state.
 */
export class GatedSecret extends Construct {
  readonly secret: SecretV1;
  /** `1` when the value is given, `0` before: the count for everything that needs the secret. */
  readonly count: number;

  constructor(scope: Construct, id: string, props: GatedSecretProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.value)) {
      throw new Error(`GatedSecret ${id}: value must be a reference to a sensitive variable, not a literal`);
    }
    // Only whether the value is empty is revealed, which `count` needs; the value itself stays sensitive.
    // (`>= 1`, not `> 0`: cdktf 0.21's operators render a literal 0 or "" operand as `undefined`.)
    this.count = Token.asNumber(Fn.conditional(Fn.nonsensitive(Op.gte(Fn.lengthOf(props.value), 1)), 1, 0));
    this.secret = new SecretV1(this, "secret", {
      count: this.count,
      metadata: { name: props.name, namespace: props.namespace },
      type: "Opaque",
      dataWo: { [props.key]: props.value },
      dataWoRevision: props.revision,
      dependsOn: props.dependsOn,
    });
  }
}
