import { ConfigError, validateConfig } from "../lib/config";
import { buildPlan, DeploymentPlan, layoutOf, placePool, podBlockAddresses, PoolPlan, POOL_LABEL_KEY } from "../lib/plan";
import { overlaps, parseCidr } from "../lib/common";
import { CLOUD_DEFAULTS, GCP_ZONES, KNOWN_REGIONS, REFERENCE_2K, T2D_SERIES } from "../lib/reference";

const plan = (raw: Record<string, unknown> = {}): DeploymentPlan => buildPlan(validateConfig({ cloud: "gcp", ...raw }));
const pools = (p: DeploymentPlan, role: PoolPlan["role"]) => [...p.primary.pools, ...p.secondary.pools].filter((x) => x.role === role);
const issuesOf = (raw: unknown) => {
  try {
    validateConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
};
const inside = (inner: string, outer: string) => {
  const a = parseCidr(inner)!;
  const b = parseCidr(outer)!;
  return a.base >= b.base && a.base + 2 ** (32 - a.prefix) <= b.base + 2 ** (32 - b.prefix);
};

describe("the GCP plan", () => {
  const p = plan();

  test("default regions us-east1 and us-west1 with their real zones (us-east1 has no zone a)", () => {
    expect(p.primary.region).toBe("us-east1");
    expect(p.secondary.region).toBe("us-west1");
    expect(p.primary.zones).toEqual(["us-east1-b", "us-east1-c", "us-east1-d"]);
    expect(p.secondary.zones).toEqual(["us-west1-a", "us-west1-b", "us-west1-c"]);
    expect(p.primary.stackPrefix).toBe("gcp-us-east1");
  });

  test("pools are the seed's GCP column, with per-zone counts that give the table's totals exactly", () => {
    const [coderd] = pools(p, "coderd");
    expect(coderd).toMatchObject({ instanceType: "n1-standard-4", minNodes: 2, maxNodes: 2 });
    expect(coderd.placement).toEqual({ zones: ["us-east1-b", "us-east1-c"], nodesPerZone: 1, surgePerZone: 1 });
    for (const pool of [...pools(p, "provisioner"), ...pools(p, "proxy"), ...pools(p, "system")]) {
      expect(pool.placement!.zones.length * pool.placement!.nodesPerZone!).toBe(pool.maxNodes);
    }
    expect(pools(p, "provisioner").reduce((n, x) => n + x.placement!.zones.length * x.placement!.nodesPerZone!, 0)).toBe(REFERENCE_2K.provisioner.nodes);
    expect(pools(p, "workspace").map((w) => w.placement)).toEqual([
      { zones: ["us-east1-b", "us-east1-c", "us-east1-d"], surgePerZone: 1 },
      { zones: ["us-west1-a", "us-west1-b", "us-west1-c"], surgePerZone: 1 },
    ]);
  });

  test("the workspace pool runs 16 workspaces plus daemon pods per node, far below 256", () => {
    for (const w of pools(p, "workspace")) {
      expect(w.maxPodsPerNode).toBe(32);
      expect(w.maxPodsPerNode).toBeGreaterThanOrEqual(REFERENCE_2K.workspace.perNode + 8);
      expect(w.maxPodsPerNode).toBeLessThanOrEqual(REFERENCE_2K.constraints.maxWorkspacePodsPerNode);
    }
  });

  test("a static pool takes as many zones as divide its nodes evenly", () => {
    const zones = ["z-a", "z-b", "z-c"];
    expect(placePool({ scaling: "static", maxNodes: 2 }, zones)).toMatchObject({ zones: ["z-a", "z-b"], nodesPerZone: 1 });
    expect(placePool({ scaling: "static", maxNodes: 3 }, zones)).toMatchObject({ zones, nodesPerZone: 1 });
    expect(placePool({ scaling: "static", maxNodes: 4 }, zones)).toMatchObject({ zones: ["z-a", "z-b"], nodesPerZone: 2 });
    expect(placePool({ scaling: "static", maxNodes: 1 }, zones)).toMatchObject({ zones: ["z-a"], nodesPerZone: 1 });
    expect(placePool({ scaling: "static", maxNodes: 6 }, zones)).toMatchObject({ zones, nodesPerZone: 2 });
    expect(placePool({ scaling: "autoscaling", maxNodes: 2 }, zones)).toEqual({ zones: ["z-a", "z-b"], surgePerZone: 1 });
  });

  test("an uneven provisioner split still totals 4", () => {
    const q = plan({ regions: { primary: { provisionerNodes: 3 } } });
    const [primary, secondary] = pools(q, "provisioner");
    expect(primary.placement).toMatchObject({ zones: ["us-east1-b", "us-east1-c", "us-east1-d"], nodesPerZone: 1 });
    expect(secondary.placement).toMatchObject({ zones: ["us-west1-a"], nodesPerZone: 1 });
  });
});

describe("the regional-subnet layout", () => {
  const p = plan();
  const primary = layoutOf(p.primary.network, "regional-subnet");
  const secondary = layoutOf(p.secondary.network, "regional-subnet");

  test("a node takes a pod block of 2 x max pods rounded up to a power of two (256 pods: a /23)", () => {
    expect(podBlockAddresses(256)).toBe(512);
    expect(podBlockAddresses(110)).toBe(256);
    expect(podBlockAddresses(32)).toBe(64);
    expect(podBlockAddresses(8)).toBe(16);
    expect(primary.podBlockAddresses).toEqual({ system: 256, coderd: 256, provisioner: 256, workspace: 64 });
  });

  test("the pod range holds every pool at its maximum plus its surge, and the node range every node", () => {
    for (const [region, layout] of [[p.primary, primary], [p.secondary, secondary]] as const) {
      const needed = region.pools.reduce((sum, pool) => sum + (pool.maxNodes + pool.placement!.zones.length) * podBlockAddresses(pool.maxPodsPerNode), 0);
      const nodes = region.pools.reduce((sum, pool) => sum + pool.maxNodes + pool.placement!.zones.length, 0);
      expect(layout.nodesSized).toBe(nodes);
      expect(2 ** (32 - parseCidr(layout.podRange)!.prefix)).toBeGreaterThanOrEqual(needed);
      expect(2 ** (32 - parseCidr(layout.nodeRange)!.prefix) - 4).toBeGreaterThanOrEqual(nodes);
    }
    expect(primary).toMatchObject({ podRange: "10.0.0.0/19", nodeRange: "10.0.48.0/25", privateServiceRange: "10.0.32.0/20" });
  });

  test("no two ranges of the one VPC overlap; services take one half of kubernetes.serviceCidr each", () => {
    const ranges = [primary.nodeRange, primary.podRange, primary.serviceRange, primary.privateServiceRange!, secondary.nodeRange, secondary.podRange, secondary.serviceRange];
    for (let i = 0; i < ranges.length; i++) for (let j = i + 1; j < ranges.length; j++) expect([ranges[i], ranges[j], overlaps(parseCidr(ranges[i])!, parseCidr(ranges[j])!)]).toEqual([ranges[i], ranges[j], false]);
    expect([primary.serviceRange, secondary.serviceRange]).toEqual(["172.20.0.0/17", "172.20.128.0/17"]);
    expect(p.primary.cluster.serviceCidr).toBe(primary.serviceRange);
    expect(inside(primary.nodeRange, p.primary.network.cidr) && inside(primary.podRange, p.primary.network.cidr) && inside(primary.privateServiceRange!, p.primary.network.cidr)).toBe(true);
    expect(secondary.privateServiceRange).toBeUndefined();
  });

  test("a network too small names the size it needs", () => {
    expect(() => plan({ regions: { secondary: { networkCidr: "10.1.0.0/21" } } })).toThrow(/regions\.secondary\.networkCidr: 10\.1\.0\.0\/21 holds 2048 addresses; 79 nodes \(surge included\) need a \/25 node range and a \/19 pod range: a \/18 or larger/);
  });
});

describe("GCP config rules", () => {
  test("Kubernetes versions of GKE's Regular channel late 2026: default 1.35, 1.35-1.36", () => {
    expect(CLOUD_DEFAULTS.gcp.kubernetes).toMatchObject({ default: "1.35", min: "1.35", max: "1.36" });
    expect(issuesOf({ cloud: "gcp", kubernetes: { version: "1.34" } })[0]).toMatchObject({ path: "kubernetes.version", message: expect.stringMatching(/1\.35 to 1\.36 \(source: cloud\.google\.com/) });
  });

  test("every T2D region is a known GCP region with a zone table; the defaults offer T2D", () => {
    for (const region of T2D_SERIES.regions) {
      expect(KNOWN_REGIONS.gcp).toContain(region);
      expect(GCP_ZONES[region]?.length).toBeGreaterThanOrEqual(3);
    }
    expect(T2D_SERIES.regions).toEqual(expect.arrayContaining([CLOUD_DEFAULTS.gcp.regions.primary, CLOUD_DEFAULTS.gcp.regions.secondary]));
    for (const [region, zones] of Object.entries(GCP_ZONES)) for (const zone of zones) expect(zone).toMatch(new RegExp(`^${region}-[a-z]$`));
  });

  test("a region without T2D: one issue naming the field, the region, the machine type and the list's source", () => {
    const issues = issuesOf({ cloud: "gcp", regions: { secondary: { name: "us-west2" } } });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe("regions.secondary.name");
    expect(issues[0].message).toMatch(/^us-west2 does not offer t2d-standard-8 \(T2D\).*regions with T2D: .*us-east1.*\(source: cloud\.google\.com\/compute\/docs\/regions-zones/);
  });

  test("an AWS region name on GCP: one issue, the name's form", () => {
    const issues = issuesOf({ cloud: "gcp", regions: { primary: { name: "us-east-1" } } });
    expect(issues).toEqual([expect.objectContaining({ path: "regions.primary.name", message: expect.stringMatching(/gcp region name such as us-east1/) })]);
  });

  test("an unknown GCP region is refused by name", () => {
    expect(issuesOf({ cloud: "gcp", regions: { primary: { name: "us-east9" } } })[0]).toMatchObject({ path: "regions.primary.name", message: expect.stringMatching(/is not a gcp region/) });
  });

  test("more zones than the region has", () => {
    expect(issuesOf({ cloud: "gcp", regions: { primary: { availabilityZones: 4 } } })).toEqual([
      expect.objectContaining({ path: "regions.primary.availabilityZones", message: "may be at most 3: us-east1 has 3 zones (us-east1-b, us-east1-c, us-east1-d)" }),
    ]);
    expect(plan({ regions: { primary: { name: "us-central1", availabilityZones: 4 } } }).primary.zones).toHaveLength(4);
  });

  test("tag values GCP labels refuse (capitals, dots, spaces) are errors on GCP, fine on AWS", () => {
    expect(issuesOf({ cloud: "gcp", tags: { team: "Platform Team" } })).toEqual([expect.objectContaining({ path: "tags.team", message: expect.stringMatching(/gcp label values/) })]);
    expect(issuesOf({ tags: { team: "Platform Team" } })).toEqual([]);
    expect(issuesOf({ cloud: "gcp", tags: { team: "platform", "cost-center": "4711" } })).toEqual([]);
  });

  test("the pool label is a Kubernetes label, not a GCP resource label", () => {
    expect(POOL_LABEL_KEY).toContain("/");
  });
});
