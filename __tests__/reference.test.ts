import {
  capacityMismatch,
  CLOUDS,
  instanceType,
  INSTANCE_CATALOG,
  NodePoolReference,
  REFERENCE_2K,
} from "../lib/reference";
import { parseCapacity, SEED_TEXT, seedFootnotes, seedTable } from "./support/seed";

const CLOUD_COLUMNS = { gcp: "GCP", aws: "AWS", azure: "Azure" } as const;

describe("the 2k reference data matches Coder's hardware table", () => {
  const poolRows: Array<[string, NodePoolReference, RegExp]> = [
    ["Coderd nodes", REFERENCE_2K.coderd, /^(\d+) nodes \/ (\d+) coderd each$/],
    ["Provisioner nodes", REFERENCE_2K.provisioner, /^(\d+) nodes \/ (\d+) provisioners each$/],
    ["Workspace nodes", REFERENCE_2K.workspace, /^(\d+) \/ (\d+) workspaces each$/],
  ];

  test.each(poolRows)("%s row: capacity, replicas and machine types", (heading, pool, replicas) => {
    const { row } = seedTable(heading);
    expect(row.Users).toBe("Up to 2,000");
    expect(pool.capacity).toEqual(parseCapacity(row["Node capacity"]));
    const match = replicas.exec(row.Replicas);
    expect(match).not.toBeNull();
    expect(pool.nodes).toBe(Number(match![1]));
    expect(pool.perNode).toBe(Number(match![2]));
    for (const cloud of CLOUDS) expect(pool.instanceTypes[cloud]).toBe(row[CLOUD_COLUMNS[cloud]]);
  });

  test("Database nodes row: capacity, replicas, 1 TB storage and machine types", () => {
    const { row } = seedTable("Database nodes");
    const db = REFERENCE_2K.database;
    expect(db.capacity).toEqual(parseCapacity(row["Node capacity"]));
    expect(db.replicas).toBe(Number(row.Replicas));
    expect(row.Storage).toBe("1 TB");
    expect(db.storageGib).toBe(1024);
    for (const cloud of CLOUDS) expect(db.instanceTypes[cloud]).toBe(row[CLOUD_COLUMNS[cloud]]);
  });

  test("target load and high availability", () => {
    expect(SEED_TEXT).toContain(`API: up to ${REFERENCE_2K.apiRequestsPerSecond} RPS`);
    expect(SEED_TEXT).toContain("The mode is _enabled_");
    expect(REFERENCE_2K.highAvailability).toBe(true);
    expect(SEED_TEXT).toContain(`up to ${REFERENCE_2K.maxUsers.toLocaleString("en-US")} users`);
  });
});

describe("the footnotes are constraints", () => {
  const c = REFERENCE_2K.constraints;

  test("a workspace user needs 2 GB of memory", () => {
    expect(seedFootnotes("Workspace nodes")).toContain(`Assumed that a workspace user needs ${c.workspaceMemoryGib} GB memory to perform`);
  });

  test("at most 256 workspace pods per node", () => {
    expect(seedFootnotes("Workspace nodes")).toContain(`Maximum number of Kubernetes workspace pods per node: ${c.maxWorkspacePodsPerNode}`);
    expect(REFERENCE_2K.workspace.perNode).toBeLessThanOrEqual(c.maxWorkspacePodsPerNode);
  });

  test("workspace nodes split between 2 regions", () => {
    expect(seedFootnotes("Workspace nodes").join(" ")).toContain(`distributed in ${c.workspaceRegions} regions, not necessarily evenly`);
  });

  test("provisioners stay off coderd nodes, in their own namespace", () => {
    const notes = seedFootnotes("Provisioner nodes");
    expect(notes).toContain("It is not recommended to run provisioner daemons on `coderd` nodes.");
    expect(notes.join(" ")).toContain("separating provisioners into different namespaces");
    expect(c.provisionersOnCoderdNodes).toBe(false);
    expect(c.provisionerNamespaceSeparate).toBe(true);
  });

  test("more database replicas above 500 workspace builds a day", () => {
    expect(seedFootnotes("Database nodes").join(" ")).toContain(`higher than ${c.databaseReplicaBuildsPerDay} workspace builds per day`);
  });
});

describe("instance catalog", () => {
  const rows = [REFERENCE_2K.coderd, REFERENCE_2K.provisioner, REFERENCE_2K.workspace, REFERENCE_2K.database];

  test.each(CLOUDS)("every %s machine type in the table delivers its row's capacity", (cloud) => {
    for (const row of rows) {
      const type = instanceType(cloud, row.instanceTypes[cloud]);
      expect(capacityMismatch(type, row.capacity)).toBeUndefined();
    }
  });

  test("a type with too few vCPUs or too little memory is a mismatch", () => {
    const large = instanceType("aws", "t3.large");
    expect(capacityMismatch(large, { vcpu: 4, memoryGib: 16 })).toMatch(/2 vCPU, the table asks for 4/);
    expect(capacityMismatch({ ...large, vcpu: 4 }, { vcpu: 4, memoryGib: 16 })).toMatch(/8192 MiB, the table asks for 16384/);
  });

  test("n1-standard-4's 15 GB counts as the table's 16 GB; 14 GB would not", () => {
    const n1 = instanceType("gcp", "n1-standard-4");
    expect(capacityMismatch(n1, { vcpu: 4, memoryGib: 16 })).toBeUndefined();
    expect(capacityMismatch({ ...n1, memoryMib: 14 * 1024 }, { vcpu: 4, memoryGib: 16 })).toBeDefined();
  });

  test("an unknown type names the cloud's known types", () => {
    expect(() => instanceType("aws", "m9.huge")).toThrow(/"m9.huge" is not in the aws catalog; known: .*t3.xlarge/);
  });

  test("catalog names are unique per cloud", () => {
    const keys = INSTANCE_CATALOG.map((t) => `${t.cloud}/${t.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
