import { validateConfig } from "../lib/config";
import { DeploymentPlan, PoolPlan, RegionPlan } from "../lib/plan";
import { planFindings } from "../lib/plan/findings";
import { REFERENCE_TIERS } from "../lib/reference";
import { planOf } from "./support/synth";

/**
 * Findings are the plan's words to the user before anything is deployed: which finding, how severe,
 * and its exact numbers and advice are the product, so they are asserted whole.
 */
const summary = (plan: DeploymentPlan) => plan.findings.map((f) => `${f.severity} ${f.code}`);
const message = (plan: DeploymentPlan, code: string) => plan.findings.find((f) => f.code === code)?.message;

describe("the default AWS deployment's findings", () => {
  const plan = planOf();

  test("are these, in this order, at these severities", () => {
    expect(summary(plan)).toEqual([
      "warning workspace-density",
      "info provisioner-size",
      "info node-drain",
      "warning burstable-nodes",
      "warning burstable-database",
      "info aws-elastic-ip-quota",
      // A warning from 2027-03-27, when the default 1.35 leaves standard support: this list then asks for a new default minor.
      "info eks-standard-support",
      "info eks-addon-versions",
      "info eks-provisioner-drain",
      "info aws-vcpu-quota",
      "warning coder-placeholder-domain",
      "info coder-private-api",
    ]);
  });

  test("say what the table asks, what EKS leaves, and what follows", () => {
    expect(message(plan, "workspace-density")).toBe(
      "The table puts 16 workspaces of 2 GiB on each t3.2xlarge, but a node leaves 30105 MiB for pods (31730 MiB capacity, 30737 allocatable on EKS, less 120 MiB of daemon pods and 512 MiB headroom): 14 fit per node, so 128 nodes hold 1792 workspaces, not 2048.",
    );
    expect(message(plan, "provisioner-size")).toBe(
      "30 provisioners per t3.2xlarge request 251m / 1003Mi each (the node leaves 7530m / 30105Mi for pods); Coder's current guidance sizes a provisioner at 1 vCPU / 1 GiB.",
    );
    expect(message(plan, "node-drain")).toBe(
      "Each coderd, provisioner, proxy node is filled by its pods (1 per coderd node, 30 per provisioner node, 1 per proxy node), so draining one by hand (kubectl drain, a failed node) leaves its pods Pending until a replacement joins; node upgrades on EKS add the new node before removing the old one (surge), and the PodDisruptionBudgets keep one coderd and one proxy replica serving.",
    );
    expect(message(plan, "burstable-nodes")).toBe(
      "t3.large, t3.xlarge, t3.2xlarge are burstable: sustained load beyond the CPU baseline spends credits, and unlimited mode bills for it. Coder's current guidance prefers non-burstable classes (on aws: m5/c5-class nodes and a db.m5-class database).",
    );
    expect(message(plan, "burstable-database")).toBe(
      "db.t3.xlarge is a burstable database class, which Coder's current guidance advises against for production.",
    );
  });

  test("count the Elastic IPs against the default quota: a NAT gateway per zone and Coder's load balancer", () => {
    expect(message(plan, "aws-elastic-ip-quota")).toBe(
      'Each region holds 5 Elastic IPs (a NAT gateway per zone, 2 for Coder\'s load balancer), all of the default quota of 5: check the account\'s "EC2-VPC Elastic IPs" quota in both regions before deploying.',
    );
    // Without the Coder layer the NAT gateways' 3 stay under it: no finding.
    expect(summary(planOf({ coder: { enabled: false } }))).not.toContain("info aws-elastic-ip-quota");
    expect(summary(planOf({ cloud: "gcp" })).some((s) => s.includes("elastic-ip"))).toBe(false);
  });

  test("name the placeholder domain and the private API", () => {
    expect(message(plan, "coder-placeholder-domain")).toBe(
      "coder.domain is the placeholder example.com, and so are the URLs under it: set the domain of your DNS zone; npm run deploy refuses the placeholder.",
    );
    expect(message(plan, "coder-private-api")).toBe(
      "The Kubernetes API endpoints are private (kubernetes.apiAllowedCidrs is empty): npm run deploy reaches them through each region's bastion, with a Session Manager port forward (install the AWS CLI's Session Manager plugin).",
    );
  });
});

describe("each cloud's density in its own numbers", () => {
  test("GKE: 13 fit at 32 pods per node; no burstable classes", () => {
    const plan = planOf({ cloud: "gcp" });
    expect(message(plan, "workspace-density")).toBe(
      "The table puts 16 workspaces of 2 GiB on each t2d-standard-8, but a node leaves 27036 MiB for pods (32176 MiB capacity, 28470 allocatable on GKE, less 922 MiB of daemon pods and 512 MiB headroom): 13 fit per node, so 128 nodes hold 1664 workspaces, not 2048.",
    );
    expect(message(plan, "provisioner-size")).toMatch(/^30 provisioners per t2d-standard-8 request 241m \/ 901Mi each \(the node leaves 7251m \/ 27036Mi for pods\)/);
    expect(summary(plan)).not.toEqual(expect.arrayContaining(["warning burstable-nodes"]));
    expect(summary(plan)).not.toEqual(expect.arrayContaining(["warning burstable-database"]));
  });

  test("AKS: 14 fit; the vCPU quota is an info with the VM family named", () => {
    const plan = planOf({ cloud: "azure" });
    expect(message(plan, "workspace-density")).toMatch(/on each Standard_D8s_v3, but a node leaves 28715 MiB for pods \(32147 MiB capacity, 29797 allocatable on AKS, less 570 MiB of daemon pods and 512 MiB headroom\): 14 fit per node, so 128 nodes hold 1792 workspaces, not 2048\.$/);
    expect(message(plan, "provisioner-size")).toMatch(/^30 provisioners per Standard_D8s_v3 request 242m \/ 957Mi each \(the node leaves 7270m \/ 28715Mi for pods\)/);
    expect(plan.findings.find((f) => f.code === "azure-vcpu-quota")).toEqual({
      severity: "info",
      code: "azure-vcpu-quota",
      message:
        "At full scale with upgrade surge the node pools use up to eastus 616 and westus2 616 vCPUs (Dv3 family): check the subscription's Dv3-family and regional vCPU quota in both regions before deploying.",
    });
  });
});

describe("when a finding is raised", () => {
  test("database replicas: above 500 builds a day, not at 500", () => {
    expect(message(planOf({ workload: { workspaceBuildsPerDay: 500 } }), "database-replicas")).toBeUndefined();
    expect(planOf({ workload: { workspaceBuildsPerDay: 501 } }).findings.find((f) => f.code === "database-replicas")).toEqual({
      severity: "warning",
      code: "database-replicas",
      message: "501 workspace builds a day exceeds the table's 500: consider more database replicas or a larger instance than db.t3.xlarge.",
    });
  });

  test("idle provisioners: a warning naming the region and its node count", () => {
    const plan = planOf({ regions: { primary: { workspaceNodes: 128 } } });
    expect(plan.findings.find((f) => f.code === "idle-provisioners")).toEqual({
      severity: "warning",
      code: "idle-provisioners",
      message:
        "us-west-2 has 2 provisioner node(s) but no workspace nodes: its provisioners build only workspaces tagged for us-west-2, so they would sit idle. Give the region workspace nodes or its provisioner share to the other region.",
    });
  });

  test("the Coder findings go when their cause does, and all go with the Coder layer", () => {
    const own = planOf({ kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] }, coder: { domain: "acme.dev" } });
    expect(summary(own).filter((s) => s.includes(" coder-"))).toEqual([]);
    // URLs of one's own under the placeholder domain still leave the domain a placeholder.
    const urlsOnly = planOf({ coder: { accessUrl: "https://dev.example.com", proxyAccessUrl: "https://west.example.com" } });
    expect(message(urlsOnly, "coder-placeholder-domain")).toMatch(/^coder\.domain is the placeholder example\.com/);
    expect(summary(planOf({ coder: { enabled: false } })).filter((s) => s.includes(" coder-"))).toEqual([]);
  });

  describe("from the pools themselves", () => {
    const config = validateConfig({});
    const base = planOf();
    const reference = REFERENCE_TIERS[config.tier];
    const withWorkspace = (change: Partial<PoolPlan>): RegionPlan[] =>
      [base.primary, base.secondary].map((r) => ({ ...r, pools: r.pools.map((p) => (p.role === "workspace" ? { ...p, ...change } : p)) }));
    const codes = (regions: RegionPlan[], database = base.database) => planFindings(config, reference, regions, database, base.coder).map((f) => f.code);
    const workspace = base.primary.pools.find((p) => p.role === "workspace")!;

    test("no density finding when what the node leaves pods holds the table's 16", () => {
      // 16 x 2,048 MiB = 32,768 MiB after daemons and headroom.
      const leaving = (memoryMib: number) => withWorkspace({ capacity: { ...workspace.capacity, forPods: { ...workspace.capacity.forPods, memoryMib } } });
      expect(codes(leaving(32768))).not.toContain("workspace-density");
      expect(codes(leaving(32767))).toContain("workspace-density");
    });

    test("pods per node: fewer than the table's 16 workspaces, or more than 256, is a warning that says both limits", () => {
      const findings = (maxPodsPerNode: number) => planFindings(config, reference, withWorkspace({ maxPodsPerNode }), base.database, base.coder).filter((f) => f.code === "workspace-pods-per-node");
      expect(findings(15)).toEqual([{ severity: "warning", code: "workspace-pods-per-node", message: "Nodes allow 15 pods; the table needs 16 workspaces per node and at most 256." }]);
      expect(findings(16)).toEqual([]);
      expect(findings(256)).toEqual([]);
      expect(findings(257).map((f) => f.message)).toEqual(["Nodes allow 257 pods; the table needs 16 workspaces per node and at most 256."]);
    });

    test("no burstable findings for non-burstable pools and database", () => {
      const regions = [base.primary, base.secondary].map((r) => ({ ...r, pools: r.pools.map((p) => ({ ...p, burstable: false })) }));
      expect(codes(regions, { ...base.database, burstable: false })).not.toEqual(expect.arrayContaining(["burstable-nodes"]));
      expect(codes(regions, { ...base.database, burstable: false })).not.toContain("burstable-database");
    });

    test("no provisioner finding without provisioners in the Coder plan, and no drain finding without filled static pools", () => {
      const coderless = { ...base.coder, primary: { ...base.coder.primary, provisioners: undefined }, secondary: { ...base.coder.secondary, provisioners: undefined } };
      const findings = planFindings(config, reference, [base.primary, base.secondary], base.database, coderless).map((f) => f.code);
      expect(findings).not.toContain("provisioner-size");
      const unfilled = [base.primary, base.secondary].map((r) => ({ ...r, pools: r.pools.map((p) => ({ ...p, workloadsPerNode: undefined })) }));
      expect(codes(unfilled)).not.toContain("node-drain");
    });
  });
});
