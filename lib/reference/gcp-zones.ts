/**
 * Google Cloud's zones per region, by name. GCP zone letters are not a, b, c everywhere (us-east1 has
 * b, c and d; there is no us-east1-a), so a regional GKE node pool must name its zones
 * (`node_locations`) from a table, not by appending letters.
 *
 * Listed: the regions that offer T2D (`T2D_REGIONS`), the only ones the reference architecture can
 * use on GCP. In each, T2D is offered in every zone listed.
 * Source: cloud.google.com/compute/docs/regions-zones ("Available regions and zones", checked 2026).
 */
export const GCP_ZONES: Readonly<Record<string, readonly string[]>> = {
  "asia-east1": ["asia-east1-a", "asia-east1-b", "asia-east1-c"],
  "asia-southeast1": ["asia-southeast1-a", "asia-southeast1-b", "asia-southeast1-c"],
  "europe-west1": ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
  "europe-west3": ["europe-west3-a", "europe-west3-b", "europe-west3-c"],
  "europe-west4": ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
  "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"],
  "us-east1": ["us-east1-b", "us-east1-c", "us-east1-d"],
  "us-east4": ["us-east4-a", "us-east4-b", "us-east4-c"],
  "us-west1": ["us-west1-a", "us-west1-b", "us-west1-c"],
};

/** The zones of a GCP region, or undefined when the table does not list it. */
export function gcpZones(region: string): readonly string[] | undefined {
  return GCP_ZONES[region];
}
