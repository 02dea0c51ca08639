import { ReferenceArchitecture } from "./types";

/**
 * Coder's reference architecture for up to 2,000 users, exactly as its hardware table states it
 * (coder/coder docs/admin/infrastructure/validated-architectures/2k-users.md). The default
 * deployment renders these numbers; `__tests__/reference.test.ts` checks them against the table.
 */
export const REFERENCE_2K: ReferenceArchitecture = {
  tier: "2k",
  maxUsers: 2000,
  apiRequestsPerSecond: 300,
  highAvailability: true,
  coderd: {
    workload: "coderd",
    capacity: { vcpu: 4, memoryGib: 16 },
    nodes: 2,
    perNode: 1,
    instanceTypes: { gcp: "n1-standard-4", aws: "t3.xlarge", azure: "Standard_D4s_v3" },
  },
  provisioner: {
    workload: "provisioner",
    capacity: { vcpu: 8, memoryGib: 32 },
    nodes: 4,
    perNode: 30,
    instanceTypes: { gcp: "t2d-standard-8", aws: "t3.2xlarge", azure: "Standard_D8s_v3" },
  },
  workspace: {
    workload: "workspace",
    capacity: { vcpu: 8, memoryGib: 32 },
    nodes: 128,
    perNode: 16,
    instanceTypes: { gcp: "t2d-standard-8", aws: "t3.2xlarge", azure: "Standard_D8s_v3" },
  },
  database: {
    capacity: { vcpu: 4, memoryGib: 16 },
    replicas: 1,
    storageGib: 1024,
    instanceTypes: { gcp: "db-custom-4-15360", aws: "db.t3.xlarge", azure: "Standard_D4s_v3" },
  },
  constraints: {
    workspaceMemoryGib: 2,
    maxWorkspacePodsPerNode: 256,
    provisionersOnCoderdNodes: false,
    provisionerNamespaceSeparate: true,
    workspaceRegions: 2,
    databaseReplicaBuildsPerDay: 500,
  },
};

/** The tiers this release can deploy, by name. */
export const REFERENCE_TIERS: Readonly<Record<string, ReferenceArchitecture>> = { "2k": REFERENCE_2K };
