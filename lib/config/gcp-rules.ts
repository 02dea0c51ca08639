import { gcpZones } from "../reference/gcp-zones";
import { regionalSeriesOf } from "../reference/machine-availability";
import { REFERENCE_TIERS } from "../reference/tier-2k";
import { Cloud } from "../reference/types";
import type { RuleInput } from "./cross-field-rules";
import { ConfigIssue } from "./errors";

/**
 * Rules for what a cloud sells only in some places: machine series offered in some regions (GCP's
 * T2D), and regions with fewer zones than the config spans. They read the cloud's tables in
 * lib/reference, so they apply to any cloud those tables list.
 */

const ROLES = ["primary", "secondary"] as const;

/**
 * A region must offer every machine type the tier puts in it. Runs only once the region names are
 * otherwise valid, so a misspelled or foreign region gets one message, not two.
 */
export function machineSeriesIssues({ cloud, tier, regions }: RuleInput, namesValid: boolean): ConfigIssue[] {
  const reference = REFERENCE_TIERS[tier ?? ""];
  if (!cloud || !reference || !regions || !namesValid) return [];
  const types = [...new Set([reference.coderd, reference.provisioner, reference.workspace].map((row) => row.instanceTypes[cloud]))];
  const issues: ConfigIssue[] = [];
  for (const role of ROLES) {
    const name = regions[role]?.name;
    if (name === undefined) continue;
    for (const type of types) {
      const series = regionalSeriesOf(cloud, type);
      if (series && !series.regions.includes(name)) {
        issues.push({
          path: `regions.${role}.name`,
          message: `${name} does not offer ${type} (${series.series}), which the ${reference.tier} tier needs; regions with ${series.series}: ${series.regions.join(", ")} (source: ${series.source})`,
          value: name,
        });
      }
    }
  }
  return issues;
}

/** A region's node pools can span only the zones it has (GCP names them; see GCP_ZONES). */
export function zoneCountIssues({ cloud, regions }: RuleInput): ConfigIssue[] {
  if (cloud !== "gcp" || !regions) return [];
  const issues: ConfigIssue[] = [];
  for (const role of ROLES) {
    const name = regions[role]?.name;
    const wanted = regions[role]?.availabilityZones;
    const zones = name === undefined ? undefined : gcpZones(name);
    if (zones && wanted !== undefined && wanted > zones.length) {
      issues.push({ path: `regions.${role}.availabilityZones`, message: `${name} has ${zones.length} zones (${zones.join(", ")})`, value: wanted });
    }
  }
  return issues;
}

/**
 * GCP label values take only lowercase letters, digits, `_` and `-`, up to 63 characters; the
 * Google provider does not check them and the API refuses the resource at apply
 * (cloud.google.com/resource-manager/docs/labels-overview#requirements).
 */
export const GCP_LABEL_VALUE = /^[\p{Ll}\p{Lo}0-9_-]{0,63}$/u;
/** GCP label keys: 1-63 characters, lowercase letters, digits, `_` and `-`, starting with a letter. */
export const GCP_LABEL_KEY = /^\p{Ll}[\p{Ll}\p{Lo}0-9_-]{0,62}$/u;

export function gcpLabelIssues(cloud: Cloud | undefined, tags: Readonly<Record<string, string>> | undefined): ConfigIssue[] {
  if (cloud !== "gcp" || !tags) return [];
  return Object.entries(tags).flatMap(([key, value]) => [
    ...(GCP_LABEL_KEY.test(key) ? [] : [{ path: `tags.${key}`, message: "GCP label keys take 1-63 lowercase letters, digits, '_' or '-', starting with a letter", value: key }]),
    ...(GCP_LABEL_VALUE.test(value) ? [] : [{ path: `tags.${key}`, message: "GCP label values take at most 63 lowercase letters, digits, '_' or '-'", value }]),
  ]);
}
