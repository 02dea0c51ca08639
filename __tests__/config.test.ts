import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, validateConfig } from "../lib/config";
import { issuesOf } from "./support/config-issues";

function paths(raw: unknown): string[] {
  return issuesOf(raw).map((i) => i.path);
}

describe("the embedded default", () => {
  test("needs no input and is the seed's deployment on AWS", () => {
    const config = validateConfig({});
    expect(config.cloud).toBe("aws");
    expect(config.tier).toBe("2k");
    expect(config.regions.primary.name).toBe("us-east-1");
    expect(config.regions.secondary.name).toBe("us-west-2");
    expect(config.database.crossRegionReplica).toBe(true);
    expect(config.kubernetes.apiAllowedCidrs).toEqual([]);
    expect(config.backend).toEqual({ type: "local" });
  });

  test.each([
    ["aws", "us-east-1", "us-west-2", "1.35"],
    ["gcp", "us-east1", "us-west1", "1.35"],
    ["azure", "eastus", "westus2", "1.36"],
  ])("%s fills its own regions and Kubernetes version", (cloud, primary, secondary, version) => {
    const config = validateConfig({ cloud });
    expect(config.regions.primary).toMatchObject({ name: primary, networkCidr: "10.0.0.0/16" });
    expect(config.regions.secondary).toMatchObject({ name: secondary, networkCidr: "10.1.0.0/16" });
    expect(config.kubernetes).toMatchObject({ version, serviceCidr: "172.20.0.0/16" });
  });

  test("what the user wrote wins over the cloud's defaults", () => {
    const config = validateConfig({ cloud: "gcp", regions: { primary: { name: "europe-west4", networkCidr: "10.8.0.0/16" } }, kubernetes: { version: "1.36" } });
    expect(config.regions.primary).toMatchObject({ name: "europe-west4", networkCidr: "10.8.0.0/16" });
    expect(config.regions.secondary.name).toBe("us-west1");
    expect(config.kubernetes.version).toBe("1.36");
  });

  test("a partial file keeps the defaults of what it does not name", () => {
    const config = validateConfig({ regions: { primary: { name: "eu-west-1" } } });
    expect(config.regions.primary).toMatchObject({ name: "eu-west-1", networkCidr: "10.0.0.0/16", availabilityZones: 3 });
    expect(config.regions.secondary.name).toBe("us-west-2");
  });
});

describe("bad input is reported field by field", () => {
  test("a misspelled key names the field, suggests the right one and lists the allowed keys", () => {
    const [issue] = issuesOf({ regions: { primary: { nmae: "eu-west-1" } } });
    expect(issue.path).toBe("regions.primary.nmae");
    expect(issue.message).toMatch(/unknown key \(did you mean "name"\?\); allowed: name, networkCidr/);
  });

  test("a string where a number belongs names the field and the value", () => {
    const [issue] = issuesOf({ regions: { primary: { workspaceNodes: "64" } } });
    expect(issue).toMatchObject({ path: "regions.primary.workspaceNodes", message: "must be a number", value: "64" });
  });

  test("overlapping CIDRs name both fields", () => {
    const issues = issuesOf({ regions: { secondary: { networkCidr: "10.0.128.0/17" } } });
    expect(issues).toEqual([
      expect.objectContaining({ path: "regions.secondary.networkCidr", message: expect.stringMatching(/overlaps regions.primary.networkCidr \(10.0.0.0\/16\)/) }),
    ]);
    expect(paths({ kubernetes: { serviceCidr: "10.1.0.0/20" } })).toEqual(["kubernetes.serviceCidr"]);
  });

  test("splits that do not add up to the tier's 128 workspace and 4 provisioner nodes", () => {
    const issues = issuesOf({ regions: { primary: { workspaceNodes: 100, provisionerNodes: 3 }, secondary: { workspaceNodes: 50, provisionerNodes: 3 } } });
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/workspace nodes: .*must add up to 128; got 100 \+ 50 = 150/),
      expect.stringMatching(/provisioner nodes: .*must add up to 4; got 3 \+ 3 = 6/),
    ]);
  });

  test("one share given leaves the rest to the other region", () => {
    expect(() => validateConfig({ regions: { primary: { workspaceNodes: 100 } } })).not.toThrow();
    expect(paths({ regions: { primary: { workspaceNodes: 120 }, secondary: { workspaceNodes: 20 } } })).toEqual(["regions.secondary.workspaceNodes"]);
  });

  test("a share larger than the whole tier names the value given and the tier's total, not the other region", () => {
    expect(issuesOf({ regions: { primary: { workspaceNodes: 100000 } } })).toEqual([
      { path: "regions.primary.workspaceNodes", value: 100000, message: "is more than the tier's 128 workspace nodes for both regions together; give a share from 0 to 128" },
    ]);
    expect(issuesOf({ regions: { secondary: { provisionerNodes: 5 } } })).toEqual([
      expect.objectContaining({ path: "regions.secondary.provisionerNodes", value: 5, message: expect.stringMatching(/the tier's 4 provisioner nodes/) }),
    ]);
  });

  test("a region with workspaces but no provisioners is refused", () => {
    expect(paths({ regions: { primary: { provisionerNodes: 4 }, secondary: { provisionerNodes: 0 } } })).toEqual(["regions.secondary.provisionerNodes"]);
  });

  test("every problem at once, schema and cross-field alike", () => {
    const issues = issuesOf({
      regions: { primary: { nmae: "x", workspaceNodes: "64" }, secondary: { networkCidr: "10.0.0.0/16" } },
      kubernetes: { apiAllowedCidrs: ["0.0.0.0/0"] },
      namePrefix: "Coder_Prod",
      color: "blue",
    });
    expect(issues.map((i) => i.path).sort()).toEqual(
      // 0.0.0.0/0 twice: the entry is /0, and the list covers the whole public space (lib/common/public-coverage.ts).
      ["color", "kubernetes.apiAllowedCidrs", "kubernetes.apiAllowedCidrs.0", "namePrefix", "regions.primary.nmae", "regions.primary.workspaceNodes", "regions.secondary.networkCidr"].sort(),
    );
  });

  test.each([
    [{ cloud: "oracle" }, "cloud", /must be one of "aws", "gcp", "azure"/],
    [{ regions: { primary: { name: "useast1" } } }, "regions.primary.name", /aws region name such as us-east-1/],
    [{ regions: { secondary: { name: "us-east-1" } } }, "regions.secondary.name", /must differ/],
    [{ regions: { primary: { name: "us-east-9" } } }, "regions.primary.name", /is not an aws region; known: af-south-1, .*us-west-2/],
    [{ regions: { primary: { name: "cn-north-1" } } }, "regions.primary.name", /AWS China is not supported/],
    [{ regions: { secondary: { name: "us-gov-west-1" } } }, "regions.secondary.name", /AWS GovCloud \(US\) is not supported/],
    [{ regions: { primary: { networkCidr: "10.0.0.1/16" } } }, "regions.primary.networkCidr", /IPv4 CIDR block/],
    [{ kubernetes: { version: "1.20" } }, "kubernetes.version", /aws offers, 1\.33 to 1\.35 \(source: docs\.aws\.amazon\.com/],
    [{ kubernetes: { version: "1.99" } }, "kubernetes.version", /1\.33 to 1\.35/],
    [{ kubernetes: { version: "1.3" } }, "kubernetes.version", /1\.33 to 1\.35/],
    [{ kubernetes: { version: "v1.35" } }, "kubernetes.version", /Kubernetes minor version such as 1\.35/],
    [{ cloud: "azure", kubernetes: { version: "1.34" } }, "kubernetes.version", /azure offers, 1\.35 to 1\.37/],
    [{ cloud: "gcp", regions: { primary: { name: "us-east-1" } } }, "regions.primary.name", /a gcp region name such as us-east1/],
    [{ cloud: "azure", regions: { secondary: { name: "West US 2" } } }, "regions.secondary.name", /an azure region name such as eastus/],
    [{ cloud: "gcp", aws: { clusterAdminPrincipalArns: [] } }, "aws", /applies only when cloud is "aws"; this config deploys to "gcp"/],
    [{ azure: { subscriptionId: "00000000-0000-0000-0000-000000000000" } }, "azure", /applies only when cloud is "azure"/],
    [{ cloud: "gcp", gcp: { project: "My Project" } }, "gcp.project", /GCP project ID/],
    [{ cloud: "azure", azure: { tenantId: "tenant" } }, "azure.tenantId", /GUID/],
    [{ backend: { type: "azurerm", resourceGroupName: "rg", storageAccountName: "Bad_Name", containerName: "tfstate" } }, "backend.storageAccountName", /3-24 lowercase/],
    [{ database: { postgresVersion: "12" } }, "database.postgresVersion", /13 or newer/],
    [{ database: { backupRetentionDays: 3 } }, "database.backupRetentionDays", /greater than or equal to 7/],
    [{ backend: { type: "s3" } }, "backend.bucket", /is required/],
    [{ backend: { type: "consul" } }, "backend.type", /must be one of "local", "s3", "gcs", "azurerm"/],
    [{ backend: { type: "gcs" } }, "backend.bucket", /is required/],
    [{ tags: { CostCenter: "x" } }, "tags.CostCenter", /tag keys must be lowercase/],
    [{ kubernetes: { version: 1.3 } }, "kubernetes.version", /must be text in quotes, such as "1.35": unquoted, YAML and JSON read 1.30 as the number 1.3/],
    [{ database: { postgresVersion: 12 } }, "database.postgresVersion", /13 or newer/],
    [{ database: { postgresVersion: 16.5 } }, "database.postgresVersion", /major version such as 17/],
    [{ kubernetes: { apiAllowedCidrs: ["203.0.113.0/24", "198.51.100.0/24", "203.0.113.0/24"] } }, "kubernetes.apiAllowedCidrs.2", /repeats entry 0; list each CIDR once/],
    [{ aws: { clusterAdminPrincipalArns: ["admin"] } }, "aws.clusterAdminPrincipalArns.0", /IAM role or user ARN/],
  ])("%j is refused at %s", (raw, path, message) => {
    const issues = issuesOf(raw);
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)!.message).toMatch(message);
  });

  test("a wrong tag key shows the key, not the value under it", () => {
    expect(issuesOf({ tags: { CostCenter: "4711" } })).toEqual([expect.objectContaining({ path: "tags.CostCenter", value: "CostCenter" })]);
  });

  test("a whole-number PostgreSQL version is accepted as written", () => {
    expect(validateConfig({ database: { postgresVersion: 16 } }).database.postgresVersion).toBe("16");
  });

  test("the error message lists each problem on its own line", () => {
    expect(() => validateConfig({ regions: { primary: { workspaceNodes: "64" } } }, "prod.json")).toThrow(
      'Invalid deployment config prod.json: 1 problem\n  - regions.primary.workspaceNodes: must be a number (got "64")',
    );
  });
});

describe("config files", () => {
  const dir = mkdtempSync(join(tmpdir(), "coder-refarch-config-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test("no file means the embedded default", () => {
    expect(loadConfig(undefined)).toEqual(validateConfig({}));
  });

  test("JSON and YAML files are read by extension", () => {
    expect(loadConfig(file("a.json", '{"namePrefix": "acme"}')).namePrefix).toBe("acme");
    expect(loadConfig(file("a.yaml", "namePrefix: acme\nregions:\n  primary:\n    workspaceNodes: 100\n")).regions.primary.workspaceNodes).toBe(100);
  });

  test("a missing file names the file", () => {
    expect(() => loadConfig(join(dir, "nope.json"))).toThrow(/nope.json: 1 problem\n  - \(config\): config file not found \(set by CODER_REFARCH_CONFIG\)/);
  });

  test("malformed JSON and YAML name the file and the parser's reason", () => {
    expect(() => loadConfig(file("bad.json", '{"namePrefix": '))).toThrow(/bad.json: 1 problem\n  - \(config\): not valid JSON: /);
    expect(() => loadConfig(file("bad.yaml", "a: [1,\n"))).toThrow(/bad.yaml: 1 problem\n  - \(config\): not valid YAML: /);
    expect(() => loadConfig(file("dup.yaml", "a: 1\na: 2\n"))).toThrow(/not valid YAML/);
  });

  test("a file that is not an object is refused", () => {
    expect(() => loadConfig(file("list.json", "[1, 2]"))).toThrow(/\(config\): must be an object/);
  });
});
