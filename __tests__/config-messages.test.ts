import { validateConfig } from "../lib/config";
import { formatIssues } from "../lib/config/errors";
import { MIN_CODER_POSTGRES_VERSION } from "../lib/reference";
import { issuesOf } from "./support/config-issues";

/**
 * The words of a config error, exactly: they are the user's first message from the product, and each
 * part (the path, the value, what is allowed, the suggestion) is there for a reason.
 */
const TOP_LEVEL_KEYS = "$schema, cloud, tier, namePrefix, tags, regions, kubernetes, database, workload, instanceTypes, backend, coder, policy, aws, gcp, azure";

describe("unknown keys", () => {
  test("a near miss is suggested and every allowed key listed", () => {
    expect(issuesOf({ regoins: {} })).toEqual([{ path: "regoins", message: `unknown key (did you mean "regions"?); allowed: ${TOP_LEVEL_KEYS}`, value: {} }]);
  });

  test("the suggestion ignores case and reaches two edits, not three", () => {
    expect(issuesOf({ Regions: {} })[0].message).toMatch(/^unknown key \(did you mean "regions"\?\)/);
    expect(issuesOf({ regins: {} })[0].message).toMatch(/^unknown key \(did you mean "regions"\?\)/);
    expect(issuesOf({ rgins: {} })[0].message).toMatch(/^unknown key \(did you mean "regions"\?\)/);
    expect(issuesOf({ rgns: {} })[0].message).toBe(`unknown key; allowed: ${TOP_LEVEL_KEYS}`);
  });

  test("nested: the full path, and the keys allowed there", () => {
    expect(issuesOf({ regions: { primary: { nmae: "us-east-1" } } })).toEqual([
      {
        path: "regions.primary.nmae",
        message: 'unknown key (did you mean "name"?); allowed: name, networkCidr, availabilityZones, workspaceNodes, provisionerNodes, workspaceMinNodes',
        value: "us-east-1",
      },
    ]);
  });

  test("in the backend, the keys of the backend type given, not of every type", () => {
    const [issue] = issuesOf({ backend: { type: "gcs", bucket: "state-bucket", prefx: "x" } });
    expect(issue).toEqual({ path: "backend.prefx", message: 'unknown key (did you mean "prefix"?); allowed: type, bucket, prefix', value: "x" });
  });

  test("in the backend without a known type, the keys of every type", () => {
    const messages = issuesOf({ backend: { type: "s3", bucket: "state-bucket", region: "us-east-1", zzz: 1 } }).map((i) => i.message);
    expect(messages).toEqual(["unknown key; allowed: type, bucket, region, keyPrefix, dynamodbTable"]);
  });
});

describe("wrong types and values", () => {
  test("a required field left out says so, with the type it takes", () => {
    expect(issuesOf({ backend: { type: "s3", region: "us-east-1" } })).toEqual([{ path: "backend.bucket", message: "is required (a string)" }]);
  });

  test("the article follows the type: a string, an object", () => {
    expect(issuesOf({ namePrefix: 5 })).toEqual([{ path: "namePrefix", message: "must be a string", value: 5 }]);
    expect(issuesOf({ regions: { primary: 5 } })).toEqual([{ path: "regions.primary", message: "must be an object", value: 5 }]);
  });

  test("an enum lists its options, quoted", () => {
    expect(issuesOf({ cloud: "oracle" })).toEqual([{ path: "cloud", message: 'must be one of "aws", "gcp", "azure"', value: "oracle" }]);
    expect(issuesOf({ tier: "5k" })).toEqual([{ path: "tier", message: 'must be one of "2k"', value: "5k" }]);
  });

  test("an unknown backend type lists the types", () => {
    expect(issuesOf({ backend: { type: "consul" } })).toEqual([{ path: "backend.type", message: 'must be one of "local", "s3", "gcs", "azurerm"', value: "consul" }]);
  });

  test("a bound from zod starts lower-case, as every other message does", () => {
    expect(issuesOf({ database: { backupRetentionDays: 3 } })).toEqual([
      { path: "database.backupRetentionDays", message: "number must be greater than or equal to 7", value: 3 },
    ]);
  });

  test("a bad tag key names the key itself as the value", () => {
    const [issue] = issuesOf({ tags: { "Cost Center": "x" } });
    expect(issue.path).toBe("tags.Cost Center");
    expect(issue.value).toBe("Cost Center");
    expect(issue.message).toBe("tag keys must be lowercase letters, digits, '_' or '-', starting with a letter (a form every cloud accepts)");
  });
});

describe("the error's text", () => {
  test("names the source and counts the problems, one line each, values shortened past 60 characters", () => {
    const long = "x".repeat(80);
    expect(
      formatIssues("coder.yaml", [
        { path: "namePrefix", message: "must be short", value: long },
        { path: "", message: "is empty" },
      ]),
    ).toBe(`Invalid deployment config coder.yaml: 2 problems\n  - namePrefix: must be short (got "${"x".repeat(56)}...)\n  - (config): is empty`);
    expect(formatIssues("coder.yaml", [{ path: "tier", message: "must be 2k", value: undefined }])).toBe("Invalid deployment config coder.yaml: 1 problem\n  - tier: must be 2k");
  });

  test("a multi-line message stays under its bullet", () => {
    expect(formatIssues("c.yaml", [{ path: "", message: "bad YAML\n1 | a: b\n\n  ^" }])).toBe("Invalid deployment config c.yaml: 1 problem\n  - (config): bad YAML\n    1 | a: b\n\n      ^");
  });

  test("validateConfig names the source it was given", () => {
    expect(() => validateConfig({ cloud: "oracle" }, "coder.yaml")).toThrow(/^Invalid deployment config coder\.yaml: 1 problem\n {2}- cloud: must be one of "aws", "gcp", "azure" \(got "oracle"\)$/);
    expect(() => validateConfig({ cloud: "oracle" })).toThrow(/^Invalid deployment config \(embedded default\): 1 problem/);
  });
});

test("the config's PostgreSQL floor is Coder's minimum, the one every database construct enforces", () => {
  expect(validateConfig({ database: { postgresVersion: MIN_CODER_POSTGRES_VERSION } }).database.postgresVersion).toBe(String(MIN_CODER_POSTGRES_VERSION));
  expect(issuesOf({ database: { postgresVersion: MIN_CODER_POSTGRES_VERSION - 1 } })).toEqual([
    { path: "database.postgresVersion", message: "must be a PostgreSQL major version 13 or newer, such as 17", value: MIN_CODER_POSTGRES_VERSION - 1 },
  ]);
});

test("a region's workspace minimum may equal its share, not exceed it", () => {
  const regions = (min: number) => ({ regions: { primary: { workspaceNodes: 64, workspaceMinNodes: min }, secondary: { workspaceNodes: 64 } } });
  expect(validateConfig(regions(64)).regions.primary.workspaceMinNodes).toBe(64);
  expect(issuesOf(regions(65))).toEqual([{ path: "regions.primary.workspaceMinNodes", message: "must not exceed the region's workspace share of 64", value: 65 }]);
});
