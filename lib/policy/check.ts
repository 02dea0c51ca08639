import { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { Cloud } from "../reference/types";
import { PolicyContext, PolicyRule, SynthesizedBlock } from "./rule";
import { AWS_RULES } from "./rules/aws";
import { AZURE_RULES } from "./rules/azure";
import { GCP_RULES } from "./rules/gcp";

/** Every rule, by the cloud it checks. */
export const POLICY_RULES: Readonly<Record<Cloud, readonly PolicyRule[]>> = { aws: AWS_RULES, gcp: GCP_RULES, azure: AZURE_RULES };

/** A rule switched off for a reason the config states; `resource` narrows it to construct paths starting so. */
export interface PolicySuppression {
  readonly rule: string;
  readonly reason: string;
  readonly resource?: string;
}

export interface PolicyViolation {
  readonly rule: PolicyRule;
  readonly block: SynthesizedBlock;
  readonly problem: string;
}

export interface PolicyResult {
  readonly violations: readonly PolicyViolation[];
  /** Violations a suppression allowed, with it: listed in the output, never hidden. */
  readonly suppressed: readonly (PolicyViolation & { readonly suppression: PolicySuppression })[];
}

/** The resources and data sources of a stack as they will be synthesized (tokens resolved, snake_case). */
export function synthesizedBlocks(stack: TerraformStack): SynthesizedBlock[] {
  const json = stack.toTerraform();
  return (["resource", "data"] as const).flatMap((kind) =>
    Object.entries((json[kind] ?? {}) as Record<string, Record<string, Record<string, unknown>>>).flatMap(([type, byId]) =>
      Object.entries(byId).map(([id, attributes]) => ({
        kind,
        type,
        path: (attributes["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? `${stack.node.id}/${id}`,
        attributes,
      })),
    ),
  );
}

/** Checks blocks against the rules; `context` holds every block of the deployment. */
export function evaluatePolicy(
  blocks: readonly SynthesizedBlock[],
  rules: readonly PolicyRule[],
  suppressions: readonly PolicySuppression[],
  context: PolicyContext = { blocks },
): PolicyResult {
  const violations: PolicyViolation[] = [];
  const suppressed: (PolicyViolation & { suppression: PolicySuppression })[] = [];
  for (const block of blocks) {
    for (const rule of rules) {
      if (rule.type !== block.type || (rule.kind ?? "resource") !== block.kind) continue;
      const problem = rule.check(block.attributes, { ...context, self: block });
      if (problem === undefined) continue;
      const suppression = suppressions.find((s) => s.rule === rule.id && (s.resource === undefined || block.path.startsWith(s.resource)));
      if (suppression) suppressed.push({ rule, block, problem, suppression });
      else violations.push({ rule, block, problem });
    }
  }
  return { violations, suppressed };
}

/** One line per violation: rule ID, construct path, what is wrong and how to fix it. */
export function formatViolation(v: PolicyViolation): string {
  return `[${v.rule.id}] ${v.block.path}: ${v.rule.title}: ${v.problem}. Fix: ${v.rule.fix} (${v.rule.source})`;
}

/** The stacks of the app a construct belongs to. */
export function stacksOf(scope: IConstruct): TerraformStack[] {
  return scope.node.root.node.findAll().filter((c): c is TerraformStack => c instanceof TerraformStack);
}

/** Checks every stack of an app at once, before anything is written (main runs this ahead of synth). */
export function checkAppPolicy(app: IConstruct, rules: readonly PolicyRule[], suppressions: readonly PolicySuppression[]): PolicyResult {
  const stacks = stacksOf(app);
  // What App.synth does first: cross-stack references add their outputs and remote state here.
  stacks.forEach((stack) => stack.prepareStack());
  const blocks = stacks.flatMap(synthesizedBlocks);
  return evaluatePolicy(blocks, rules, suppressions, { blocks });
}

/** Suppressions that name no rule of the cloud: a typo would otherwise silently suppress nothing. */
export function unknownSuppressions(cloud: Cloud, suppressions: readonly PolicySuppression[]): { index: number; rule: string }[] {
  const known = new Set(POLICY_RULES[cloud].map((r) => r.id));
  return suppressions.flatMap((s, index) => (known.has(s.rule) ? [] : [{ index, rule: s.rule }]));
}
