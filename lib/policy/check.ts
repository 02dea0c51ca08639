import { IConstruct } from "constructs";
import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { Cloud } from "../reference/types";
import { PolicyContext, PolicyRule, SynthesizedBlock } from "./rule";
import { AWS_RULES } from "./rules/aws";
import { AZURE_RULES } from "./rules/azure";
import { GCP_RULES } from "./rules/gcp";
import { kubernetesRules } from "./rules/kubernetes";

/** Every rule, by the cloud it checks. */
export const POLICY_RULES: Readonly<Record<Cloud, readonly PolicyRule[]>> = {
  aws: [...AWS_RULES, ...kubernetesRules("aws")],
  gcp: [...GCP_RULES, ...kubernetesRules("gcp")],
  azure: [...AZURE_RULES, ...kubernetesRules("azure")],
};

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

/** Resolves tokens the way synth does. */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * The resources and data sources of a stack as they will be synthesized (tokens resolved,
 * snake_case). With `types`, only blocks of those Terraform types are resolved: resolving is most
 * of synth's cost, and the rules look at a fraction of the types.
 */
export function synthesizedBlocks(stack: TerraformStack, types?: ReadonlySet<string>): SynthesizedBlock[] {
  return stack.node.findAll().flatMap((node): SynthesizedBlock[] => {
    if (!(node instanceof TerraformResource || node instanceof TerraformDataSource)) return [];
    if (types && !types.has(node.terraformResourceType)) return [];
    const kind = node instanceof TerraformResource ? "resource" : "data";
    // Resolved as App.synth's preparing pass does (cross-stack references register their outputs and
    // remote state, as they would a moment later), so no separate preparing pass over every stack is needed.
    const json = Tokenization.resolve(node.toTerraform(), { scope: stack, preparing: true, resolver: RESOLVER });
    const byType: Record<string, Record<string, unknown>> = json[kind]?.[node.terraformResourceType] ?? {};
    return Object.values(byType).map((attributes) => ({ kind, type: node.terraformResourceType, path: node.node.path, attributes }));
  });
}

/** The Terraform types rules read: their own, and those they look for elsewhere in the deployment. */
export function typesRead(rules: readonly PolicyRule[]): ReadonlySet<string> {
  return new Set([...rules.map((r) => r.type), ...rules.flatMap((r) => r.contextTypes ?? [])]);
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

/** Results of whole-app checks, by app and rule set, so each stack's aspect reuses them instead of resolving every stack again. */
const APP_RESULTS = new WeakMap<IConstruct, Map<readonly PolicyRule[], { suppressions: string; result: PolicyResult }>>();

/**
 * Checks every stack of an app at once (main runs this before synth, so a violation writes nothing;
 * each stack's aspect then finds the result here). Resolving a stack is most of synth's own work,
 * so it is done once per app, rule set and suppressions: the result holds for the app as it stood
 * at that first check.
 */
export function checkAppPolicy(app: IConstruct, rules: readonly PolicyRule[], suppressions: readonly PolicySuppression[]): PolicyResult {
  const root = app.node.root;
  const byRules = APP_RESULTS.get(root) ?? new Map<readonly PolicyRule[], { suppressions: string; result: PolicyResult }>();
  APP_RESULTS.set(root, byRules);
  const key = JSON.stringify(suppressions);
  const cached = byRules.get(rules);
  if (cached?.suppressions === key) return cached.result;
  const stacks = stacksOf(root);
  const types = typesRead(rules);
  const blocks = stacks.flatMap((stack) => synthesizedBlocks(stack, types));
  const result = evaluatePolicy(blocks, rules, suppressions, { blocks });
  byRules.set(rules, { suppressions: key, result });
  return result;
}

/** Suppressions that name no rule of the cloud: a typo would otherwise silently suppress nothing. */
export function unknownSuppressions(cloud: Cloud, suppressions: readonly PolicySuppression[]): { index: number; rule: string }[] {
  const known = new Set(POLICY_RULES[cloud].map((r) => r.id));
  return suppressions.flatMap((s, index) => (known.has(s.rule) ? [] : [{ index, rule: s.rule }]));
}
