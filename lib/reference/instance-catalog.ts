import { Cloud, NodeCapacity } from "./types";

/** A machine type as its cloud sells it. */
export interface InstanceType {
  readonly cloud: Cloud;
  readonly name: string;
  readonly vcpu: number;
  readonly memoryMib: number;
  /** Burstable types (AWS T family, GCP shared-core) run at a CPU baseline and spend credits above it. */
  readonly burstable: boolean;
}

const GIB = 1024;

/**
 * Every machine type the reference tables and this project's own additions (the system pool) use.
 * Figures: AWS EC2/RDS instance type pages, GCP machine families, Azure Dv3 sizes.
 */
export const INSTANCE_CATALOG: readonly InstanceType[] = [
  { cloud: "aws", name: "t3.large", vcpu: 2, memoryMib: 8 * GIB, burstable: true },
  { cloud: "aws", name: "t3.xlarge", vcpu: 4, memoryMib: 16 * GIB, burstable: true },
  { cloud: "aws", name: "t3.2xlarge", vcpu: 8, memoryMib: 32 * GIB, burstable: true },
  { cloud: "aws", name: "db.t3.xlarge", vcpu: 4, memoryMib: 16 * GIB, burstable: true },
  { cloud: "gcp", name: "e2-standard-2", vcpu: 2, memoryMib: 8 * GIB, burstable: false },
  { cloud: "gcp", name: "n1-standard-4", vcpu: 4, memoryMib: 15 * GIB, burstable: false },
  { cloud: "gcp", name: "t2d-standard-8", vcpu: 8, memoryMib: 32 * GIB, burstable: false },
  { cloud: "gcp", name: "db-custom-4-15360", vcpu: 4, memoryMib: 15360, burstable: false },
  { cloud: "azure", name: "Standard_D2s_v3", vcpu: 2, memoryMib: 8 * GIB, burstable: false },
  { cloud: "azure", name: "Standard_D4s_v3", vcpu: 4, memoryMib: 16 * GIB, burstable: false },
  { cloud: "azure", name: "Standard_D8s_v3", vcpu: 8, memoryMib: 32 * GIB, burstable: false },
];

/** Looks a machine type up; throws naming the type and cloud when the catalog lacks it. */
export function instanceType(cloud: Cloud, name: string): InstanceType {
  const found = INSTANCE_CATALOG.find((t) => t.cloud === cloud && t.name === name);
  if (!found) {
    const known = INSTANCE_CATALOG.filter((t) => t.cloud === cloud).map((t) => t.name);
    throw new Error(`Instance type "${name}" is not in the ${cloud} catalog; known: ${known.join(", ")}`);
  }
  return found;
}

/**
 * The smallest fraction of the stated memory a type may have and still count as matching the
 * table: GCP's n1-standard-4 has 15 GB where the table says 16.
 */
export const MEMORY_MATCH_TOLERANCE = 0.9;

/**
 * Whether a machine type delivers a table row's capacity: the same vCPU count and at least
 * MEMORY_MATCH_TOLERANCE of its memory. Returns the reason when it does not.
 */
export function capacityMismatch(type: InstanceType, capacity: NodeCapacity): string | undefined {
  if (type.vcpu !== capacity.vcpu) {
    return `${type.name} has ${type.vcpu} vCPU, the table asks for ${capacity.vcpu}`;
  }
  const wantedMib = capacity.memoryGib * GIB;
  if (type.memoryMib < wantedMib * MEMORY_MATCH_TOLERANCE) {
    return `${type.name} has ${type.memoryMib} MiB, the table asks for ${wantedMib} MiB`;
  }
  return undefined;
}
