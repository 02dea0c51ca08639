import { readFileSync } from "node:fs";
import { join } from "node:path";
import { capacityDocument } from "../lib/report/capacity-document";
import { eksKubeReservedMemoryMib, EVICTION_THRESHOLD_MIB } from "../lib/reference/allocatable";
import { NODE_HEADROOM, nodeCapacityChain } from "../lib/reference/capacity-chain";
import { eniMaxPods, instanceType } from "../lib/reference/instance-catalog";
import { AKS_KERNEL_FIXED_MIB, EC2_DEFAULT_KERNEL_SHARE, kernelMemory } from "../lib/reference/kernel-memory";
import { KUBERNETES_PROFILES } from "../lib/reference/kubernetes-profiles";
import { NODE_DAEMONS } from "../lib/reference/node-daemons";
import { CLOUDS, Cloud } from "../lib/reference/types";

const chain = (cloud: Cloud, type: string, maxPods = 110, tainted = true) => nodeCapacityChain(cloud, instanceType(cloud, type), maxPods, tainted);

// Each chain worked by hand from the sources named in lib/reference (kernel-memory.ts, allocatable.ts,
// the node-daemons lists), step by step: nominal -> kernel-visible -> allocatable -> less daemons -> less headroom.
describe("the capacity chain, worked by hand for the table's node types", () => {
  test.each([
    // EKS: kernel share measured by Karpenter (t3.2xlarge 1,038 MiB, t3.xlarge 589); kube-reserved 11 x 58 + 255 = 893 MiB;
    // CPU 60 + 10 + 2 x 5 + 4 x 2.5 = 90m (8 cores), 80m (4 cores); daemons aws-node 50m, kube-proxy 100m, ebs-csi-node 30m / 120Mi.
    ["aws", "t3.2xlarge", [8000, 32768], [8000, 31730], [7910, 30737], [7730, 30617], [7530, 30105]],
    ["aws", "t3.xlarge", [4000, 16384], [4000, 15795], [3920, 14802], [3740, 14682], [3540, 14170]],
    // GKE: kernel 32768/64 + 16 + 64 = 592 MiB; reserved 1000 + 800 + 800 + 6% of 16,768 = 3,606 MiB (brackets of 1,000 MiB);
    // the eight GKE daemons 459m / 922Mi.
    ["gcp", "t2d-standard-8", [8000, 32768], [8000, 32176], [7910, 28470], [7451, 27548], [7251, 27036]],
    // n1-standard-4 (15 GiB): kernel 240 + 16 + 64 = 320; reserved 1000 + 800 + 10% of 7,360 = 2,536.
    ["gcp", "n1-standard-4", [4000, 15360], [4000, 15040], [3920, 12404], [3461, 11482], [3261, 10970]],
    // AKS: capacity 32768 x 63/64 - 109 = 32,147; reserved 20 x 110 + 50 = 2,250; CPU 180m (8 cores), 140m (4);
    // daemons 350m / 570Mi.
    ["azure", "Standard_D8s_v3", [8000, 32768], [8000, 32147], [7820, 29797], [7470, 29227], [7270, 28715]],
    ["azure", "Standard_D4s_v3", [4000, 16384], [4000, 16019], [3860, 13669], [3510, 13099], [3310, 12587]],
  ] as const)("%s %s", (cloud, type, nominal, kernel, allocatable, afterDaemons, forPods) => {
    const c = chain(cloud, type);
    const pair = (r: { cpuMillis: number; memoryMib: number }) => [r.cpuMillis, r.memoryMib];
    expect(pair(c.nominal)).toEqual(nominal);
    expect(pair(c.kernelVisible)).toEqual(kernel);
    expect(pair(c.allocatable)).toEqual(allocatable);
    expect(pair(c.afterDaemons)).toEqual(afterDaemons);
    expect(pair(c.forPods)).toEqual(forPods);
  });

  test("each step only takes away, and the headroom is the named one", () => {
    for (const cloud of CLOUDS) {
      const c = chain(cloud, { aws: "t3.2xlarge", gcp: "t2d-standard-8", azure: "Standard_D8s_v3" }[cloud]);
      expect(c.kernelVisible.memoryMib).toBeLessThan(c.nominal.memoryMib);
      expect(c.allocatable.memoryMib).toBeLessThan(c.kernelVisible.memoryMib);
      expect(c.afterDaemons.memoryMib).toBeLessThan(c.allocatable.memoryMib);
      expect(c.nominal.cpuMillis - c.forPods.cpuMillis).toBeGreaterThanOrEqual(NODE_HEADROOM.cpuMillis);
      expect(c.afterDaemons.memoryMib - c.forPods.memoryMib).toBe(NODE_HEADROOM.memoryMib);
      expect(c.podSlots).toBe(110 - c.daemons.length);
      for (const source of Object.values(c.sources)) expect(source.length).toBeGreaterThan(20);
    }
  });
});

describe("the kernel's share: the conservative bound per cloud, each tied to its source", () => {
  test("EKS: Karpenter's measured overhead where it has the type, its 7.5% bound where not", () => {
    expect(kernelMemory("aws", instanceType("aws", "t3.2xlarge")).kernelShareMib).toBe(1038);
    expect(kernelMemory("aws", instanceType("aws", "t3.large")).kernelShareMib).toBe(365);
    const m5 = instanceType("aws", "m5.2xlarge");
    expect(kernelMemory("aws", m5).kernelShareMib).toBe(Math.ceil(32768 * EC2_DEFAULT_KERNEL_SHARE));
    expect(kernelMemory("aws", m5).source).toMatch(/7\.5%/);
  });

  test("GKE: memory/64 + 16 MiB + 64 MiB of IO TLB above 3 GiB (cluster-autoscaler gce/reserved.go)", () => {
    expect(kernelMemory("gcp", instanceType("gcp", "t2d-standard-8")).kernelShareMib).toBe(592);
    expect(kernelMemory("gcp", instanceType("gcp", "e2-standard-2")).kernelShareMib).toBe(8192 / 64 + 16 + 64);
  });

  test("GKE's t2d-standard-8 allocatable lands within 100 MiB of what 2i2c-org/infrastructure measured (about 28,404 MiB)", () => {
    expect(Math.abs(chain("gcp", "t2d-standard-8").allocatable.memoryMib - 28404)).toBeLessThan(100);
  });

  test("AKS: a 16 GiB node reports 16,019 MiB (Azure/AKS issue 1216), and the rule is fitted to exactly that", () => {
    expect(kernelMemory("azure", instanceType("azure", "Standard_D4s_v3")).capacityMib).toBe(16019);
    expect(AKS_KERNEL_FIXED_MIB).toBe(16384 - 16019 - 16384 / 64);
  });
});

describe("the clouds' reservations, as their formulas say", () => {
  test("EKS reserves kubelet memory by the ENI formula of the type (58 pods on a t3.2xlarge), not by the 110 max pods prefix delegation allows", () => {
    const t3 = instanceType("aws", "t3.2xlarge");
    expect(eniMaxPods(t3)).toBe(4 * (15 - 1) + 2);
    expect(eksKubeReservedMemoryMib(t3)).toBe(11 * 58 + 255);
    // The same on every max pods: nodeadm ignores the node's configured limit for its reservation.
    expect(chain("aws", "t3.2xlarge", 110).allocatable).toEqual(chain("aws", "t3.2xlarge", 58).allocatable);
    expect(eniMaxPods(instanceType("aws", "t3.large"))).toBe(35);
  });

  test("AKS reserves 20 MB per possible pod + 50 MB: more pods per node leave less", () => {
    const at = (pods: number) => chain("azure", "Standard_D8s_v3", pods).allocatable.memoryMib;
    expect(at(110) - at(250)).toBe(20 * 140);
    expect(at(110)).toBe(32147 - (20 * 110 + 50) - EVICTION_THRESHOLD_MIB);
  });

  test("a node type without EC2 interface limits cannot be sized on EKS", () => {
    expect(() => eniMaxPods(instanceType("aws", "db.t3.xlarge"))).toThrow(/db\.t3\.xlarge has no network interface limits/);
  });
});

describe("the daemon pods of every cloud", () => {
  test.each(CLOUDS)("%s: each is named, sourced and tolerates the pools' taints", (cloud) => {
    for (const daemon of NODE_DAEMONS[cloud]) {
      expect(daemon.source.length).toBeGreaterThan(20);
      expect(daemon.cpuMillis + daemon.memoryMib).toBeGreaterThan(0);
      expect(daemon.toleratesAllTaints).toBe(true);
    }
  });

  test("the sums the chains take off: EKS 180m / 120Mi, GKE 459m / 922Mi, AKS 350m / 570Mi", () => {
    const sum = (cloud: Cloud) => NODE_DAEMONS[cloud].reduce((s, d) => [s[0] + d.cpuMillis, s[1] + d.memoryMib], [0, 0]);
    expect(sum("aws")).toEqual([180, 120]);
    expect(sum("gcp")).toEqual([459, 922]);
    expect(sum("azure")).toEqual([350, 570]);
  });

  test("no kube-proxy where the data plane replaces it (GKE Dataplane V2, Azure CNI powered by Cilium)", () => {
    expect(NODE_DAEMONS.aws.map((d) => d.name)).toContain("kube-proxy");
    expect(NODE_DAEMONS.gcp.map((d) => d.name)).not.toContain("kube-proxy");
    expect(NODE_DAEMONS.azure.map((d) => d.name)).not.toContain("kube-proxy");
  });

  test("GKE's workspace pods-per-node allowance holds its daemons", () => {
    expect(KUBERNETES_PROFILES.gcp.daemonSetPods).toBeGreaterThanOrEqual(NODE_DAEMONS.gcp.length);
  });

  test("a tainted node runs only the daemons that tolerate every taint", () => {
    expect(chain("aws", "t3.xlarge", 110, true).daemons).toHaveLength(NODE_DAEMONS.aws.filter((d) => d.toleratesAllTaints).length);
  });
});

describe("docs/capacity.md", () => {
  test("is what npm run docs:capacity writes from the plans (regenerate it after a change to the chain)", () => {
    expect(readFileSync(join(__dirname, "..", "docs", "capacity.md"), "utf8")).toBe(capacityDocument());
  });
});
