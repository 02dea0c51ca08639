import { quotaNeeds } from "../lib/plan/cloud-findings";
import { DeploymentPlan } from "../lib/plan/types";
import { CommandResult } from "./bootstrap-secret-stores";

/**
 * The account's quotas against what the deployment needs at full scale (lib/plan/cloud-findings.ts),
 * read with the cloud's CLI before a deploy. A shortfall is printed, not refused: the first deploy
 * starts each pool at its minimum, and a quota increase may be on its way; the message says which
 * quota to raise before the pools grow.
 */

/** One region's quota reading: the command and how to find each quota's limit in its output. */
export interface QuotaReading {
  readonly region: string;
  readonly command: readonly string[];
  /** The limit of a quota in the command's output, or undefined when the output does not name it. */
  readonly limitOf: (stdout: string, quota: string) => number | undefined;
  /** AWS reads one quota per command. */
  readonly perQuota?: boolean;
}

function readingFor(plan: DeploymentPlan, region: string, quota: string): QuotaReading {
  switch (plan.cloud) {
    case "aws":
      return {
        region,
        // Service Quotas: the account's applied value (or the default), in vCPUs or addresses.
        command: ["aws", "service-quotas", "get-service-quota", "--region", region, "--service-code", "ec2", "--quota-code", quota, "--query", "Quota.Value", "--output", "text"],
        limitOf: (stdout) => (Number.isFinite(Number.parseFloat(stdout)) ? Number.parseFloat(stdout) : undefined),
        perQuota: true,
      };
    case "gcp":
      return {
        region,
        command: ["gcloud", "compute", "regions", "describe", region, ...(plan.gcp.project ? [`--project=${plan.gcp.project}`] : []), "--format=json"],
        limitOf: (stdout, metric) => (JSON.parse(stdout).quotas as { metric: string; limit: number }[] | undefined)?.find((q) => q.metric === metric)?.limit,
      };
    default:
      return {
        region,
        command: ["az", "vm", "list-usage", "--location", region, "--output", "json"],
        // Older CLIs print the numbers as strings.
        limitOf: (stdout, name) => {
          const usage = (JSON.parse(stdout) as { name: { value: string }; limit: number | string }[]).find((u) => u.name.value === name);
          return usage === undefined ? undefined : Number(usage.limit);
        },
      };
  }
}

/**
 * Reads each region's quotas and returns one line per shortfall, and a line for what could not be
 * read (a missing CLI is said once).
 */
export function quotaShortfalls(plan: DeploymentPlan, run: (command: readonly string[]) => CommandResult): string[] {
  const lines: string[] = [];
  const missing = new Set<string>();
  for (const region of [plan.primary, plan.secondary]) {
    const needs = quotaNeeds(plan.cloud, region, plan.coder.enabled);
    const outputs = new Map<string, CommandResult>();
    for (const need of needs) {
      const reading = readingFor(plan, region.region, need.quota);
      const key = reading.perQuota ? `${need.quota}` : "all";
      if (missing.has(reading.command[0])) continue;
      if (!outputs.has(key)) outputs.set(key, run(reading.command));
      const result = outputs.get(key)!;
      if (result.error) {
        missing.add(reading.command[0]);
        lines.push(`quotas not compared: ${reading.command[0]} could not be run (${result.error.message}); check them by hand (npm run check lists the needs)`);
        continue;
      }
      if (result.status !== 0) {
        lines.push(`${region.region}: ${need.description} could not be read (${result.stderr.trim().split("\n")[0] || `exit ${result.status}`})`);
        continue;
      }
      let limit: number | undefined;
      try {
        limit = reading.limitOf(result.stdout, need.quota);
      } catch {
        limit = undefined;
      }
      if (limit === undefined) lines.push(`${region.region}: ${need.description} is not in the quota listing; check it by hand`);
      else if (limit < need.need) lines.push(`${region.region}: ${need.description} is ${limit}, and the pools need up to ${need.need} at full scale: ask for more before they grow`);
    }
  }
  return lines;
}
