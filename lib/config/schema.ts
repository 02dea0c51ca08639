import { z } from "zod";
import { coversTooMuch, MAX_PUBLIC_SHARE, publicShare } from "../common/public-coverage";
import { isCidr } from "../common/cidr";
import { advisoriesAffecting } from "../reference/coder-advisories";
import { CODER_HARDENING_DEFAULTS, CODER_HARDENING_LIMITS } from "../reference/coder-hardening";
import { CODER_VERSION } from "../reference/coder-version";

/**
 * The deployment config: everything a platform team chooses. Every field has a default, so `{}`
 * is the reference deployment; a user's file names only what it changes. Rules that relate
 * fields to each other (splits, overlapping CIDRs) live in `cross-field-rules.ts`.
 */

const cidr = z.string().refine(isCidr, { message: "must be an IPv4 CIDR block such as 10.0.0.0/16, with no host bits set" });

/**
 * A list of allowed ranges that covers more than MAX_PUBLIC_SHARE of the public IPv4 space is as
 * open as /0, however it is written (`0.0.0.0/1` + `128.0.0.0/1`, many /8s): refused on the list.
 */
function refuseWideOpen(list: readonly string[], ctx: z.RefinementCtx): void {
  const valid = list.filter(isCidr);
  if (!coversTooMuch(valid)) return;
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `together cover ${(publicShare(valid) * 100).toFixed(1)}% of the public IPv4 space, as open as /0: list your own networks, at most ${MAX_PUBLIC_SHARE * 100}% of it`,
  });
}

const nodeCount = z.number().int().min(0);

const RegionSchema = z.object({
  // Default: the cloud's (see CLOUD_DEFAULTS); what each cloud accepts is checked in cross-field-rules.ts.
  name: z.string().optional().describe("Cloud region name, e.g. us-east-1 (aws), us-east1 (gcp) or eastus (azure). Default: the cloud's primary/secondary region."),
  networkCidr: cidr
    .optional()
    .describe(
      "Address space of the region's network (VPC or VNet); must not overlap the other region or kubernetes.serviceCidr. Default: 10.0.0.0/16 (primary), 10.1.0.0/16 (secondary).",
    ),
  availabilityZones: z.number().int().min(2).max(6).default(3).describe("Availability zones the region's subnets and node pools span (azure: at most 3; gcp: at most the region's zones)."),
  workspaceNodes: nodeCount.optional().describe("This region's share of the tier's workspace nodes; both shares add up to the tier's total (128). Default: an even split."),
  provisionerNodes: nodeCount.optional().describe("This region's share of the tier's provisioner nodes; both shares add up to 4. Default: an even split."),
  workspaceMinNodes: nodeCount.optional().describe("Workspace nodes kept running when idle (default 1); the pool autoscales between this and the region's share."),
}).strict();

export const RegionsSchema = z.object({
  primary: RegionSchema.default({}).describe("The region coderd and the primary database run in."),
  secondary: RegionSchema.default({}).describe("The region of the workspace proxy and the database's read replica."),
}).strict();

/** YAML and JSON read an unquoted 1.30 as the number 1.3: a minor version must be text. */
const VERSION_AS_TEXT = 'must be text in quotes, such as "1.35": unquoted, YAML and JSON read 1.30 as the number 1.3';

export const KubernetesSchema = z.object({
  // Default and allowed range are the cloud's own (CLOUD_DEFAULTS in lib/reference).
  version: z
    .string({ invalid_type_error: VERSION_AS_TEXT })
    .regex(/^1\.\d{1,2}$/, { message: "must be a Kubernetes minor version such as 1.35" })
    .optional()
    .describe('Kubernetes minor version of both clusters, in quotes ("1.35"). Default and allowed range: the cloud\'s (docs/configuration.md).'),
  apiAllowedCidrs: z
    .array(cidr.refine((c) => !c.endsWith("/0"), { message: "must not be open to the whole internet (/0)" }))
    .superRefine((list, ctx) => {
      list.forEach((entry, i) => {
        const first = list.indexOf(entry);
        if (first !== i) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `repeats entry ${first}; list each CIDR once` });
      });
      refuseWideOpen(list, ctx);
    })
    .default([])
    .describe("CIDRs that may reach the Kubernetes API from outside the network, never /0, together at most 1% of the public IPv4 space. Empty keeps the API endpoint private."),
  serviceCidr: cidr.optional().describe("Kubernetes Service address range, the same in both clusters, outside both networks. Default: 172.20.0.0/16."),
}).strict();

const POSTGRES_VERSION_FORM = "must be a PostgreSQL major version such as 17 (a whole number or text)";

export const DatabaseSchema = z.object({
  postgresVersion: z
    // A major version is a whole number, so `postgresVersion: 16` means what it says.
    .union([z.string(), z.number().int({ message: POSTGRES_VERSION_FORM })], { errorMap: () => ({ message: POSTGRES_VERSION_FORM }) })
    .transform(String)
    .pipe(z.string().regex(/^(1[3-9]|[2-9]\d)$/, { message: "must be a PostgreSQL major version 13 or newer, such as 17" }))
    .default("17")
    .describe("PostgreSQL major version, 13 or newer (Coder's minimum)."),
  backupRetentionDays: z.number().int().min(7).max(35).default(7).describe("Days of automated backups kept, 7 to 35."),
  crossRegionReplica: z.boolean().default(true).describe("A read replica in the secondary region for disaster recovery."),
  deletionProtection: z
    .boolean()
    .default(true)
    .describe("Refuse to delete the database; false only for throw-away environments (implies a listed policy suppression)."),
}).strict();

export const WorkloadSchema = z.object({
  workspaceBuildsPerDay: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Expected workspace builds a day; above the tier's threshold the plan recommends database replicas."),
}).strict();

const machineType = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,62}$/, { message: "must be a machine type name such as m5.2xlarge, n2-standard-8 or Standard_D8s_v5" });

export const InstanceTypesSchema = z.object({
  coderd: machineType
    .optional()
    .describe("Machine type of the coderd pool and of the workspace proxy pool. Default: the table's (aws t3.xlarge, gcp n1-standard-4, azure Standard_D4s_v3)."),
  provisioner: machineType
    .optional()
    .describe("Machine type of the provisioner pools. Default: the table's (aws t3.2xlarge, gcp t2d-standard-8, azure Standard_D8s_v3)."),
  workspace: machineType
    .optional()
    .describe("Machine type of the workspace pools. Default: the table's (aws t3.2xlarge, gcp t2d-standard-8, azure Standard_D8s_v3)."),
}).strict();

const LocalBackendSchema = z.object({ type: z.literal("local").describe("State files in the working directory.") }).strict();

const S3BackendSchema = z.object({
  type: z.literal("s3").describe("State in an S3 bucket."),
  bucket: z.string().min(3).max(63).describe("S3 bucket of the state."),
  region: z.string().min(1).describe("Region of the S3 bucket."),
  keyPrefix: z.string().min(1).default("coder-refarch").describe("State objects are written as <keyPrefix>/<namePrefix>/<stack>.tfstate."),
  dynamodbTable: z.string().min(1).optional().describe("Optional DynamoDB lock table; without it, S3's own lock file is used."),
}).strict();

const GcsBackendSchema = z.object({
  type: z.literal("gcs").describe("State in a Google Cloud Storage bucket."),
  bucket: z.string().min(3).max(222).describe("GCS bucket of the state."),
  prefix: z.string().min(1).default("coder-refarch").describe("State objects are written under <prefix>/<namePrefix>/<stack>/."),
}).strict();

const AzurermBackendSchema = z.object({
  type: z.literal("azurerm").describe("State in an Azure Storage blob container."),
  resourceGroupName: z.string().min(1).max(90).describe("Resource group of the storage account."),
  storageAccountName: z
    .string()
    .regex(/^[a-z0-9]{3,24}$/, { message: "must be 3-24 lowercase letters or digits (an Azure storage account name)" })
    .describe("Storage account of the state: 3-24 lowercase letters or digits."),
  containerName: z.string().min(3).max(63).describe("Blob container of the state."),
  keyPrefix: z.string().min(1).default("coder-refarch").describe("State blobs are written as <keyPrefix>/<namePrefix>/<stack>.tfstate."),
}).strict();

export const BackendSchema = z.discriminatedUnion("type", [LocalBackendSchema, S3BackendSchema, GcsBackendSchema, AzurermBackendSchema]);

export const AwsSchema = z.object({
  clusterAdminPrincipalArns: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, { message: "must be an IAM role or user ARN" }))
    .default([])
    .describe("IAM role or user ARNs given cluster-admin through EKS access entries."),
  bastion: z
    .boolean()
    .optional()
    .describe(
      "A small instance per region that Session Manager reaches (no SSH, no public address), through which npm run deploy forwards a port to the private Kubernetes API on 443. Default: on when nothing else reaches the API (kubernetes.apiAllowedCidrs and aws.privateApiCidrs empty).",
    ),
  privateApiCidrs: z
    .array(cidr.refine((c) => !c.endsWith("/0"), { message: "must not admit every address (/0)" }))
    .superRefine(refuseWideOpen)
    .default([])
    .describe("CIDRs inside or connected to the VPC (a CI runner subnet, a VPN) admitted to the private Kubernetes API on 443; never /0."),
  dnsZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{1,31}$/, { message: "must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ" })
    .optional()
    .describe("Route 53 public hosted zone of coder.domain. Unset, the zone named coder.domain is looked up when Terraform plans."),
}).strict();

export const GcpSchema = z.object({
  // Unset, a synth needs no account.
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: "must be a GCP project ID: 6-30 lowercase letters, digits or '-', starting with a letter" })
    .optional()
    .describe("GCP project ID to deploy into. Unset, the Google provider takes it from the environment (GOOGLE_PROJECT or gcloud's default)."),
  dnsZone: z
    .string()
    .regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: "must be a Cloud DNS managed zone name: lowercase letters, digits or '-', starting with a letter" })
    .optional()
    .describe("Cloud DNS managed zone (its name, not its domain) holding coder.domain, in the deployment's project. Unset, the public zone whose DNS name is coder.domain is looked up when Terraform plans."),
}).strict();

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: "must be a GUID such as 00000000-0000-0000-0000-000000000000" });

export const AzureSchema = z.object({
  subscriptionId: uuid.optional().describe("Subscription to deploy into (a GUID). Unset, the azurerm provider reads ARM_SUBSCRIPTION_ID."),
  tenantId: uuid.optional().describe("Entra ID tenant (a GUID). Unset, the provider reads ARM_TENANT_ID or the signed-in account's."),
  runnerConnected: z
    .boolean()
    .default(false)
    .describe(
      "npm run deploy runs in a network peered or connected to both regions' VNets (a CI runner there, a VPN): it then reaches the private API servers through their public FQDNs, which resolve to private addresses. Unneeded with kubernetes.apiAllowedCidrs.",
    ),
  dnsZoneResourceGroup: z
    .string()
    .min(1)
    .max(90)
    .optional()
    .describe("Resource group of the Azure DNS zone named coder.domain, in the deployment's subscription. Unset, the zone is looked up by name in the subscription when Terraform plans."),
}).strict();

/**
 * An HTTPS origin: scheme and host, no port, no path, as Coder's access URLs need. No port: the
 * load balancers the deployment makes listen on 443, so any other port would name one nothing serves.
 */
const httpsOrigin = z
  .string()
  .regex(/^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, {
    message: "must be an https:// URL of a lowercase host name with no port (the load balancers listen on 443) and no path, such as https://coder.example.com",
  });
/** Coder's wildcard form: `*.example.com` or `*-suffix.example.com`, no scheme (docs: CODER_WILDCARD_ACCESS_URL). */
const wildcardHost = z
  .string()
  .regex(/^\*(\.|-[a-z0-9-]*\.)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, {
    message: "must be a wildcard host such as *.coder.example.com or *--apps.example.com, without https://",
  });

/** Placeholder domain of the default access URLs: fine for synth, refused by npm run deploy (a finding says so). */
export const PLACEHOLDER_DOMAIN = "example.com";

/** Let's Encrypt's production ACME directory (letsencrypt.org/docs/acme-protocol-updates). */
export const LETS_ENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";

/** A DNS domain of lowercase labels, at least two. */
const dnsDomain = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, {
  message: "must be a DNS domain of lowercase labels such as acme.com or coder.acme.com",
});

export const CoderSchema = z.object({
  enabled: z.boolean().default(true).describe("Install Coder with the stacks (<cloud>-<region>-coder); false leaves the layer out for your own install."),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, { message: "must be an exact Coder release such as 2.34.9 (no \"v\", no range)" })
    .superRefine((version, ctx) => {
      for (const { advisory, fixedIn } of advisoriesAffecting(version)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is affected by ${advisory.id} (${advisory.title}); use ${fixedIn} or later (${advisory.source})` });
      }
    })
    .default(CODER_VERSION)
    .describe(`Coder release of the coder and coder-provisioner charts, both alike. Default: ${CODER_VERSION}, the version the Helm values are checked against; versions with a known advisory are refused.`),
  untaggedProvisioners: z
    .number()
    .int()
    .min(0)
    .default(10)
    .describe("Provisioners with no tags, for jobs with no tags (starter templates, pushes without --provisioner-tag), taken from the primary region's share; 0 leaves them out."),
  domain: dnsDomain
    .default(PLACEHOLDER_DOMAIN)
    .describe(
      "DNS domain of Coder's hosts: the cloud's DNS zone the deployment writes records and certificate challenges into, and the default of the URLs below (coder.<domain>, coder-proxy.<domain>).",
    ),
  accessUrl: httpsOrigin.optional().describe("URL users and workspaces reach coderd at (CODER_ACCESS_URL): https://, no path, a host inside coder.domain. Default: https://coder.<domain>."),
  wildcardAccessUrl: wildcardHost
    .optional()
    .describe("Wildcard host for workspace apps served by coderd (CODER_WILDCARD_ACCESS_URL), without https://, inside coder.domain. Default: *.coder.<domain>."),
  proxyAccessUrl: httpsOrigin.optional().describe("URL of the workspace proxy in the secondary region; a host other than coderd's, inside coder.domain. Default: https://coder-proxy.<domain>."),
  proxyWildcardAccessUrl: wildcardHost.optional().describe("Wildcard host for workspace apps served by the proxy, inside coder.domain. Default: *.coder-proxy.<domain>."),
  tls: z
    .object({
      mode: z
        .enum(["acme", "pem"])
        .default("acme")
        .describe(
          "How coderd and the proxy get their certificates: acme (cert-manager with ACME DNS-01 through the cloud's DNS zone of coder.domain, renewed without a person) or pem (your own certificate and key, kept in the cloud's secret store).",
        ),
      acmeServer: z
        .string()
        .regex(/^https:\/\/[^\s]+$/, { message: "must be the https:// URL of an ACME directory" })
        .default(LETS_ENCRYPT_PRODUCTION)
        .describe(`ACME directory the certificates come from (acme mode). Default: Let's Encrypt (${LETS_ENCRYPT_PRODUCTION}); its staging directory for trials.`),
      acmeEmail: z
        .string()
        .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: "must be an email address" })
        .optional()
        .describe("Contact address of the ACME account (acme mode). Unset, the account has none."),
    })
    .strict()
    .default({})
    .describe("TLS of coderd and the proxy: Coder serves HTTPS on 443 itself, port 80 redirects to it."),
  dns: z
    .object({
      manage: z
        .boolean()
        .default(true)
        .describe(
          "The DNS zone of coder.domain is in this cloud account: the deployment writes the hosts' records (to reserved load-balancer addresses) and answers ACME challenges there. false: DNS lives elsewhere; point it at the addresses the infra stacks output, and use tls.mode pem.",
        ),
    })
    .strict()
    .default({})
    .describe("Coder's DNS records."),
  hardening: z
    .object({
      maxTokenLifetimeHours: z
        .number()
        .int()
        .min(1)
        .max(CODER_HARDENING_LIMITS.maxTokenLifetimeHours)
        .default(CODER_HARDENING_DEFAULTS.maxTokenLifetimeHours)
        .describe(
          `Longest lifetime of an API token a user may create (CODER_MAX_TOKEN_LIFETIME), in hours, at most ${CODER_HARDENING_LIMITS.maxTokenLifetimeHours} (a year). Default: ${CODER_HARDENING_DEFAULTS.maxTokenLifetimeHours} (90 days); Coder's own default is 876,600 h (100 years), a credential that never expires.`,
        ),
      strictTransportSecuritySeconds: z
        .number()
        .int()
        .min(0)
        .max(CODER_HARDENING_LIMITS.strictTransportSecuritySeconds)
        .default(CODER_HARDENING_DEFAULTS.strictTransportSecuritySeconds)
        .describe(
          `How long browsers keep to https for coderd's host (CODER_STRICT_TRANSPORT_SECURITY, the Strict-Transport-Security max-age), in seconds; 0 sends no header. Default: ${CODER_HARDENING_DEFAULTS.strictTransportSecuritySeconds} (a year, the minimum hstspreload.org asks). Coder serves only https here, so nothing breaks.`,
        ),
      pathApps: z
        .boolean()
        .default(false)
        .describe(
          "Serve workspace apps on paths of the dashboard's own host (CODER_DISABLE_PATH_APPS false). Default: false: apps run on the wildcard hosts, each its own origin; on a path an app shares the dashboard's origin and can act with the user's session (Coder docs, admin/networking: path-based apps).",
        ),
      telemetry: z
        .boolean()
        .default(false)
        .describe("Send Coder's usage telemetry to Coder (CODER_TELEMETRY_ENABLE). Default: false, written explicitly: Coder's own default sends it."),
    })
    .strict()
    .default({})
    .describe("coderd's security settings, on by default; the session cookie is always Secure (CODER_SECURE_AUTH_COOKIE), as Coder is served only over https."),
  tlsSecretName: z
    .unknown()
    .optional()
    .refine((value) => value === undefined, {
      message: "was replaced by coder.tls: mode acme (certificates made and renewed by the deployment) or pem (your own, from the secret store); a secret made by hand left the first apply waiting for it",
    })
    .describe("Replaced by coder.tls; refused."),
}).strict();

/** How a tag key error begins, so the error reports the key rather than the value under it. */
export const TAG_KEY_MESSAGE_START = "tag keys must be";
export const PolicySchema = z.object({
  suppressions: z
    .array(
      z.object({
        rule: z.string().regex(/^[A-Z]+(-[A-Z0-9]+)+$/, { message: "must be a rule ID such as AWS-EKS-002" }).describe("Rule ID, e.g. AWS-EKS-002 (docs/policy-rules.md)."),
        reason: z.string().min(10, { message: "must say why, in at least 10 characters" }).describe("Why the rule does not apply here: at least a sentence."),
        resource: z.string().min(1).optional().describe("Construct path prefix the suppression is limited to, e.g. aws-us-east-1-infra/cluster."),
      }).strict(),
    )
    .default([])
    .describe("Rules switched off, each with the reason a reviewer reads. Every suppression is listed in the synthesized output; an unknown rule ID is an error."),
}).strict();

const tagKey = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, {
  message: `${TAG_KEY_MESSAGE_START} lowercase letters, digits, '_' or '-', starting with a letter (a form every cloud accepts)`,
});
const tagValue = z.string().regex(/^[\w .:/=+@-]{0,255}$/, {
  message: "tag values may hold letters, digits, spaces and _ . : / = + - @, up to 255 characters",
});

export const DeploymentConfigSchema = z.object({
  $schema: z.string().optional().describe("The JSON Schema an editor checks this file against (ignored by the app)."),
  cloud: z.enum(["aws", "gcp", "azure"]).default("aws").describe("Target cloud; it decides the per-cloud defaults."),
  tier: z.enum(["2k"]).default("2k").describe("Coder reference architecture tier (2k: up to 2,000 users)."),
  namePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/, {
      message: "must be 2-20 lowercase letters, digits or '-', starting with a letter and not ending with '-'",
    })
    .default("coder")
    .describe("Start of every resource name: 2-20 lowercase letters, digits or '-' (azure: at most 14, for Key Vault names)."),
  tags: z.record(tagKey, tagValue).default({}).describe("Tags (labels on GCP) for every resource that takes them."),
  regions: RegionsSchema.default({}).describe("The two regions of the deployment."),
  kubernetes: KubernetesSchema.default({}).describe("Both Kubernetes clusters."),
  database: DatabaseSchema.default({}).describe("The PostgreSQL database of coderd."),
  workload: WorkloadSchema.default({}).describe("How the deployment is used, for the plan's findings."),
  instanceTypes: InstanceTypesSchema.default({}).describe("Machine types instead of the table's, per pool (each must be a type of the cloud this release knows and hold its pods)."),
  backend: BackendSchema.default({ type: "local" }).describe("Where Terraform keeps state: local, s3, gcs or azurerm."),
  coder: CoderSchema.default({}).describe("Coder itself on the clusters: access URLs, and a switch to leave the layer out."),
  policy: PolicySchema.default({}).describe("Policy rule suppressions."),
  aws: AwsSchema.default({}).describe("Options that apply only when cloud is aws."),
  gcp: GcpSchema.default({}).describe("Options that apply only when cloud is gcp."),
  azure: AzureSchema.default({}).describe("Options that apply only when cloud is azure."),
}).strict();

/** A deployment config as written in a file: every field optional. */
export type DeploymentConfigInput = z.input<typeof DeploymentConfigSchema>;

/** A config as the schema parses it: cloud-dependent fields may still be unset. */
export type ParsedConfig = z.output<typeof DeploymentConfigSchema>;

/** A region with the cloud's defaults filled in. */
export type RegionConfig = ParsedConfig["regions"]["primary"] & { readonly name: string; readonly networkCidr: string };

/** The Coder block with its URLs filled in from coder.domain. */
export type CoderConfig = Omit<ParsedConfig["coder"], "tlsSecretName"> & {
  readonly accessUrl: string;
  readonly wildcardAccessUrl: string;
  readonly proxyAccessUrl: string;
  readonly proxyWildcardAccessUrl: string;
};

/** A validated deployment config with every default filled in, the cloud's included. */
export type DeploymentConfig = Omit<ParsedConfig, "regions" | "kubernetes" | "coder" | "aws"> & {
  readonly regions: { readonly primary: RegionConfig; readonly secondary: RegionConfig };
  readonly aws: ParsedConfig["aws"] & { readonly bastion: boolean };
  readonly kubernetes: ParsedConfig["kubernetes"] & { readonly version: string; readonly serviceCidr: string };
  readonly coder: CoderConfig;
};
export type BackendConfig = DeploymentConfig["backend"];
export type AwsOptions = DeploymentConfig["aws"];
export type GcpOptions = DeploymentConfig["gcp"];
export type AzureOptions = DeploymentConfig["azure"];
export type CoderOptions = CoderConfig;
export type PolicyOptions = DeploymentConfig["policy"];
