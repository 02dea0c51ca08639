import { validateConfig } from "../lib/config";

/**
 * Each text format the config accepts, at its edges: the shortest and longest accepted, one past
 * either end, and the near misses a user types (a capital, a trailing '-', a scheme, a path). A
 * value is judged by whether the config is refused at that field.
 */
type Build = (value: unknown) => object;
interface Format {
  readonly field: string;
  readonly build: Build;
  readonly accepts: readonly unknown[];
  readonly refuses: readonly unknown[];
}

const s3 = (over: object) => ({ backend: { type: "s3", bucket: "state-bucket", region: "us-east-1", ...over } });
const guid = "0f8fad5b-d9cb-469f-a165-70867728950e";

const FORMATS: readonly Format[] = [
  {
    field: "namePrefix",
    build: (v) => ({ namePrefix: v }),
    accepts: ["ab", "a1", "coder-2", "a".repeat(20)],
    refuses: ["a", "a".repeat(21), "1coder", "-coder", "coder-", "Coder", "co_der", "co.der"],
  },
  {
    field: "regions.primary.networkCidr",
    // On GCP: a /8 is a valid CIDR there, while an AWS VPC takes at most a /16 (bad-configs.test.ts).
    build: (v) => ({ cloud: "gcp", regions: { primary: { networkCidr: v } } }),
    accepts: ["10.0.0.0/16", "10.0.0.0/8"],
    refuses: ["10.0.0.0", "10.0.0.0/33", "10.0.0.1/16", "256.0.0.0/16", "10.0.0.0/16 ", " 10.0.0.0/16", "10.0.0/16", "a.b.c.d/16"],
  },
  {
    field: "kubernetes.version",
    build: (v) => ({ kubernetes: { version: v } }),
    accepts: ["1.35"],
    refuses: ["1.35.2", "v1.35", "1.", "2.35", "1.350", "x1.35"],
  },
  {
    field: "database.postgresVersion",
    build: (v) => ({ database: { postgresVersion: v } }),
    // The majors the three managed services offer (lib/config/cloud-limit-rules.ts POSTGRES_MAJORS).
    accepts: ["13", "17", 14, "16"],
    refuses: ["12", "9", "100", "17.2", "pg17", 16.5, "18", 19, "99"],
  },
  {
    field: "database.backupRetentionDays",
    build: (v) => ({ database: { backupRetentionDays: v } }),
    accepts: [7, 35],
    refuses: [6, 36, 7.5],
  },
  {
    field: "regions.primary.availabilityZones",
    build: (v) => ({ regions: { primary: { availabilityZones: v } } }),
    accepts: [2, 6],
    refuses: [1, 7, 2.5],
  },
  {
    field: "regions.primary.workspaceNodes",
    build: (v) => ({ regions: { primary: { workspaceNodes: v }, secondary: { workspaceNodes: 128 - (typeof v === "number" ? v : 0) } } }),
    accepts: [0, 64],
    refuses: [-1, 1.5],
  },
  {
    field: "backend.bucket",
    build: (v) => s3({ bucket: v }),
    accepts: ["abc", "b".repeat(63)],
    refuses: ["ab", "b".repeat(64)],
  },
  {
    field: "backend.dynamodbTable",
    build: (v) => s3({ dynamodbTable: v }),
    accepts: ["l", "locks"],
    refuses: [""],
  },
  {
    field: "backend.storageAccountName",
    build: (v) => ({ backend: { type: "azurerm", resourceGroupName: "rg", containerName: "tfstate", storageAccountName: v } }),
    accepts: ["abc", "a".repeat(24), "state01"],
    refuses: ["ab", "a".repeat(25), "State01", "state-01"],
  },
  {
    field: "aws.clusterAdminPrincipalArns.0",
    build: (v) => ({ aws: { clusterAdminPrincipalArns: [v] } }),
    accepts: ["arn:aws:iam::123456789012:role/platform", "arn:aws:iam::123456789012:user/alice", "arn:aws-us-gov:iam::123456789012:role/x"],
    refuses: ["arn:aws:iam::12345678901:role/x", "arn:aws:iam::123456789012:group/x", "arn:aws:iam::123456789012:role/", "arn:aws:s3:::bucket", "xarn:aws:iam::123456789012:role/x"],
  },
  {
    field: "gcp.project",
    build: (v) => ({ cloud: "gcp", gcp: { project: v } }),
    accepts: ["acme-1", "a".repeat(30)],
    refuses: ["acme1", "a".repeat(31), "1acme-coder", "acme-coder-", "Acme-coder"],
  },
  {
    field: "azure.subscriptionId",
    build: (v) => ({ cloud: "azure", azure: { subscriptionId: v } }),
    accepts: [guid, guid.toUpperCase()],
    refuses: [guid.slice(1), `${guid}0`, guid.replace(/-/g, ""), `{${guid}}`, guid.replace("0f8fad5b", "0f8fad5g")],
  },
  {
    field: "coder.domain",
    build: (v) => ({ coder: { domain: v } }),
    accepts: ["acme.dev", "coder.acme.dev", "a-b.c0.io"],
    refuses: ["", "acme", "Acme.dev", "acme.dev.", ".acme.dev", "-acme.dev", "acme-.dev", "*.acme.dev", "https://acme.dev"],
  },
  {
    field: "coder.accessUrl",
    // The load balancers listen on 443: a URL with a port would name one nothing serves.
    build: (v) => ({ coder: { domain: "acme.dev", accessUrl: v } }),
    accepts: ["https://coder.acme.dev", "https://x.y.acme.dev", "https://acme.dev"],
    refuses: ["http://coder.acme.dev", "https://coder.acme.dev/", "https://coder.acme.dev/x", "https://Coder.acme.dev", "https://coder", "https://coder.acme.dev:8443", "https://coder.acme.dev:443", "https://-coder.acme.dev"],
  },
  {
    field: "coder.wildcardAccessUrl",
    build: (v) => ({ coder: { domain: "acme.dev", wildcardAccessUrl: v } }),
    accepts: ["*.coder.acme.dev", "*--apps.acme.dev", "*-x.acme.dev"],
    refuses: ["coder.acme.dev", "https://*.coder.acme.dev", "*.coder", "*coder.acme.dev", "*.Coder.acme.dev", "*.coder.acme.dev."],
  },
  {
    field: "coder.tls.acmeEmail",
    build: (v) => ({ coder: { tls: { acmeEmail: v } } }),
    accepts: ["ops@acme.dev", "a+b@c.io"],
    refuses: ["", "ops", "ops@acme", "ops @acme.dev", "@acme.dev"],
  },
  {
    field: "coder.tls.acmeServer",
    build: (v) => ({ coder: { tls: { acmeServer: v } } }),
    accepts: ["https://acme-staging-v02.api.letsencrypt.org/directory", "https://ca.internal/acme/acme/directory"],
    refuses: ["", "http://acme.internal/directory", "acme-v02.api.letsencrypt.org"],
  },
  {
    field: "policy.suppressions.0.rule",
    build: (v) => ({ policy: { suppressions: [{ rule: v, reason: "a reason of some length" }] } }),
    accepts: ["AWS-EKS-002"],
    refuses: ["aws-eks-002", "AWS", "AWS-", "AWS-EKS-002-", "AWS_EKS_002"],
  },
  {
    field: "policy.suppressions.0.reason",
    build: (v) => ({ policy: { suppressions: [{ rule: "AWS-EKS-002", reason: v }] } }),
    accepts: ["ten chars!"],
    refuses: ["nine char"],
  },
  {
    field: "tags.team",
    build: (v) => ({ tags: { team: v } }),
    accepts: ["", "platform", "a b_c.d:e/f=g+h@i-j", "v".repeat(255)],
    refuses: ["v".repeat(256), "café", "a,b", "a;b"],
  },
];

const refusedAt = (raw: object, field: string): boolean => {
  try {
    validateConfig(raw);
    return false;
  } catch (error) {
    return (error as { issues?: { path: string }[] }).issues?.some((i) => i.path === field) ?? false;
  }
};

describe.each(FORMATS.map((f) => [f.field, f] as const))("%s", (field, format) => {
  test.each(format.accepts.map((v) => [JSON.stringify(v), v]))("accepts %s", (_, value) => expect(refusedAt(format.build(value), field)).toBe(false));
  test.each(format.refuses.map((v) => [JSON.stringify(v), v]))("refuses %s", (_, value) => expect(refusedAt(format.build(value), field)).toBe(true));
});

test("tag keys: a lowercase letter, then up to 62 of letters, digits, '_' or '-'", () => {
  const keyRefused = (key: string) => refusedAt({ tags: { [key]: "v" } }, `tags.${key}`);
  expect(["a", "team", "cost_center", "cost-center2", `a${"b".repeat(62)}`].map(keyRefused)).toEqual([false, false, false, false, false]);
  expect(["Team", "1team", "_team", "te am", `a${"b".repeat(63)}`].map(keyRefused)).toEqual([true, true, true, true, true]);
});
