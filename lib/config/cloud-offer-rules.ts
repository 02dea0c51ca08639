import { KUBERNETES_PROFILES } from "../reference/kubernetes-profiles";
import { LABEL_RULES } from "../reference/label-rules";
import { regionalSeriesOf } from "../reference/machine-availability";
import { REFERENCE_TIERS } from "../reference/tier-2k";
import { Cloud } from "../reference/types";
import type { RuleInput } from "./cross-field-rules";
import { ConfigIssue } from "./errors";

/**
 * Rules for what a cloud offers only in some places or forms: machine series sold in some regions
 * (GCP's T2D), regions with fewer zones than the config spans, label forms stricter than the
 * config's tags. Each reads its cloud's table in lib/reference, so no cloud is named here.
 */

const ROLES = ["primary", "secondary"] as const;

/**
 * A region must offer every machine type the tier puts in it. Runs only once the region names are
 * otherwise valid, so a misspelled or foreign region gets one message, not two.
 */
export function machineSeriesIssues({ cloud, tier, regions, instanceTypes }: RuleInput, namesValid: boolean): ConfigIssue[] {
  const reference = REFERENCE_TIERS[tier ?? ""];
  if (!cloud || !reference || !regions || !namesValid) return [];
  const types = [
    ...new Set([reference.coderd, reference.provisioner, reference.workspace].map((row) => instanceTypes?.[row.workload] ?? row.instanceTypes[cloud])),
  ];
  const issues: ConfigIssue[] = [];
  for (const role of ROLES) {
    const name = regions[role]?.name;
    if (name === undefined) continue;
    for (const type of types) {
      const series = regionalSeriesOf(cloud, type);
      if (series && !series.regions.includes(name)) {
        issues.push({
          path: `regions.${role}.name`,
          message: `${name} does not offer ${type} (${series.series}), which the deployment's pools need; regions with ${series.series}: ${series.regions.join(", ")} (source: ${series.source})`,
          value: name,
        });
      }
    }
  }
  return issues;
}

/** Where pools name their zones (GKE), a region's pools can span only the zones it has. */
export function zoneCountIssues({ cloud, regions }: RuleInput): ConfigIssue[] {
  const namedZones = cloud ? KUBERNETES_PROFILES[cloud].namedZones : undefined;
  if (!namedZones || !regions) return [];
  const issues: ConfigIssue[] = [];
  for (const role of ROLES) {
    const name = regions[role]?.name;
    const wanted = regions[role]?.availabilityZones;
    const zones = name === undefined ? undefined : namedZones(name);
    if (zones && wanted !== undefined && wanted > zones.length) {
      issues.push({ path: `regions.${role}.availabilityZones`, message: `may be at most ${zones.length}: ${name} has ${zones.length} zones (${zones.join(", ")})`, value: wanted });
    }
  }
  return issues;
}

/** Tags the cloud's labels cannot carry (GCP: no capitals, spaces or dots). */
export function labelIssues(cloud: Cloud | undefined, tags: Readonly<Record<string, string>> | undefined): ConfigIssue[] {
  const rule = cloud ? LABEL_RULES[cloud] : undefined;
  if (!rule || !tags) return [];
  return Object.entries(tags).flatMap(([key, value]) => [
    ...(rule.key.test(key) ? [] : [{ path: `tags.${key}`, message: `${cloud} label keys take ${rule.keyForm}`, value: key }]),
    ...(rule.value.test(value) ? [] : [{ path: `tags.${key}`, message: `${cloud} label values take ${rule.valueForm}`, value }]),
  ]);
}
