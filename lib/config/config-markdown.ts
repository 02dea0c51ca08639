import { AKS_RESERVED_CIDRS } from "../reference/azure-limits";
import { CLUSTER_AUTOSCALER_RELEASES } from "../reference/aws-eks";
import { CLOUD_DEFAULTS, compareMinorVersions } from "../reference/cloud-defaults";
import { REFERENCE_TIERS } from "../reference/tier-2k";
import { Cloud, CLOUDS } from "../reference/types";
import { configJsonSchema } from "./json-schema";

/** Where docs/configuration.md's field table starts and ends; `npm run docs:config` rewrites what lies between. */
export const CONFIG_TABLE_START = "<!-- config-reference:start (npm run docs:config writes this table) -->";
export const CONFIG_TABLE_END = "<!-- config-reference:end -->";

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema nodes are untyped JSON */

/** A leaf field of the config's JSON Schema. */
export interface ConfigLeaf {
  /** Dotted path, `[]` for a list's items: `policy.suppressions[].rule`. */
  readonly path: string;
  readonly node: any;
  /** For a field of the backend union, the `type` of the option that has it. */
  readonly option?: string;
  readonly required: boolean;
}

/** Every leaf of the schema, in the schema's order: objects recursed, lists of objects by their item, a union of objects by each option. */
export function configLeaves(node: any = (configJsonSchema() as any).definitions.CoderRefarchConfig, path = "", option?: string, required = false): ConfigLeaf[] {
  if (Array.isArray(node.anyOf) && node.anyOf.every((o: any) => o.type === "object" && o.properties)) {
    return node.anyOf.flatMap((o: any) => configLeaves(o, path, o.properties.type?.const, required));
  }
  if (node.type === "object" && node.properties) {
    const requiredKeys: readonly string[] = node.required ?? [];
    return Object.entries(node.properties).flatMap(([key, child]) => configLeaves(child, path === "" ? key : `${path}.${key}`, option, requiredKeys.includes(key)));
  }
  if (node.type === "array" && node.items?.type === "object" && node.items.properties) return configLeaves(node.items, `${path}[]`, option, required);
  return [{ path, node, option, required }];
}

const TIER = REFERENCE_TIERS["2k"];
const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

/** `10.0.0.0/16` / `10.1.0.0/16`, once when every cloud agrees, else per cloud. */
function perCloud(render: (cloud: Cloud) => string, suffixWhenSame: string): string {
  const values = CLOUDS.map(render);
  if (values.every((v) => v === values[0])) return `${values[0]}${suffixWhenSame}`;
  return `per cloud: ${CLOUDS.map((cloud, i) => `${values[i]} (${cloud})`).join(", ")}`;
}

/** "3-63 characters", "at least 1 character", "2-6", "0 or more" from a leaf's bounds. */
function bounds(node: any, unit?: "characters"): string {
  const min = unit ? node.minLength : node.minimum;
  const max = unit ? node.maxLength : node.maximum;
  const of = unit ? ` ${unit}` : "";
  if (min !== undefined && max !== undefined) return `${min}-${max}${of}`;
  if (min !== undefined) return unit ? `at least ${min} ${min === 1 ? "character" : unit}` : min === 0 ? "0 or more" : `at least ${min}`;
  throw new Error(`no bounds in ${JSON.stringify(node)}`);
}

/** Notes on a default Kubernetes minor, keyed by cloud and version: a changed default loses its note instead of keeping a stale one. */
const KUBERNETES_DEFAULT_NOTES: Readonly<Record<string, string>> = {
  "aws 1.35": "EKS standard support to March 2027",
  "gcp 1.35": "GKE Regular channel default since September 2026",
};

const KUBERNETES_RANGE_NOTES: Readonly<Record<Cloud, string>> = {
  aws: (() => {
    // Said only while the range is wider than the minors with a pinned Cluster Autoscaler release.
    const minors = Object.keys(CLUSTER_AUTOSCALER_RELEASES).sort(compareMinorVersions);
    const [first, last] = [minors[0], minors[minors.length - 1]];
    const { min, max } = CLOUD_DEFAULTS.aws.kubernetes;
    return first === min && last === max ? "" : `, of which those with a pinned Cluster Autoscaler release (\`${first}\`-\`${last}\`)`;
  })(),
  gcp: " (Regular channel)",
  azure: "",
};

const machineDefault = (pool: "coderd" | "provisioner" | "workspace") =>
  `the table's: ${CLOUDS.map((cloud) => `${code(TIER[pool].instanceTypes[cloud])} (${cloud})`).join(", ")}`;

/** What the schema cannot say about a field: its type in words, a default the schema does not hold, and what is allowed. */
interface FieldDoc {
  /** Overrides the type read from the schema (a CIDR is a string to the schema). */
  readonly type?: string;
  /** The default where the schema has none: per cloud, unset, a required field's note. */
  readonly default?: string;
  /** Said after the schema's own default. */
  readonly defaultNote?: string;
  readonly allowed: string | ((leaves: readonly ConfigLeaf[]) => string);
}

/** One entry per row of the table, keyed as the row names its field (`regions.*` for both regions). */
const FIELD_DOCS: Readonly<Record<string, FieldDoc>> = {
  $schema: { default: "unset", allowed: "path or URL of `schema/coder-refarch.config.schema.json`, for editors; ignored by the app" },
  cloud: { allowed: ([leaf]) => `${leaf.node.enum.map(code).join(", ")}; the cloud decides the defaults marked "per cloud" below` },
  tier: { allowed: ([leaf]) => `${leaf.node.enum.map(code).join(", ")} (Coder's reference architecture for up to 2,000 users)` },
  namePrefix: {
    allowed:
      "2-20 lowercase letters, digits, `-`, starting with a letter, not ending with `-`; on azure at most 14 and no `--` (Key Vault names hold 24 characters)",
  },
  tags: {
    type: "map of string to string",
    allowed:
      "keys lowercase `[a-z][a-z0-9_-]*` up to 63; values up to 255 letters, digits, spaces and `_ . : / = + - @`; on gcp values too lowercase letters, digits, `_`, `-`, up to 63 (GCP labels); the project adds `managed-by` and `coder-refarch-deployment`",
  },
  "regions.*.name": {
    default: `per cloud: ${CLOUDS.map((cloud) => `${code(CLOUD_DEFAULTS[cloud].regions.primary)} / ${code(CLOUD_DEFAULTS[cloud].regions.secondary)} (${cloud})`).join(", ")}`,
    allowed:
      "the cloud's commercial region names (`lib/reference/regions.ts`), primary and secondary different; on gcp a region that offers T2D (`lib/reference/machine-availability.ts`); on azure a region with availability zones",
  },
  "regions.*.networkCidr": {
    type: "IPv4 CIDR",
    default: perCloud((cloud) => `${code(CLOUD_DEFAULTS[cloud].networkCidrs.primary)} / ${code(CLOUD_DEFAULTS[cloud].networkCidrs.secondary)}`, " (primary / secondary), on every cloud"),
    allowed:
      "no host bits set; overlapping neither the other region nor `kubernetes.serviceCidr`; large enough for the region's pools at full scale (the error names the size needed); on azure outside the ranges AKS reserves",
  },
  "regions.*.availabilityZones": {
    allowed: ([leaf]) => `${bounds(leaf.node)}; on gcp at most the zones the region has (\`lib/reference/gcp-zones.ts\`); on azure 2-3`,
  },
  "regions.*.workspaceNodes": {
    default: `even split of ${TIER.workspace.nodes}: ${TIER.workspace.nodes / 2} each`,
    allowed: ([leaf]) => `${leaf.node.minimum}-${TIER.workspace.nodes}; the two shares add up to ${TIER.workspace.nodes}; one given, the other gets the rest`,
  },
  "regions.*.provisionerNodes": {
    default: `even split of ${TIER.provisioner.nodes}: ${TIER.provisioner.nodes / 2} each`,
    allowed: ([leaf]) => `${leaf.node.minimum}-${TIER.provisioner.nodes}; the two shares add up to ${TIER.provisioner.nodes}; a region with workspace nodes needs at least 1`,
  },
  "regions.*.workspaceMinNodes": { default: "1", allowed: "0 to the region's workspace share (nodes kept running when idle)" },
  "kubernetes.version": {
    type: 'string (quoted: `"1.35"`)',
    default: `per cloud: ${CLOUDS.map((cloud) => {
      const version = CLOUD_DEFAULTS[cloud].kubernetes.default;
      const note = KUBERNETES_DEFAULT_NOTES[`${cloud} ${version}`];
      return `${code(version)} on ${cloud}${note ? ` (${note})` : ""}`;
    }).join(", ")}`,
    allowed: `a minor the cloud offers: ${CLOUDS.map((cloud) => {
      const { min, max } = CLOUD_DEFAULTS[cloud].kubernetes;
      return `${cloud} ${code(min)}-${code(max)}${KUBERNETES_RANGE_NOTES[cloud]}`;
    }).join(", ")} (\`lib/reference/cloud-defaults.ts\` names each source)`,
  },
  "kubernetes.apiAllowedCidrs": {
    type: "list of IPv4 CIDRs",
    defaultNote: "(private endpoint only)",
    allowed: "CIDRs allowed to reach the Kubernetes API, each once, never `/0`",
  },
  "kubernetes.serviceCidr": {
    type: "IPv4 CIDR",
    default: perCloud((cloud) => code(CLOUD_DEFAULTS[cloud].serviceCidr), ", on every cloud"),
    allowed: `outside both region networks; on azure outside the ranges AKS refuses (${AKS_RESERVED_CIDRS.map(code).join(", ")})`,
  },
  "database.postgresVersion": { allowed: "a major version, 13 or newer (`16` and `\"16\"` alike)" },
  "database.backupRetentionDays": { allowed: ([leaf]) => bounds(leaf.node) },
  "database.crossRegionReplica": { allowed: "`false` leaves out the read replica in the secondary region" },
  "database.deletionProtection": {
    allowed:
      "`false` for throw-away environments; implies a suppression of `AWS-RDS-004` (aws) or `GCP-SQL-004` (gcp), listed in the output (azure: `prevent_destroy`)",
  },
  "workload.workspaceBuildsPerDay": {
    default: "unset",
    allowed: ([leaf]) => `${bounds(leaf.node)}; above the tier's ${TIER.constraints.databaseReplicaBuildsPerDay} adds a finding`,
  },
  "instanceTypes.coderd": {
    default: machineDefault("coderd"),
    allowed:
      "a node type of the cloud this release can size (`lib/reference/instance-catalog.ts`), for the coderd and proxy pools; refused when a node leaves less than coderd's 2000m / 4096Mi (the error names pool, type, requests and capacity)",
  },
  "instanceTypes.provisioner": {
    default: machineDefault("provisioner"),
    allowed: `a node type of the cloud; refused when ${TIER.provisioner.perNode} provisioners of at least 100m / 256Mi do not fit on a node`,
  },
  "instanceTypes.workspace": {
    default: machineDefault("workspace"),
    allowed: `a node type of the cloud; refused when a node holds no ${TIER.constraints.workspaceMemoryGib} GiB workspace`,
  },
  "backend.type": {
    type: "enum",
    default: "`local`",
    allowed: (leaves) => `${leaves.map((leaf) => code(leaf.option)).join(", ")}; each takes the fields below marked with it`,
  },
  "backend.bucket": { allowed: (leaves) => leaves.map((leaf) => `${leaf.option}: ${bounds(leaf.node, "characters")}`).join("; ") },
  "backend.region": { allowed: ([leaf]) => `region of the S3 bucket; ${bounds(leaf.node, "characters")}` },
  "backend.keyPrefix": { allowed: ([leaf]) => `${bounds(leaf.node, "characters")}; state at \`<keyPrefix>/<namePrefix>/<stack>.tfstate\`` },
  "backend.dynamodbTable": { default: "unset (s3): S3's own lock file", allowed: ([leaf]) => `a DynamoDB lock table; ${bounds(leaf.node, "characters")}` },
  "backend.prefix": { allowed: ([leaf]) => `${bounds(leaf.node, "characters")}; state under \`<prefix>/<namePrefix>/<stack>/\`` },
  "backend.resourceGroupName": { allowed: ([leaf]) => bounds(leaf.node, "characters") },
  "backend.storageAccountName": { allowed: "3-24 lowercase letters or digits" },
  "backend.containerName": { allowed: ([leaf]) => bounds(leaf.node, "characters") },
  "coder.enabled": { allowed: "`false` leaves the coder stacks out (install Coder your own way)" },
  "coder.version": {
    allowed: ([leaf]) =>
      `an exact Coder release (\`x.y.z\`); a version inside a known security advisory (\`lib/reference/coder-advisories.ts\`) is refused, naming it and the fixed release; another version than the default adds a finding (the Helm values are checked against ${leaf.node.default}'s charts)`,
  },
  "coder.untaggedProvisioners": {
    allowed: ([leaf]) =>
      `${bounds(leaf.node)}, below the primary region's provisioners (${(TIER.provisioner.nodes / 2) * TIER.provisioner.perNode} by default): provisioners with no tags, for jobs without tags`,
  },
  "coder.domain": {
    type: "DNS domain",
    defaultNote: "(a finding; `npm run deploy` refuses it)",
    allowed: "lowercase labels, at least two, such as `acme.com`: the DNS zone the records and ACME challenges go in, and the default of the URLs below",
  },
  "coder.accessUrl": {
    type: "URL",
    default: "`https://coder.<domain>`",
    allowed: "an `https://` origin of a lowercase host inside `coder.domain`, no port (the load balancers listen on 443), no path",
  },
  "coder.wildcardAccessUrl": { type: "host", default: "`*.coder.<domain>`", allowed: "a wildcard host `*.host` or `*-suffix.host` inside `coder.domain`, without `https://`" },
  "coder.proxyAccessUrl": { type: "URL", default: "`https://coder-proxy.<domain>`", allowed: "like `coder.accessUrl`, at a host other than coderd's" },
  "coder.proxyWildcardAccessUrl": { type: "host", default: "`*.coder-proxy.<domain>`", allowed: "like `coder.wildcardAccessUrl`, different from it" },
  "coder.tls.mode": {
    allowed: "`acme` (cert-manager, DNS-01 in the zone of `coder.domain`, renewed unattended) or `pem` (your certificate and key, read from the cloud's secret store)",
  },
  "coder.tls.acmeServer": { type: "URL", allowed: "the `https://` URL of an ACME directory (Let's Encrypt's staging one for trials)" },
  "coder.tls.acmeEmail": { default: "unset: an ACME account without contact", allowed: "an email address, for the CA's expiry notices" },
  "coder.dns.manage": {
    allowed: "`false`: the zone is not in this account; point your records at the `coder_ingress_addresses` output, and use `coder.tls.mode: pem`",
  },
  "coder.hardening.maxTokenLifetimeHours": { allowed: "whole hours, 1 to 8760 (a year); Coder's own default is 876600 (100 years)" },
  "coder.hardening.strictTransportSecuritySeconds": { allowed: "seconds, 0 (no header) to 63072000 (two years)" },
  "coder.hardening.pathApps": { allowed: "`true` serves apps on paths of the dashboard's host as well, in its origin" },
  "coder.hardening.telemetry": { allowed: "`true` sends Coder's usage telemetry" },
  "coder.tlsSecretName": { type: "(refused)", default: "unset", allowed: "refused with a message: replaced by `coder.tls`" },
  "policy.suppressions[].rule": {
    default: "(list `[]`)",
    allowed: "a rule ID of the config's cloud ([policy rules](policy-rules.md)), such as `AWS-EKS-002`",
  },
  "policy.suppressions[].reason": { allowed: ([leaf]) => `why the rule does not apply here, ${bounds(leaf.node, "characters")}` },
  "policy.suppressions[].resource": {
    default: "unset: every resource",
    allowed: ([leaf]) => `construct path prefix the suppression is limited to, such as \`aws-us-east-1-infra/cluster\`; ${bounds(leaf.node, "characters")}`,
  },
  "aws.clusterAdminPrincipalArns": { type: "list of ARNs", allowed: "IAM role or user ARNs given cluster-admin access entries" },
  "aws.bastion": {
    default: "unset: on when `kubernetes.apiAllowedCidrs` and `aws.privateApiCidrs` are empty",
    allowed: "a Session Manager relay per region (no SSH, no public address, IMDSv2) admitted to the private API on 443, through which `npm run deploy` reaches it",
  },
  "aws.privateApiCidrs": {
    type: "list of IPv4 CIDRs",
    allowed: "CIDRs inside or connected to the VPC (CI runners, VPN) admitted to the private API on 443; never `/0`",
  },
  "aws.dnsZoneId": {
    default: "unset: the public zone named `coder.domain`, looked up at plan",
    allowed: "a Route 53 hosted zone ID such as `Z0123456789ABCDEFGHIJ`",
  },
  "gcp.project": {
    default: "unset: the provider's environment (`GOOGLE_PROJECT`)",
    allowed: "a GCP project ID: 6-30 lowercase letters, digits or `-`, starting with a letter",
  },
  "gcp.dnsZone": {
    default: "unset: the one public zone whose DNS name is `coder.domain`, looked up at plan",
    allowed: "a Cloud DNS managed zone name (not its domain): lowercase letters, digits or `-`, starting with a letter",
  },
  "azure.subscriptionId": { type: "GUID", default: "unset: `ARM_SUBSCRIPTION_ID`", allowed: "a GUID such as `00000000-0000-0000-0000-000000000000`" },
  "azure.tenantId": { type: "GUID", default: "unset: `ARM_TENANT_ID` or the signed-in account's", allowed: "a GUID" },
  "azure.runnerConnected": {
    allowed:
      "`true`: `npm run deploy` runs in a network peered or connected to both VNets and reaches the private API servers through their public FQDNs; without it (and without `kubernetes.apiAllowedCidrs`) the deploy refuses",
  },
  "azure.dnsZoneResourceGroup": {
    default: "unset: the zone named `coder.domain` is looked up in the subscription",
    allowed: ([leaf]) => `${bounds(leaf.node, "characters")}: the resource group of that DNS zone`,
  },
};

/** The row a leaf belongs to: both regions share `regions.*`. */
function rowKey(path: string): string {
  return path.replace(/^regions\.(primary|secondary)\./, "regions.*.");
}

/** The type in words, from the schema. */
function schemaType(leaves: readonly ConfigLeaf[]): string {
  const node = leaves[0].node;
  if (node.enum || node.const !== undefined) return "enum";
  if (Array.isArray(node.anyOf)) return node.anyOf.map((o: any) => o.type).join(" or ");
  if (node.type === "array") return `list of ${node.items?.type ?? "values"}s`;
  if (typeof node.type === "string") return node.type;
  throw new Error(`no type for ${leaves[0].path}: say it in FIELD_DOCS`);
}

function defaultCell(key: string, leaves: readonly ConfigLeaf[], doc: FieldDoc): string {
  const options = leaves.map((leaf) => leaf.option).filter((o): o is string => o !== undefined);
  const optionsNote = options.length > 0 ? ` (${options.join(", ")})` : "";
  const withDefault = leaves.filter((leaf) => leaf.node.default !== undefined);
  if (withDefault.length > 0) {
    if (doc.default !== undefined) throw new Error(`${key}: the schema has a default, FIELD_DOCS must not name another`);
    const values = [...new Set(withDefault.map((leaf) => code(leaf.node.default)))];
    if (values.length > 1) throw new Error(`${key}: the options' defaults differ (${values.join(", ")})`);
    const scope = options.length > 0 ? ` (${withDefault.map((leaf) => leaf.option).join(", ")})` : "";
    return [`${values[0]}${scope}`, doc.defaultNote].filter(Boolean).join(" ");
  }
  if (doc.defaultNote !== undefined) throw new Error(`${key}: a default note without a schema default`);
  if (doc.default !== undefined) return doc.default;
  if (leaves.every((leaf) => leaf.required)) return `required${optionsNote}`;
  throw new Error(`${key}: no default in the schema and none in FIELD_DOCS`);
}

/**
 * Every config field as docs/configuration.md's table (field, type, default, what is allowed):
 * the fields, their order, schema defaults, enum choices and bounds read from the JSON Schema that
 * the app's zod schema generates, per-cloud defaults from `CLOUD_DEFAULTS`, and the words of
 * `FIELD_DOCS`. A schema field without an entry, or an entry without a field, throws, so the table
 * cannot fall behind the schema.
 */
export function configReferenceMarkdown(leaves: readonly ConfigLeaf[] = configLeaves()): string {
  const rows = new Map<string, ConfigLeaf[]>();
  for (const leaf of leaves) {
    const key = rowKey(leaf.path);
    const row = rows.get(key) ?? [];
    // regions.* lists the primary's leaf only: the secondary's is the same field.
    if (!(key.startsWith("regions.*.") && leaf.path.startsWith("regions.secondary."))) row.push(leaf);
    rows.set(key, row);
  }
  const missing = [...rows.keys()].filter((key) => !(key in FIELD_DOCS));
  const extra = Object.keys(FIELD_DOCS).filter((key) => !rows.has(key));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`config reference out of step with the schema: ${[...missing.map((k) => `no FIELD_DOCS entry for ${k}`), ...extra.map((k) => `FIELD_DOCS names no field ${k}`)].join("; ")}`);
  }
  const lines = [...rows.entries()].map(([key, row]) => {
    const doc = FIELD_DOCS[key];
    const cloud = CLOUDS.find((c) => key.startsWith(`${c}.`));
    const allowed = typeof doc.allowed === "string" ? doc.allowed : doc.allowed(row);
    const cells = [code(key), doc.type ?? schemaType(row), defaultCell(key, row, doc), cloud ? `${allowed} (${cloud} only)` : allowed];
    return `| ${cells.map((c) => c.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ")).join(" | ")} |`;
  });
  return ["| field | type | default | allowed |", "|---|---|---|---|", ...lines].join("\n");
}
