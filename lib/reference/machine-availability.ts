import { Cloud } from "./types";

/**
 * Machine series a cloud sells only in some of its regions, with the regions that have them and
 * where that list comes from. A config whose tier needs such a series in a region without it is
 * refused before any API call (the apply would fail only after the network and cluster exist).
 */
export interface RegionalMachineSeries {
  readonly cloud: Cloud;
  /** Machine types of the series start with this, e.g. `t2d-`. */
  readonly typePrefix: string;
  readonly series: string;
  readonly regions: readonly string[];
  readonly source: string;
}

/**
 * Tau T2D (AMD Milan) regions. Conservative: a region missing here is refused with the source named,
 * so a user can check it and run elsewhere; a region listed in error would fail only at apply.
 */
export const T2D_SERIES: RegionalMachineSeries = {
  cloud: "gcp",
  typePrefix: "t2d-",
  series: "T2D",
  regions: ["asia-east1", "asia-southeast1", "europe-west1", "europe-west3", "europe-west4", "us-central1", "us-east1", "us-east4", "us-west1"],
  source: "cloud.google.com/compute/docs/regions-zones (Available regions and zones, T2D column)",
};

export const REGIONAL_MACHINE_SERIES: readonly RegionalMachineSeries[] = [T2D_SERIES];

/** The series that restricts where a machine type runs, if any. */
export function regionalSeriesOf(cloud: Cloud, machineType: string): RegionalMachineSeries | undefined {
  return REGIONAL_MACHINE_SERIES.find((s) => s.cloud === cloud && machineType.startsWith(s.typePrefix));
}
