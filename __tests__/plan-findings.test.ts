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
      "info provisioner-cpu",
      "warning burstable-nodes",
      "warning burstable-database",
      "warning coder-placeholder-urls",
      "info coder-tls-outside",
      "info coder-private-api",
    ]);
  });

  test("say what the table asks, what EKS leaves, and what follows", () => {
    expect(message(plan, "workspace-density")).toBe(
      "The table puts 16 workspaces of 2 GiB on each t3.2xlarge, but EKS leaves 31203 MiB allocatable (110 pods per node) and daemon pods take about 256 MiB: 15 fit per node, so 128 nodes hold 1920 workspaces, not 2048.",
    );
    expect(message(plan, "provisioner-cpu")).toBe(
      "30 provisioners per t3.2xlarge leave about 258m CPU each (7910m allocatable); set provisioner CPU requests at or below that.",
    );
    expect(message(plan, "burstable-nodes")).toBe(
      "t3.large, t3.xlarge, t3.2xlarge are burstable: sustained load beyond the CPU baseline spends credits, and unlimited mode bills for it. Coder's current guidance prefers non-burstable classes (on aws: m5/c5-class nodes and a db.m5-class database).",
    );
    expect(message(plan, "burstable-database")).toBe(
      "db.t3.xlarge is a burstable database class, which Coder's current guidance advises against for production.",
    );
  });

  test("name every placeholder URL, the TLS hand-off and the private API", () => {
    expect(message(plan, "coder-placeholder-urls")).toBe(
      "coder.accessUrl, coder.wildcardAccessUrl, coder.proxyAccessUrl, coder.proxyWildcardAccessUrl still use the placeholder domain example.com: set your own before deploying the coder stacks.",
    );
    expect(message(plan, "coder-tls-outside")).toBe(
      "coder.tlsSecretName is unset: the load balancers forward plain HTTP on port 80, so end TLS in front of them (or name a kubernetes.io/tls secret).",
    );
    expect(message(plan, "coder-private-api")).toBe(
      "The Kubernetes API endpoints are private (kubernetes.apiAllowedCidrs is empty): deploy the coder stacks from inside the networks (VPN or bastion), or list your CIDR.",
    );
  });
});

describe("each cloud's density in its own numbers", () => {
  test("GKE: 13 fit at 32 pods per node; no burstable classes", () => {
    const plan = planOf({ cloud: "gcp" });
    expect(message(plan, "workspace-density")).toBe(
      "The table puts 16 workspaces of 2 GiB on each t2d-standard-8, but GKE leaves 29023 MiB allocatable (32 pods per node) and daemon pods take about 700 MiB: 13 fit per node, so 128 nodes hold 1664 workspaces, not 2048.",
    );
    expect(message(plan, "provisioner-cpu")).toMatch(/^30 provisioners per t2d-standard-8 leave about 250m CPU each \(7910m allocatable\)/);
    expect(summary(plan)).not.toEqual(expect.arrayContaining(["warning burstable-nodes"]));
    expect(summary(plan)).not.toEqual(expect.arrayContaining(["warning burstable-database"]));
  });

  test("AKS: 14 fit; the vCPU quota is an info with the VM family named", () => {
    const plan = planOf({ cloud: "azure" });
    expect(message(plan, "workspace-density")).toMatch(/on each Standard_D8s_v3, but AKS leaves 30418 MiB allocatable \(110 pods per node\) and daemon pods take about 640 MiB: 14 fit per node, so 128 nodes hold 1792 workspaces, not 2048\.$/);
    expect(message(plan, "provisioner-cpu")).toMatch(/^30 provisioners per Standard_D8s_v3 leave about 247m CPU each \(7820m allocatable\)/);
    expect(plan.findings.find((f) => f.code === "azure-vcpu-quota")).toEqual({
      severity: "info",
      code: "azure-vcpu-quota",
      message:
        "At full scale with upgrade surge the node pools use up to eastus 610 and westus2 610 vCPUs (Dv3 family): check the subscription's Dv3-family and regional vCPU quota in both regions before deploying.",
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
    const own = planOf({
      kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] },
      coder: {
        accessUrl: "https://coder.acme.dev",
        wildcardAccessUrl: "*.coder.acme.dev",
        proxyAccessUrl: "https://proxy.acme.dev",
        proxyWildcardAccessUrl: "*.proxy.acme.dev",
        tlsSecretName: "coder-tls",
      },
    });
    expect(summary(own).filter((s) => s.includes(" coder-"))).toEqual([]);
    const oneLeft = planOf({ coder: { accessUrl: "https://coder.acme.dev", wildcardAccessUrl: "*.coder.acme.dev", proxyAccessUrl: "https://proxy.acme.dev" } });
    expect(message(oneLeft, "coder-placeholder-urls")).toMatch(/^coder\.proxyWildcardAccessUrl still use the placeholder domain example\.com/);
    expect(summary(planOf({ coder: { enabled: false } })).filter((s) => s.includes(" coder-"))).toEqual([]);
  });

  describe("from the pools themselves", () => {
    const config = validateConfig({});
    const base = planOf();
    const reference = REFERENCE_TIERS[config.tier];
    const withWorkspace = (change: Partial<PoolPlan>): RegionPlan[] =>
      [base.primary, base.secondary].map((r) => ({ ...r, pools: r.pools.map((p) => (p.role === "workspace" ? { ...p, ...change } : p)) }));
    const codes = (regions: RegionPlan[], database = base.database) => planFindings(config, reference, regions, database).map((f) => f.code);
    const workspace = base.primary.pools.find((p) => p.role === "workspace")!;

    test("no density finding when the allocatable memory holds the table's 16", () => {
      // 16 x 2,048 MiB + 256 MiB of daemons = 33,024 MiB.
      expect(codes(withWorkspace({ allocatable: { ...workspace.allocatable, memoryMib: 33024 } }))).not.toContain("workspace-density");
      expect(codes(withWorkspace({ allocatable: { ...workspace.allocatable, memoryMib: 33023 } }))).toContain("workspace-density");
    });

    test("pods per node: fewer than the table's 16 workspaces, or more than 256, is a warning that says both limits", () => {
      const findings = (maxPodsPerNode: number) => planFindings(config, reference, withWorkspace({ maxPodsPerNode }), base.database).filter((f) => f.code === "workspace-pods-per-node");
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

    test("no CPU finding for provisioners without a count per node", () => {
      const regions = [base.primary, base.secondary].map((r) => ({ ...r, pools: r.pools.map((p) => (p.role === "provisioner" ? { ...p, workloadsPerNode: undefined } : p)) }));
      expect(codes(regions)).not.toContain("provisioner-cpu");
    });
  });
});
