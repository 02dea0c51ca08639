import { parseCidr } from "../common/cidr";
import { Cloud } from "../reference/types";
import { ConfigIssue } from "./errors";

/**
 * What each cloud refuses at apply time, or quietly changes, checked before anything is written:
 * network and service range sizes, PostgreSQL versions each managed service offers, how many tags a
 * resource takes once the project's own are added, reserved tag prefixes, tags the project writes
 * itself, and S3 bucket names. Each limit names its source.
 */

/** Tags (labels on GCP) the project puts on every resource itself (lib/plan/build-plan.ts projectTags). */
export const PROJECT_TAG_KEYS = ["managed-by", "coder-refarch-deployment"] as const;

/**
 * Tags a resource takes, and how many the project uses of them: AWS 50 per resource, `Name` on
 * most (tagging-best-practices, "Tag limits"); GCP 64 labels (cloud.google.com/compute/docs/labeling-
 * resources); Azure 50 tags per resource (azure-resource-manager/management/tag-resources, limitations).
 */
const TAG_LIMITS: Readonly<Record<Cloud, { readonly max: number; readonly used: number; readonly source: string }>> = {
  aws: { max: 50, used: PROJECT_TAG_KEYS.length + 1, source: "AWS tagging: 50 tags per resource; the project sets managed-by, coder-refarch-deployment and Name" },
  gcp: { max: 64, used: PROJECT_TAG_KEYS.length, source: "Compute Engine labels: 64 per resource; the project sets managed-by and coder-refarch-deployment" },
  azure: { max: 50, used: PROJECT_TAG_KEYS.length, source: "Azure Resource Manager: 50 tags per resource; the project sets managed-by and coder-refarch-deployment" },
};

/**
 * Prefixes each cloud keeps for itself: AWS `aws:` (user-defined tags cannot start with it), Azure
 * `microsoft`, `azure`, `windows` (tag names cannot start with them), GCP `goog` (reserved label prefix).
 */
const RESERVED_TAG_PREFIXES: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ["aws:"],
  gcp: ["goog"],
  azure: ["microsoft", "azure", "windows"],
};

/**
 * PostgreSQL majors each managed service offers as of late 2026: RDS 13-17 (RDS user guide,
 * PostgreSQL release calendar), Cloud SQL POSTGRES_13-17 (cloud.google.com/sql/docs/db-versions),
 * Azure Flexible Server 13-17 (learn.microsoft.com/azure/postgresql/flexible-server/concepts-supported-versions).
 */
export const POSTGRES_MAJORS: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ["13", "14", "15", "16", "17"],
  gcp: ["13", "14", "15", "16", "17"],
  azure: ["13", "14", "15", "16", "17"],
};

export interface LimitRuleInput {
  readonly cloud?: Cloud;
  readonly tags?: Readonly<Record<string, string>>;
  readonly networkCidrs?: readonly { readonly path: string; readonly cidr?: string }[];
  readonly serviceCidr?: string;
  readonly postgresVersion?: string;
  readonly s3Bucket?: string;
}

export function cloudLimitIssues(input: LimitRuleInput): ConfigIssue[] {
  const { cloud } = input;
  if (!cloud) return [];
  return [...tagIssues(cloud, input.tags), ...networkIssues(cloud, input), ...postgresIssues(cloud, input.postgresVersion), ...bucketIssues(input.s3Bucket)];
}

function tagIssues(cloud: Cloud, tags: Readonly<Record<string, string>> | undefined): ConfigIssue[] {
  if (!tags) return [];
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(tags)) {
    if ((PROJECT_TAG_KEYS as readonly string[]).includes(key)) {
      issues.push({ path: `tags.${key}`, message: `is a tag the project sets itself on every resource (${PROJECT_TAG_KEYS.join(", ")}); yours would be overwritten: use another key`, value: key });
    }
    const reserved = RESERVED_TAG_PREFIXES[cloud].find((prefix) => key.toLowerCase().startsWith(prefix));
    if (reserved) issues.push({ path: `tags.${key}`, message: `starts with "${reserved}", which ${cloud} keeps for itself`, value: key });
  }
  const limit = TAG_LIMITS[cloud];
  const count = Object.keys(tags).length;
  if (count + limit.used > limit.max) {
    issues.push({ path: "tags", message: `holds ${count} tags; with the project's ${limit.used} a resource would carry ${count + limit.used}, over ${cloud}'s ${limit.max} (${limit.source}): at most ${limit.max - limit.used}`, value: count });
  }
  return issues;
}

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c)!);
const insidePrivate = (cidr: string) => {
  const block = parseCidr(cidr);
  return !!block && PRIVATE_RANGES.some((r) => block.prefix >= r.prefix && (block.base >>> (32 - r.prefix)) === (r.base >>> (32 - r.prefix)));
};

function networkIssues(cloud: Cloud, input: LimitRuleInput): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (cloud === "aws") {
    // A VPC's primary CIDR is /16 to /28 (Amazon VPC user guide, "VPC CIDR blocks").
    for (const { path, cidr } of input.networkCidrs ?? []) {
      const block = cidr && parseCidr(cidr);
      if (block && block.prefix < 16) issues.push({ path, message: "is larger than a VPC takes: AWS allows /16 to /28 for a VPC's CIDR", value: cidr });
    }
    // EKS: the service range must be in 10/8, 172.16/12 or 192.168/16, /12 to /24 (EKS API, KubernetesNetworkConfigRequest serviceIpv4Cidr).
    const service = input.serviceCidr && parseCidr(input.serviceCidr);
    if (service && (!insidePrivate(input.serviceCidr!) || service.prefix < 12 || service.prefix > 24)) {
      issues.push({ path: "kubernetes.serviceCidr", message: "must be inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, between /12 and /24 (EKS serviceIpv4Cidr)", value: input.serviceCidr });
    }
  }
  if (cloud === "gcp") {
    // GKE refuses a Services range smaller than /27 (cloud.google.com/kubernetes-engine/docs/concepts/alias-ips,
    // "Secondary range for Services").
    const service = input.serviceCidr && parseCidr(input.serviceCidr);
    if (service && service.prefix > 27) {
      issues.push({ path: "kubernetes.serviceCidr", message: "is smaller than GKE's Services range takes: /27 or larger", value: input.serviceCidr });
    }
  }
  return issues;
}

function postgresIssues(cloud: Cloud, version: string | undefined): ConfigIssue[] {
  if (version === undefined || POSTGRES_MAJORS[cloud].includes(version)) return [];
  return [{ path: "database.postgresVersion", message: `is not a PostgreSQL major ${cloud}'s managed service offers; offered: ${POSTGRES_MAJORS[cloud].join(", ")}`, value: version }];
}

/**
 * S3 bucket names (Amazon S3 user guide, bucketnamingrules): 3-63 characters, lowercase letters,
 * digits, dots and hyphens, starting and ending with a letter or digit, no two dots in a row, not
 * an IP address, not starting with `xn--`, `sthree-` or `amzn-s3-demo-`, not ending with `-s3alias`,
 * `--ol-s3` or `.mrap`.
 */
function bucketIssues(bucket: string | undefined): ConfigIssue[] {
  if (bucket === undefined) return [];
  const problems = [
    !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) && "3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit",
    bucket.includes("..") && "no two dots in a row",
    /^\d+\.\d+\.\d+\.\d+$/.test(bucket) && "not an IP address",
    /^(xn--|sthree-|amzn-s3-demo-)/.test(bucket) && "not starting with xn--, sthree- or amzn-s3-demo-",
    /(-s3alias|--ol-s3|\.mrap)$/.test(bucket) && "not ending with -s3alias, --ol-s3 or .mrap",
  ].filter(Boolean);
  return problems.length > 0 ? [{ path: "backend.bucket", message: `is not an S3 bucket name: ${problems.join("; ")}`, value: bucket }] : [];
}
