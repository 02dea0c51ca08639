import { planSummary } from "../lib/report/plan-summary";
import { CLOUDS, Cloud } from "../lib/reference/types";
import { planOf, resources, synthDeployment, TerraformJson } from "./support/synth";

/** The pools the summary line names, as `name min max type`. */
function summaryPools(summary: string, region: string): string[] {
  const lines = summary.split("\n");
  const at = lines.findIndex((l) => new RegExp(`^  (primary|secondary) ${region}:`).test(l));
  const pools = lines[at + 1].replace(/^ {4}pools: /, "");
  return [...pools.matchAll(/(\w+) (\d+)(?:-(\d+))? x ([\w.-]+)/g)].map(([, name, min, max, type]) => `${name} ${min} ${max ?? min} ${type}`);
}

/** The same, read from the synthesized infrastructure stack: what Terraform will create. */
function terraformPools(cloud: Cloud, infra: TerraformJson): string[] {
  const pools = new Map<string, { min: number; max: number; type: string }>();
  const add = (name: string, min: number, max: number, type: string) => {
    const seen = pools.get(name);
    pools.set(name, seen ? { min: seen.min + min, max: seen.max + max, type } : { min, max, type });
  };
  if (cloud === "aws") {
    for (const g of resources(infra, "aws_eks_node_group")) add(g.labels["coder-refarch/pool"], g.scaling_config.min_size, g.scaling_config.max_size, g.instance_types[0]);
  } else if (cloud === "gcp") {
    for (const p of resources(infra, "google_container_node_pool")) {
      const a = p.autoscaling;
      if (a) add(p.name, a.total_min_node_count, a.total_max_node_count, p.node_config.machine_type);
      else add(p.name, p.node_count * p.node_locations.length, p.node_count * p.node_locations.length, p.node_config.machine_type);
    }
  } else {
    const [cluster] = resources(infra, "azurerm_kubernetes_cluster");
    add("system", cluster.default_node_pool.node_count, cluster.default_node_pool.node_count, cluster.default_node_pool.vm_size);
    for (const p of resources(infra, "azurerm_kubernetes_cluster_node_pool")) {
      add(p.name, p.auto_scaling_enabled ? p.min_count : p.node_count, p.auto_scaling_enabled ? p.max_count : p.node_count, p.vm_size);
    }
  }
  return [...pools].map(([name, p]) => `${name} ${p.min} ${p.max} ${p.type}`);
}

describe.each(CLOUDS)("%s: npm run check's summary says what the Terraform holds", (cloud) => {
  const config = { cloud, ...(cloud === "gcp" ? { gcp: { project: "acme-coder-prod" } } : {}) };
  const plan = planOf(config);
  const { stacks } = synthDeployment(config);
  const summary = planSummary(plan);

  test.each([plan.primary, plan.secondary].map((r) => [r.region, r.stackPrefix]))("%s: every pool, its node counts and machine type", (region, prefix) => {
    expect(summaryPools(summary, region).sort()).toEqual(terraformPools(cloud, stacks[`${prefix}-infra`]).sort());
  });

  test("how a pool spreads over zones is the cloud's: a group per zone on EKS, named zones on GKE, one scale set on AKS", () => {
    const line = summary.split("\n").find((l) => l.startsWith("    pools:"))!;
    if (cloud === "aws") expect(line).toMatch(/workspace 1-64 x t3\.2xlarge \(a group per zone, max 22\/21\/21\)/);
    if (cloud === "gcp") expect(line).toMatch(/workspace 1-64 x t2d-standard-8 \(b\+c\+d\)/);
    if (cloud === "azure") {
      expect(line).toMatch(/workspace 1-64 x Standard_D8s_v3 \(one scale set over zones 1\+2\+3\)/);
      expect(line).not.toMatch(/a group per zone/);
    }
  });
});
