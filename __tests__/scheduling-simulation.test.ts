import { NODE_HEADROOM } from "../lib/reference/capacity-chain";
import { literalHelmValues } from "../lib/terraform/helm-values-documents";
import { CLOUDS, Cloud } from "../lib/reference/types";
import { clusterOf, RegionStacks, TerraformJson } from "../lib/simulation/from-terraform";
import { chartPods } from "../lib/simulation/chart-pods";
import { Cluster, Workload } from "../lib/simulation/model";
import { drainNode, rollOut, scheduleCluster } from "../lib/simulation/scheduler";
import { CODER_RELEASES } from "../lib/plan/coder-plan";
import { planOf, synthDeployment } from "./support/synth";

/*
 * The scheduling simulation (lib/simulation): each cloud's default deployment, synthesized, read back
 * as nodes (every pool at its minimum, with the conservative capacity chain of lib/reference and the
 * headroom kept free) and pods (the cloud's daemons, its add-on Deployments, and every Helm release of
 * the add-ons and coder stacks with its requests, node selector, tolerations, anti-affinity and zone
 * spread), then placed the way the scheduler would. Helm's `wait` counts a Deployment ready at
 * replicas less maxUnavailable, so an apply passes with pods Pending: only this catches it.
 */

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Rewrites one release's Helm values in a copy of a coder stack. */
function withValues(stack: TerraformJson, releaseName: string, change: (values: TerraformJson) => void): TerraformJson {
  const changed = copy(stack);
  const release = Object.values(changed.resource.helm_release as Record<string, TerraformJson>).find((r) => r.name === releaseName)!;
  const values = literalHelmValues(release);
  change(values);
  release.values = [JSON.stringify(values)];
  return changed;
}

describe.each(CLOUDS)("%s: the default deployment's pods on the nodes it builds", (cloud: Cloud) => {
  const { stacks } = synthDeployment({ cloud });
  const plan = planOf({ cloud });
  const regions = [plan.primary, plan.secondary];
  const stacksOf = (prefix: string): RegionStacks => ({ infra: stacks[`${prefix}-infra`], coder: stacks[`${prefix}-coder`], addons: stacks[`${prefix}-addons`] });
  const clusterIn = (prefix: string, override: Partial<RegionStacks> = {}): Cluster => clusterOf(cloud, prefix, { ...stacksOf(prefix), ...override }, NODE_HEADROOM);
  const workload = (cluster: Cluster, name: string): Workload => cluster.workloads.find((w) => w.name === name)!;

  test.each(regions.map((r) => [r.stackPrefix, r] as const))("%s: every pod places, Coder's and the cloud's", (prefix, region) => {
    const cluster = clusterIn(prefix);
    const { placement } = scheduleCluster(cluster);
    expect(placement.pending).toEqual([]);
    const coder = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
    const count = (owner: string) => placement.placed.filter((p) => p.pod.owner === owner).length;
    expect(count(coder.server!.releaseName)).toBe(coder.server!.replicas);
    for (const set of coder.provisioners!.sets) expect(count(set.releaseName)).toBe(set.replicas);
    // The nodes are the plan's: each pool at its minimum.
    for (const pool of region.pools) expect(cluster.nodes.filter((n) => n.pool === pool.name)).toHaveLength(pool.minNodes);
    // Every node carries its cloud's daemons: they were placed, not skipped.
    expect(placement.placed.filter((p) => cluster.daemonSets.some((d) => d.name === p.pod.owner))).toHaveLength(cluster.nodes.length * cluster.daemonSets.length);
  });

  test.each(regions.map((r) => [r.stackPrefix, r] as const))("%s: the add-on charts' Deployments (cert-manager, Reloader, Cluster Autoscaler) are read and placed on the system pool", (prefix) => {
    const cluster = clusterIn(prefix);
    const { placement } = scheduleCluster(cluster);
    const names = cluster.workloads.map((w) => w.name);
    // lib/simulation/chart-pods.ts reads each chart's layout; a release left out would pass unnoticed.
    expect(names).toEqual(expect.arrayContaining(["cert-manager", "cert-manager-webhook", "cert-manager-cainjector", "coder-reloader"]));
    if (cloud === "aws") expect(names).toContain("cluster-autoscaler");
    const systemNodes = new Set(cluster.nodes.filter((n) => n.pool === "system").map((n) => n.name));
    for (const owner of ["cert-manager", "cert-manager-webhook", "cert-manager-cainjector", "coder-reloader"]) {
      const pods = placement.placed.filter((p) => p.pod.owner === owner);
      expect(pods.length).toBeGreaterThan(0);
      for (const pod of pods) expect(systemNodes.has(pod.node)).toBe(true);
    }
  });

  test.each(regions.map((r) => [r.stackPrefix, r] as const))("%s: one coderd or proxy per node, and the provisioner nodes full to the plan's count", (prefix, region) => {
    const { scheduler } = scheduleCluster(clusterIn(prefix));
    const coder = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
    const serverNodes = scheduler.placed.filter((p) => p.pod.owner === coder.server!.releaseName).map((p) => p.node);
    expect(new Set(serverNodes).size).toBe(serverNodes.length);
    const owners = new Set(coder.provisioners!.sets.map((s) => s.releaseName));
    const perNode = new Map<string, number>();
    for (const pod of scheduler.placed.filter((p) => owners.has(p.pod.owner))) perNode.set(pod.node, (perNode.get(pod.node) ?? 0) + 1);
    expect([...perNode.values()]).toEqual(Array(coder.provisioners!.nodes).fill(coder.provisioners!.perNode));
  });

  test("a rolling update of coderd and the proxy completes on their fixed pools, one pod at a time; the chart's default strategy would never finish", () => {
    for (const region of regions) {
      const name = region.role === "primary" ? CODER_RELEASES.coderd : CODER_RELEASES.proxy;
      const cluster = clusterIn(region.stackPrefix);
      const server = workload(cluster, name);
      expect(server.strategy).toEqual({ maxSurge: 0, maxUnavailable: 1 });
      expect(rollOut(scheduleCluster(cluster).scheduler, server)).toEqual({ completed: true, replaced: server.replicas, maxUnavailableSeen: 1 });
      // Without the post-renderer: maxSurge 1, maxUnavailable 0. The surge pod fits on no node, and no old pod may go.
      const stuck = rollOut(scheduleCluster(cluster).scheduler, { ...server, strategy: { maxSurge: 1, maxUnavailable: 0 } });
      expect(stuck).toEqual({ completed: false, replaced: 0, maxUnavailableSeen: 0 });
    }
  });

  test("a rolling update of every provisioner set completes, within its maxUnavailable", () => {
    for (const region of regions) {
      const coder = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
      const cluster = clusterIn(region.stackPrefix);
      const { scheduler } = scheduleCluster(cluster);
      for (const set of coder.provisioners!.sets) {
        const provisioners = workload(cluster, set.releaseName);
        const result = rollOut(scheduler, provisioners);
        expect(result).toMatchObject({ completed: true, replaced: set.replicas });
        expect(result.maxUnavailableSeen).toBeLessThanOrEqual(provisioners.strategy.maxUnavailable);
      }
    }
  });

  test("draining one node of each fixed pool strands exactly its pods, as the node-drain finding says; the PDBs keep a coderd and a proxy serving", () => {
    const finding = plan.findings.find((f) => f.code === "node-drain")!;
    for (const region of regions) {
      const cluster = clusterIn(region.stackPrefix);
      for (const pool of region.pools.filter((p) => p.scaling === "static")) {
        const { scheduler } = scheduleCluster(cluster);
        const node = cluster.nodes.find((n) => n.pool === pool.name)!;
        const result = drainNode(scheduler, cluster, node.name);
        const filled = (pool.workloadsPerNode ?? 0) > 0;
        if (filled) {
          // The finding names the pool, and the drain shows why: every evicted pod is stranded.
          expect(finding.message).toContain(` ${pool.name}`);
          expect(result.stranded.length).toBe(result.evicted.length);
          expect(result.stranded.length).toBeGreaterThan(0);
        } else {
          // The system pool has room to spare: its pods move to the other node.
          expect(result.stranded).toEqual([]);
        }
        if (pool.role === "coderd" || pool.role === "proxy") {
          const serving = scheduler.placed.filter((p) => p.pod.owner === (pool.role === "coderd" ? CODER_RELEASES.coderd : CODER_RELEASES.proxy));
          expect(serving).toHaveLength(1);
        }
      }
    }
  });

  test("one more provisioner per node than the plan puts there does not fit: the simulation catches it", () => {
    const region = plan.primary;
    const coder = plan.coder.primary;
    const tagged = coder.provisioners!.sets[0];
    const more = withValues(stacks[`${region.stackPrefix}-coder`], tagged.releaseName, (values) => {
      values.coder.replicaCount += coder.provisioners!.nodes;
    });
    const { placement } = scheduleCluster(clusterIn(region.stackPrefix, { coder: more }));
    // Two more daemons than the nodes hold: whichever set is placed last waits (here the untagged one).
    expect(placement.pending).toHaveLength(coder.provisioners!.nodes);
    const owners = new Set(coder.provisioners!.sets.map((s) => s.releaseName));
    expect(placement.pending.every((p) => owners.has(p.owner))).toBe(true);
  });

  test("coderd asking 1 MiB more memory than its node leaves pods (conservative kernel share, headroom kept) does not fit", () => {
    const region = plan.primary;
    const pool = region.pools.find((p) => p.role === "coderd")!;
    const bigger = withValues(stacks[`${region.stackPrefix}-coder`], CODER_RELEASES.coderd, (values) => {
      values.coder.resources.requests.memory = `${pool.capacity.forPods.memoryMib + 1}Mi`;
    });
    const { placement } = scheduleCluster(clusterIn(region.stackPrefix, { coder: bigger }));
    expect(placement.pending.map((p) => p.owner)).toEqual([CODER_RELEASES.coderd, CODER_RELEASES.coderd]);
    expect(placement.pending[0].reasons).toMatchObject({ memory: pool.minNodes });
    // At exactly what the node leaves, both fit.
    const exact = withValues(stacks[`${region.stackPrefix}-coder`], CODER_RELEASES.coderd, (values) => {
      values.coder.resources.requests.memory = `${pool.capacity.forPods.memoryMib}Mi`;
    });
    expect(scheduleCluster(clusterIn(region.stackPrefix, { coder: exact })).placement.pending).toEqual([]);
  });
});

describe("reading Helm releases", () => {
  test("a chart the simulation does not know is an error, not a release left out", () => {
    expect(() => chartPods("ingress-nginx", {}, "edge")).toThrow(
      "the scheduling simulation does not know where chart ingress-nginx (release edge) keeps its pod settings; add it to CHART_PODS (lib/simulation/chart-pods.ts)",
    );
  });
});
