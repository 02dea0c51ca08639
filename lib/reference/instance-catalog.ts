import { Cloud, NodeCapacity } from "./types";

/** A machine type as its cloud sells it. */
export interface InstanceType {
  readonly cloud: Cloud;
  readonly name: string;
  readonly vcpu: number;
  readonly memoryMib: number;
  /** Burstable types (AWS T family, GCP shared-core) run at a CPU baseline and spend credits above it. */
  readonly burstable: boolean;
  /**
   * EC2 only: network interfaces the type attaches and IPv4 addresses each holds, which decide the
   * ENI formula of pods per node that EKS reserves kubelet memory by.
   */
  readonly networkInterfaces?: { readonly max: number; readonly ipv4Each: number };
  /** A database class (RDS, Cloud SQL tier, Flexible Server SKU), never a Kubernetes node. */
  readonly database?: true;
}

const GIB = 1024;

/** EC2 network interface limits (EC2 user guide, "Maximum IP addresses per network interface"). */
const ENI = (max: number, ipv4Each: number) => ({ networkInterfaces: { max, ipv4Each } });

/**
 * Every machine type the reference tables, this project's own additions (the system pool) and the
 * node types a config may choose instead (`instanceTypes`) use: the table's types, and the
 * non-burstable classes Coder's current guidance prefers.
 * Figures: AWS EC2/RDS instance type pages, GCP machine families, Azure Dv3/Dsv5 sizes.
 */
export const INSTANCE_CATALOG: readonly InstanceType[] = [
  { cloud: "aws", name: "t3.medium", vcpu: 2, memoryMib: 4 * GIB, burstable: true, ...ENI(3, 6) },
  { cloud: "aws", name: "t3.large", vcpu: 2, memoryMib: 8 * GIB, burstable: true, ...ENI(3, 12) },
  { cloud: "aws", name: "t3.xlarge", vcpu: 4, memoryMib: 16 * GIB, burstable: true, ...ENI(4, 15) },
  { cloud: "aws", name: "t3.2xlarge", vcpu: 8, memoryMib: 32 * GIB, burstable: true, ...ENI(4, 15) },
  { cloud: "aws", name: "m5.large", vcpu: 2, memoryMib: 8 * GIB, burstable: false, ...ENI(3, 10) },
  { cloud: "aws", name: "m5.xlarge", vcpu: 4, memoryMib: 16 * GIB, burstable: false, ...ENI(4, 15) },
  { cloud: "aws", name: "m5.2xlarge", vcpu: 8, memoryMib: 32 * GIB, burstable: false, ...ENI(4, 15) },
  { cloud: "aws", name: "c5.2xlarge", vcpu: 8, memoryMib: 16 * GIB, burstable: false, ...ENI(4, 15) },
  { cloud: "aws", name: "db.t3.xlarge", vcpu: 4, memoryMib: 16 * GIB, burstable: true, database: true },
  { cloud: "gcp", name: "e2-standard-2", vcpu: 2, memoryMib: 8 * GIB, burstable: false },
  { cloud: "gcp", name: "n1-standard-4", vcpu: 4, memoryMib: 15 * GIB, burstable: false },
  { cloud: "gcp", name: "n2-standard-4", vcpu: 4, memoryMib: 16 * GIB, burstable: false },
  { cloud: "gcp", name: "n2-standard-8", vcpu: 8, memoryMib: 32 * GIB, burstable: false },
  { cloud: "gcp", name: "t2d-standard-8", vcpu: 8, memoryMib: 32 * GIB, burstable: false },
  { cloud: "gcp", name: "db-custom-4-15360", vcpu: 4, memoryMib: 15360, burstable: false, database: true },
  { cloud: "azure", name: "Standard_D2s_v3", vcpu: 2, memoryMib: 8 * GIB, burstable: false },
  { cloud: "azure", name: "Standard_D4s_v3", vcpu: 4, memoryMib: 16 * GIB, burstable: false },
  { cloud: "azure", name: "Standard_D8s_v3", vcpu: 8, memoryMib: 32 * GIB, burstable: false },
  { cloud: "azure", name: "Standard_D4s_v5", vcpu: 4, memoryMib: 16 * GIB, burstable: false },
  { cloud: "azure", name: "Standard_D8s_v5", vcpu: 8, memoryMib: 32 * GIB, burstable: false },
];

/**
 * Pods per node by the ENI formula, as EKS's node bootstrap counts them for its memory reservation:
 * interfaces x (IPv4 addresses per interface - 1) + 2 (amazon-eks-ami nodeadm
 * `getMaxPodsFromENIInfo`): 58 on a t3.xlarge or t3.2xlarge.
 */
export function eniMaxPods(type: InstanceType): number {
  const eni = type.networkInterfaces;
  if (!eni) throw new Error(`${type.name} has no network interface limits in the catalog (EC2 node types need them)`);
  return eni.max * (eni.ipv4Each - 1) + 2;
}

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

/** The machine types a cloud's Kubernetes node pools may use, by name. */
export function nodeTypeNames(cloud: Cloud): string[] {
  return INSTANCE_CATALOG.filter((t) => t.cloud === cloud && !t.database).map((t) => t.name);
}
