import { ConfigError, validateConfig } from "../lib/config";
import { buildPlan, DeploymentPlan, layoutOf, nodeLabels, nodeTaints, POOL_LABEL_KEY, PoolPlan, POOL_ROLES, poolRolePolicy } from "../lib/plan";
import { overlaps, parseCidr } from "../lib/common";
import { REFERENCE_2K } from "../lib/reference";

const plan = (raw: unknown = {}): DeploymentPlan => buildPlan(validateConfig(raw));
const pools = (p: DeploymentPlan, role: PoolPlan["role"]) => [...p.primary.pools, ...p.secondary.pools].filter((x) => x.role === role);
const total = (list: PoolPlan[], field: "maxNodes" | "minNodes") => list.reduce((sum, x) => sum + x[field], 0);

describe("the default plan is the seed's 2k architecture", () => {
  const p = plan();

  test("coderd: 2 static t3.xlarge nodes, only in the primary region", () => {
    const coderd = pools(p, "coderd");
    expect(coderd).toHaveLength(1);
    expect(p.primary.pools).toContain(coderd[0]);
    expect(coderd[0]).toMatchObject({ instanceType: "t3.xlarge", minNodes: 2, maxNodes: 2, desiredNodes: 2, scaling: "static", workloadsPerNode: 1 });
  });

  test("provisioners: 4 t3.2xlarge nodes in all, split evenly, 30 per node", () => {
    const provisioner = pools(p, "provisioner");
    expect(provisioner.map((x) => x.maxNodes)).toEqual([2, 2]);
    expect(total(provisioner, "maxNodes")).toBe(REFERENCE_2K.provisioner.nodes);
    provisioner.forEach((x) => expect(x).toMatchObject({ instanceType: "t3.2xlarge", scaling: "static", workloadsPerNode: 30 }));
  });

  test("workspaces: at most 128 t3.2xlarge nodes over both regions, autoscaling", () => {
    const workspace = pools(p, "workspace");
    expect(workspace.map((x) => x.maxNodes)).toEqual([64, 64]);
    expect(total(workspace, "maxNodes")).toBe(REFERENCE_2K.workspace.nodes);
    workspace.forEach((x) => expect(x).toMatchObject({ instanceType: "t3.2xlarge", scaling: "autoscaling", minNodes: 1, workloadsPerNode: 16 }));
  });

  test("the secondary region runs a workspace proxy sized like coderd", () => {
    const [proxy] = pools(p, "proxy");
    expect(p.secondary.pools).toContain(proxy);
    expect(proxy).toMatchObject({ instanceType: "t3.xlarge", minNodes: 2, maxNodes: 2, scaling: "static" });
  });

  test("database: db.t3.xlarge, 1 TB, highly available, replica in the secondary region", () => {
    expect(p.database).toMatchObject({
      instanceType: "db.t3.xlarge",
      vcpu: 4,
      memoryMib: 16384,
      storageGib: 1024,
      highAvailability: true,
      replica: { region: "us-west-2", identifier: "coder-us-west-2-postgres-replica" },
    });
  });

  test("the two regions' networks never overlap and every subnet sits inside its network", () => {
    const regions = [p.primary, p.secondary];
    expect(overlaps(parseCidr(p.primary.network.cidr)!, parseCidr(p.secondary.network.cidr)!)).toBe(false);
    for (const r of regions) {
      const vpc = parseCidr(r.network.cidr)!;
      for (const subnet of [...layoutOf(r.network, "zonal-subnets").privateSubnets, ...layoutOf(r.network, "zonal-subnets").publicSubnets]) {
        const block = parseCidr(subnet)!;
        expect(block.base).toBeGreaterThanOrEqual(vpc.base);
        expect(block.base + 2 ** (32 - block.prefix)).toBeLessThanOrEqual(vpc.base + 2 ** (32 - vpc.prefix));
      }
    }
  });

  test("private subnets hold every pool's maximum nodes with their pods, even with a zone lost", () => {
    for (const r of [p.primary, p.secondary]) {
      const maxNodes = r.pools.reduce((sum, x) => sum + x.maxNodes, 0);
      const survivors = r.network.availabilityZones - 1;
      const capacity = layoutOf(r.network, "zonal-subnets").privateSubnets.map((c) => 2 ** (32 - parseCidr(c)!.prefix) - 5);
      expect(capacity.slice(0, survivors).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(maxNodes * layoutOf(r.network, "zonal-subnets").addressesPerNode);
      // a node holds its pods: prefix delegation hands out whole /28s
      expect(layoutOf(r.network, "zonal-subnets").addressesPerNode).toBeGreaterThanOrEqual(r.pools[0].maxPodsPerNode);
    }
  });

  test("names carry the prefix and the region", () => {
    expect(p.primary.cluster.name).toBe("coder-us-east-1");
    expect(p.secondary.cluster.name).toBe("coder-us-west-2");
    expect(p.database.identifier).toBe("coder-us-east-1-postgres");
    expect(p.primary.stackPrefix).toBe("aws-us-east-1");
  });

  test("tags: the user's and the project's", () => {
    expect(plan({ tags: { team: "platform" } }).tags).toEqual({ team: "platform", "managed-by": "coder-refarch", "coder-refarch-deployment": "coder" });
  });
});

describe("splits and options", () => {
  test("an uneven split keeps the totals", () => {
    const p = plan({ regions: { primary: { workspaceNodes: 100, provisionerNodes: 3 } } });
    expect(pools(p, "workspace").map((x) => x.maxNodes)).toEqual([100, 28]);
    expect(pools(p, "provisioner").map((x) => x.maxNodes)).toEqual([3, 1]);
  });

  test("a region with no workspace share gets no workspace pool, and its network is sized without one", () => {
    const p = plan({ regions: { primary: { workspaceNodes: 128, provisionerNodes: 4 }, secondary: { provisionerNodes: 0 } } });
    expect(p.secondary.pools.map((x) => x.role)).toEqual(["system", "proxy"]);
    expect(total(pools(p, "workspace"), "maxNodes")).toBe(128);
    expect(parseCidr(layoutOf(p.primary.network, "zonal-subnets").privateSubnets[0])!.prefix).toBeLessThan(parseCidr(layoutOf(p.secondary.network, "zonal-subnets").privateSubnets[0])!.prefix);
  });

  test("the replica can be turned off", () => {
    expect(plan({ database: { crossRegionReplica: false } }).database.replica).toBeUndefined();
  });

  test("a network too small for its pools is a config error naming the field", () => {
    let error: unknown;
    try {
      plan({ regions: { primary: { networkCidr: "10.0.0.0/22" } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({ path: "regions.primary.networkCidr", value: "10.0.0.0/22", message: expect.stringMatching(/need a \/1\d or larger/) }),
    ]);
  });
});

describe("findings state where the table and the cloud disagree", () => {
  const codes = (p: DeploymentPlan) => p.findings.map((f) => f.code);

  test("16 workspaces of 2 GiB do not fit what a t3.2xlarge leaves pods: 14 do", () => {
    const finding = plan().findings.find((f) => f.code === "workspace-density");
    expect(finding?.message).toMatch(/14 fit per node, so 128 nodes hold 1792 workspaces, not 2048/);
  });

  test("each provisioner's size is stated", () => {
    expect(plan().findings.find((f) => f.code === "provisioner-size")?.message).toMatch(/30 provisioners per t3.2xlarge request 251m \/ 1003Mi each/);
  });

  test("burstable nodes and database class are flagged", () => {
    expect(codes(plan())).toEqual(expect.arrayContaining(["burstable-nodes", "burstable-database"]));
  });

  test("a region with provisioners but no workspaces is warned about, by name", () => {
    const idle = plan({ regions: { primary: { workspaceNodes: 128 } } }).findings.find((f) => f.code === "idle-provisioners");
    expect(idle).toMatchObject({ severity: "warning" });
    expect(idle!.message).toMatch(/^us-west-2 has 2 provisioner node\(s\) but no workspace nodes/);
    expect(codes(plan())).not.toContain("idle-provisioners");
  });

  test("burstable findings come from the catalog and name the cloud's advice", () => {
    const nodes = plan().findings.find((f) => f.code === "burstable-nodes");
    expect(nodes!.message).toMatch(/t3\.large, t3\.xlarge, t3\.2xlarge are burstable.*\(on aws: m5\/c5-class nodes/);
  });

  test("more than 500 builds a day recommends database replicas; fewer does not", () => {
    expect(codes(plan({ workload: { workspaceBuildsPerDay: 800 } }))).toContain("database-replicas");
    expect(codes(plan({ workload: { workspaceBuildsPerDay: 400 } }))).not.toContain("database-replicas");
  });
});

describe("pool roles", () => {
  test("every role labels its nodes; all but the system pool are tainted, so the cloud's own Deployments land only there", () => {
    for (const role of POOL_ROLES) expect(nodeLabels(role)).toEqual({ [POOL_LABEL_KEY]: role });
    expect(POOL_ROLES.filter((r) => nodeTaints(r).length > 0)).toEqual(["coderd", "proxy", "provisioner", "workspace"]);
    expect(nodeTaints("provisioner")).toEqual([{ key: POOL_LABEL_KEY, value: "provisioner", effect: "NoSchedule" }]);
  });

  test("only the workspace pool autoscales; coderd never does", () => {
    expect(POOL_ROLES.filter((r) => poolRolePolicy(r).scaling === "autoscaling")).toEqual(["workspace"]);
  });

  test("provisioners never share nodes with coderd: no pool serves both", () => {
    const p = plan();
    const coderdNodes = pools(p, "coderd")[0];
    expect(coderdNodes.taints.map((t) => t.value)).toEqual(["coderd"]);
    expect(pools(p, "provisioner").every((x) => x.taints.some((t) => t.value === "provisioner"))).toBe(true);
  });
});
