import { EKS_UNSUPPORTED_ZONE_IDS, GCP_ZONES, KNOWN_REGIONS, MAX_ZONES, REGIONS_WITH_ZONES, T2D_SERIES, UNSUPPORTED_PARTITIONS } from "../lib/reference";

/**
 * The region tables are typed by hand from the clouds' documents (sources in lib/reference/regions.ts).
 * A typo there refuses a real region or lets a fake one through to the apply, so each name must
 * have its cloud's form, and the tables that name regions must agree with each other.
 */
const REGION_FORM = {
  // docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html: area-direction-number
  aws: /^[a-z]{2}-(central|east|west|north|south|northeast|northwest|southeast|southwest)-\d$/,
  // cloud.google.com/compute/docs/regions-zones: area-locationN
  gcp: /^[a-z]+-[a-z]+\d{1,2}$/,
  // learn.microsoft.com/azure/reliability/regions-list: lower-case letters and digits, no separators
  azure: /^[a-z]+\d?$/,
} as const;

describe.each(Object.entries(REGION_FORM))("%s regions", (cloud, form) => {
  const regions = KNOWN_REGIONS[cloud as keyof typeof REGION_FORM];

  test("every name has the cloud's form, once, in order", () => {
    expect(regions.filter((r) => !form.test(r))).toEqual([]);
    expect(new Set(regions).size).toBe(regions.length);
    expect([...regions].sort()).toEqual(regions);
  });

  test("the default deployment's regions are among them", () => {
    const defaults = { aws: ["us-east-1", "us-west-2"], gcp: ["us-east1", "us-west1"], azure: ["eastus2", "westus2"] }[cloud]!;
    expect(defaults.filter((r) => !regions.includes(r))).toEqual([]);
  });
});

test("the regions counted by cloud, late 2026: 33 AWS commercial, 42 GCP, 58 Azure public", () => {
  expect([KNOWN_REGIONS.aws.length, KNOWN_REGIONS.gcp.length, KNOWN_REGIONS.azure.length]).toEqual([33, 42, 58]);
});

test("Azure regions with zones are Azure regions, and have at most zones 1 to 3", () => {
  const withZones = REGIONS_WITH_ZONES.azure!;
  expect(withZones.length).toBe(38);
  expect(withZones.filter((r) => !KNOWN_REGIONS.azure.includes(r))).toEqual([]);
  for (const r of ["eastus2", "westus2", "westeurope", "swedencentral"]) expect(withZones).toContain(r);
  for (const r of ["westus", "northcentralus", "ukwest", "westcentralus"]) expect(withZones).not.toContain(r);
  expect(MAX_ZONES).toEqual({ azure: 3 });
  expect(REGIONS_WITH_ZONES.aws).toBeUndefined();
  expect(REGIONS_WITH_ZONES.gcp).toBeUndefined();
});

test("GCP's zone table covers exactly the T2D regions, each with three or more of its own zones", () => {
  expect(Object.keys(GCP_ZONES).sort()).toEqual([...T2D_SERIES.regions].sort());
  for (const [region, zones] of Object.entries(GCP_ZONES)) {
    expect(KNOWN_REGIONS.gcp).toContain(region);
    expect(zones.length).toBeGreaterThanOrEqual(3);
    expect(zones.filter((z) => !new RegExp(`^${region}-[a-f]$`).test(z))).toEqual([]);
    expect(new Set(zones).size).toBe(zones.length);
  }
  // No us-east1-a or europe-west1-a: zone letters must come from the table, not be guessed.
  expect(GCP_ZONES["us-east1"]).toEqual(["us-east1-b", "us-east1-c", "us-east1-d"]);
  expect(GCP_ZONES["europe-west1"]).toEqual(["europe-west1-b", "europe-west1-c", "europe-west1-d"]);
  expect(GCP_ZONES["us-central1"]).toEqual(["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]);
});

test("the T2D series is GCP's t2d- machine types, with its source named", () => {
  expect([T2D_SERIES.cloud, T2D_SERIES.typePrefix, T2D_SERIES.series]).toEqual(["gcp", "t2d-", "T2D"]);
  expect(T2D_SERIES.source).toMatch(/^cloud\.google\.com\/compute\/docs\/regions-zones/);
});

test("EKS's refused zones are zone IDs (not names), one per region it names", () => {
  // docs.aws.amazon.com/eks/latest/userguide/network-reqs.html: use1-az3, usw1-az2, cac1-az3.
  expect(EKS_UNSUPPORTED_ZONE_IDS).toEqual(["use1-az3", "usw1-az2", "cac1-az3"]);
});

test("partitions this project cannot serve are named by their region prefix", () => {
  expect(UNSUPPORTED_PARTITIONS.aws.map((p) => p.prefix)).toEqual(["cn-", "us-gov-", "us-iso"]);
  expect(UNSUPPORTED_PARTITIONS.aws.every((p) => p.name.startsWith("AWS "))).toBe(true);
  expect(KNOWN_REGIONS.aws.filter((r) => UNSUPPORTED_PARTITIONS.aws.some((p) => r.startsWith(p.prefix)))).toEqual([]);
  expect([UNSUPPORTED_PARTITIONS.gcp, UNSUPPORTED_PARTITIONS.azure]).toEqual([[], []]);
});
