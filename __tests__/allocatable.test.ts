import { allocatable, instanceType } from "../lib/reference";

// Nominal figures from each cloud's published reservation formula (see lib/reference/allocatable.ts).
describe("allocatable memory per cloud", () => {
  test.each([
    ["t3.xlarge", 58, 15391],
    ["t3.xlarge", 110, 14819],
    ["t3.2xlarge", 58, 31775],
    ["t3.2xlarge", 110, 31203],
  ])("EKS %s with %i pods leaves %i MiB", (type, pods, mib) => {
    expect(allocatable("aws", instanceType("aws", type), pods).memoryMib).toBe(mib);
  });

  test.each([
    ["n1-standard-4", 12700],
    ["t2d-standard-8", 29023],
  ])("GKE %s leaves about %i MiB", (type, mib) => {
    expect(allocatable("gcp", instanceType("gcp", type), 110).memoryMib).toBe(mib);
  });

  test.each([
    ["Standard_D4s_v3", 12188],
    ["Standard_D8s_v3", 27618],
  ])("AKS %s with 250 pods leaves about %i MiB", (type, mib) => {
    expect(allocatable("azure", instanceType("azure", type), 250).memoryMib).toBe(mib);
  });

  test("more pods per node means less allocatable memory on EKS", () => {
    const type = instanceType("aws", "t3.2xlarge");
    expect(allocatable("aws", type, 110).memoryMib).toBeLessThan(allocatable("aws", type, 58).memoryMib);
  });
});

describe("allocatable CPU", () => {
  test("EKS and GKE reserve 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above", () => {
    expect(allocatable("aws", instanceType("aws", "t3.xlarge"), 110).cpuMillis).toBe(4000 - 80);
    expect(allocatable("gcp", instanceType("gcp", "t2d-standard-8"), 110).cpuMillis).toBe(8000 - 90);
  });

  test("AKS reserves 140m on 4 cores and 180m on 8", () => {
    expect(allocatable("azure", instanceType("azure", "Standard_D4s_v3"), 250).cpuMillis).toBe(3860);
    expect(allocatable("azure", instanceType("azure", "Standard_D8s_v3"), 250).cpuMillis).toBe(7820);
  });
});
