import { IConstruct } from "constructs";
import { Annotations, IAspect, TerraformStack } from "cdktf";
import { evaluatePolicy, formatViolation, PolicySuppression, stacksOf, synthesizedBlocks } from "./check";
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
    const blocks = synthesizedBlocks(node);
    const context = { blocks: stacksOf(node).flatMap((stack) => (stack === node ? blocks : synthesizedBlocks(stack))) };
    const { violations, suppressed } = evaluatePolicy(blocks, this.props.rules, this.props.suppressions ?? [], context);
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
