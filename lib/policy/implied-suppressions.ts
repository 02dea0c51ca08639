import { DeploymentPlan } from "../plan/types";
import { Cloud } from "../reference/types";
import { PolicySuppression } from "./check";

/** The rule each cloud checks database deletion protection with (Azure's servers use prevent_destroy instead). */
const DELETION_PROTECTION_RULES: Readonly<Partial<Record<Cloud, string>>> = { aws: "AWS-RDS-004", gcp: "GCP-SQL-004" };

/**
 * Suppressions the config implies by a documented, explicit choice, so a user who turns a safeguard
 * off in its own field need not also repeat it under `policy.suppressions`. They are listed in the
 * output like any other suppression: the choice stays visible in review, never silent.
 */
export function impliedSuppressions(plan: DeploymentPlan): PolicySuppression[] {
  const implied: PolicySuppression[] = [];
  const deletionProtectionRule = DELETION_PROTECTION_RULES[plan.cloud];
  if (!plan.database.deletionProtection && deletionProtectionRule) {
    implied.push({ rule: deletionProtectionRule, reason: "database.deletionProtection is false in the config (a throw-away environment, or a teardown)" });
  }
  return implied;
}
