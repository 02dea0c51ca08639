import { IConstruct } from "constructs";
import { ConfigError, ConfigIssue } from "../lib/config/errors";
import { loadConfig } from "../lib/config/load";
import { POLICY_RULES, PolicySuppression, unknownSuppressions } from "../lib/policy/check";
import { buildPlan } from "../lib/plan/build-plan";
import { DeploymentPlan } from "../lib/plan/types";

/**
 * The deployment a config describes, or one ConfigError with every problem found: the schema and
 * the rules between fields (validateConfig), then what only a plan can tell (the regions' network
 * sizing, names the cloud refuses) together with unknown policy rule IDs, so a user fixes the file
 * once instead of once per kind of problem. What `npm run check`, synth and the deploy wrapper read.
 */
export function loadDeploymentPlan(path: string | undefined): DeploymentPlan {
  const source = path || "(embedded default)";
  const config = loadConfig(path);
  const issues: ConfigIssue[] = [];
  let plan: DeploymentPlan | undefined;
  try {
    plan = buildPlan(config, path || undefined);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  const known = POLICY_RULES[config.cloud].map((r) => r.id).join(", ");
  for (const { index, rule } of unknownSuppressions(config.cloud, config.policy.suppressions)) {
    issues.push({ path: `policy.suppressions.${index}.rule`, message: `is not one of the ${config.cloud} rules; known: ${known}`, value: rule });
  }
  if (issues.length > 0 || !plan) throw new ConfigError(source, issues);
  return plan;
}

/**
 * Suppressions limited to a construct path that names nothing in the deployment: most likely a typo,
 * which would leave the rule switched on where it was meant to be off, or switch it off nowhere.
 */
export function unmatchedSuppressions(app: IConstruct, suppressions: readonly PolicySuppression[]): ConfigIssue[] {
  const paths = app.node.findAll().map((c) => c.node.path);
  return suppressions.flatMap((s, index) =>
    s.resource && !paths.some((p) => p === s.resource || p.startsWith(`${s.resource}/`))
      ? [{ path: `policy.suppressions.${index}.resource`, message: "names no construct of the deployment (a stack, or a path such as aws-us-east-1-infra/cluster)", value: s.resource }]
      : [],
  );
}
