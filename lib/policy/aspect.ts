import { IConstruct } from "constructs";
import { Annotations, IAspect, TerraformStack } from "cdktf";
import { checkAppPolicy, formatViolation, PolicySuppression } from "./check";
import { PolicyRule } from "./rule";

export interface PolicyAspectProps {
  readonly rules: readonly PolicyRule[];
  /** @default none */
  readonly suppressions?: readonly PolicySuppression[];
}

/**
 * The policy rules as a cdktf Aspect. Add it to every stack (aspects added to the App never run in
 * cdktf 0.21). On the stack it checks every block and adds an error annotation per violation at the
 * offending construct, which fails synth with the rule ID, the construct path and the fix; rules
 * that relate blocks (a replica in another stack) see the whole app.
 */
export class PolicyAspect implements IAspect {
  constructor(private readonly props: PolicyAspectProps) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack)) return;
    // The whole app is checked once (rules relate blocks across stacks); each stack reports its own.
    const result = checkAppPolicy(node, this.props.rules, this.props.suppressions ?? []);
    const own = (path: string) => path === node.node.id || path.startsWith(`${node.node.id}/`);
    const violations = result.violations.filter((v) => own(v.block.path));
    const suppressed = result.suppressed.filter((s) => own(s.block.path));
    for (const violation of violations) {
      Annotations.of(findByPath(node, violation.block.path)).addError(formatViolation(violation));
    }
    for (const s of suppressed) {
      Annotations.of(findByPath(node, s.block.path)).addInfo(`[${s.rule.id}] suppressed: ${s.suppression.reason}`);
    }
  }
}

function findByPath(stack: TerraformStack, path: string): IConstruct {
  return stack.node.findAll().find((c) => c.node.path === path) ?? stack;
}
