import { Construct } from "constructs";
import { ITerraformDependable, TerraformStack } from "cdktf";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";

/**
 * Seconds to wait after an access grant before anything uses it. Both clouds make grants eventually
 * consistent and the providers return when the grant exists, not when it takes effect: Google
 * "typically 2 minutes" (cloud.google.com/iam/docs/access-change-propagation), Azure RBAC "up to 10
 * minutes", usually far less (learn.microsoft.com/azure/role-based-access-control/troubleshooting).
 * A step that still finds the grant missing fails with an authorization error and succeeds when
 * deployed again.
 */
export const GRANT_PROPAGATION_SECONDS = 120;

export interface PropagationWaitProps {
  /** The grants to wait for. */
  readonly grants: ITerraformDependable[];
  /** @default GRANT_PROPAGATION_SECONDS */
  readonly seconds?: number;
}

/**
 * A pause after grants are made, once, at creation (`time_sleep`): what needs the grants depends on
 * this instead of on them. Later deploys do not wait again.
 */
export class PropagationWait extends Construct {
  readonly sleep: Sleep;

  constructor(scope: Construct, id: string, props: PropagationWaitProps) {
    super(scope, id);
    if (props.grants.length === 0) throw new Error(`PropagationWait ${id}: no grants to wait for`);
    const stack = TerraformStack.of(this);
    if (!stack.node.tryFindChild("time")) new TimeProvider(stack, "time");
    this.sleep = new Sleep(this, "sleep", { createDuration: `${props.seconds ?? GRANT_PROPAGATION_SECONDS}s`, dependsOn: props.grants });
  }
}
