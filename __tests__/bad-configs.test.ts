import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMain } from "./support/run-main";

/**
 * Bad configs as a user writes them, per cloud, each run through `main()` as `npm run synth` runs it
 * (and with --check, as `npm run check` does): exit code 1, one short message naming the field, the value given and what is allowed, and the
 * output folder exactly as an earlier synth left it.
 */
interface BadConfig {
  /** What the user got wrong. */
  readonly name: string;
  /** The file's text (YAML when `yaml` is set) or the object written as JSON. */
  readonly config: object | string;
  readonly yaml?: boolean;
  /** Dotted path the message must name. */
  readonly field: string;
  /** How the value given appears on that line. */
  readonly value: string;
  /** What the line must say is allowed. */
  readonly allowed: RegExp;
}

const aws = (config: object) => ({ cloud: "aws", ...config });
const gcp = (config: object) => ({ cloud: "gcp", ...config });
const azure = (config: object) => ({ cloud: "azure", ...config });

const BAD_CONFIGS: readonly BadConfig[] = [
  // Regions
  { name: "aws: a GCP region name", config: aws({ regions: { primary: { name: "us-east1" } } }), field: "regions.primary.name", value: '"us-east1"', allowed: /must be an aws region name such as us-east-1/ },
  { name: "gcp: an AWS region name", config: gcp({ regions: { primary: { name: "us-east-1" } } }), field: "regions.primary.name", value: '"us-east-1"', allowed: /must be a gcp region name such as us-east1/ },
  { name: "azure: an AWS region name", config: azure({ regions: { secondary: { name: "eu-west-1" } } }), field: "regions.secondary.name", value: '"eu-west-1"', allowed: /must be an azure region name such as eastus/ },
  { name: "aws: a region that does not exist", config: aws({ regions: { secondary: { name: "us-west-9" } } }), field: "regions.secondary.name", value: '"us-west-9"', allowed: /known: .*us-west-2/ },
  { name: "aws: a GovCloud region", config: aws({ regions: { primary: { name: "us-gov-west-1" } } }), field: "regions.primary.name", value: '"us-gov-west-1"', allowed: /commercial aws partition/ },
  { name: "gcp: a region that does not exist", config: gcp({ regions: { primary: { name: "us-east9" } } }), field: "regions.primary.name", value: '"us-east9"', allowed: /known: .*us-east1/ },
  { name: "gcp: a region without T2D machines", config: gcp({ regions: { secondary: { name: "europe-west2" } } }), field: "regions.secondary.name", value: '"europe-west2"', allowed: /regions with T2D: .*us-west1/ },
  { name: "azure: a region without availability zones", config: azure({ regions: { primary: { name: "westus" } } }), field: "regions.primary.name", value: '"westus"', allowed: /regions with zones: .*eastus/ },
  { name: "azure: a region that does not exist", config: azure({ regions: { primary: { name: "eastus9" } } }), field: "regions.primary.name", value: '"eastus9"', allowed: /known: .*eastus/ },
  { name: "gcp: both regions the same", config: gcp({ regions: { primary: { name: "us-east1" }, secondary: { name: "us-east1" } } }), field: "regions.secondary.name", value: '"us-east1"', allowed: /must differ from regions\.primary\.name/ },
  // Zones
  { name: "aws: more zones than any region has", config: aws({ regions: { primary: { availabilityZones: 7 } } }), field: "regions.primary.availabilityZones", value: "7", allowed: /less than or equal to 6/ },
  { name: "aws: a single zone", config: aws({ regions: { secondary: { availabilityZones: 1 } } }), field: "regions.secondary.availabilityZones", value: "1", allowed: /greater than or equal to 2/ },
  { name: "azure: more than three zones", config: azure({ regions: { primary: { availabilityZones: 4 } } }), field: "regions.primary.availabilityZones", value: "4", allowed: /at most 3 zones/ },
  { name: "gcp: more zones than the region has", config: gcp({ regions: { primary: { name: "us-east1", availabilityZones: 4 } } }), field: "regions.primary.availabilityZones", value: "4", allowed: /may be at most 3: us-east1 has 3 zones/ },
  // Networks
  { name: "aws: the same CIDR in both regions", config: aws({ regions: { primary: { networkCidr: "10.8.0.0/16" }, secondary: { networkCidr: "10.8.0.0/16" } } }), field: "regions.secondary.networkCidr", value: '"10.8.0.0/16"', allowed: /must be disjoint/ },
  { name: "gcp: overlapping region networks", config: gcp({ regions: { primary: { networkCidr: "10.0.0.0/15" } } }), field: "regions.secondary.networkCidr", value: '"10.1.0.0/16"', allowed: /overlaps regions\.primary\.networkCidr \(10\.0\.0\.0\/15\); the ranges must be disjoint/ },
  { name: "azure: a service range inside a network", config: azure({ kubernetes: { serviceCidr: "10.1.128.0/20" } }), field: "kubernetes.serviceCidr", value: '"10.1.128.0/20"', allowed: /must be disjoint/ },
  { name: "aws: a CIDR with host bits set", config: aws({ regions: { primary: { networkCidr: "10.0.0.1/16" } } }), field: "regions.primary.networkCidr", value: '"10.0.0.1/16"', allowed: /IPv4 CIDR block such as 10\.0\.0\.0\/16, with no host bits set/ },
  { name: "gcp: a network that is not a CIDR", config: gcp({ regions: { secondary: { networkCidr: "10.1.0.0" } } }), field: "regions.secondary.networkCidr", value: '"10.1.0.0"', allowed: /IPv4 CIDR block/ },
  { name: "aws: a network too small for the node pools", config: aws({ regions: { primary: { networkCidr: "10.0.0.0/22" } } }), field: "regions.primary.networkCidr", value: "10.0.0.0/22", allowed: /need a \/\d+ or larger/ },
  { name: "gcp: a network too small for nodes, pods and services at full scale", config: gcp({ regions: { secondary: { networkCidr: "10.1.0.0/20" } } }), field: "regions.secondary.networkCidr", value: "10.1.0.0/20", allowed: /need.* a \/\d+ or larger/ },
  { name: "azure: a VNet too small for its subnets", config: azure({ regions: { primary: { networkCidr: "10.0.0.0/24" } } }), field: "regions.primary.networkCidr", value: "10.0.0.0/24", allowed: /need a \/\d+ or larger/ },
  { name: "azure: a service range AKS reserves", config: azure({ kubernetes: { serviceCidr: "169.254.0.0/16" } }), field: "kubernetes.serviceCidr", value: '"169.254.0.0/16"', allowed: /choose a range outside/ },
  { name: "aws: the Kubernetes API open to the internet", config: aws({ kubernetes: { apiAllowedCidrs: ["0.0.0.0/0"] } }), field: "kubernetes.apiAllowedCidrs.0", value: '"0.0.0.0/0"', allowed: /must not be open to the whole internet/ },
  { name: "gcp: an API CIDR listed twice", config: gcp({ kubernetes: { apiAllowedCidrs: ["203.0.113.0/24", "203.0.113.0/24"] } }), field: "kubernetes.apiAllowedCidrs.1", value: '"203.0.113.0/24"', allowed: /list each CIDR once/ },
  { name: "aws: a private API CIDR of /0", config: aws({ aws: { privateApiCidrs: ["0.0.0.0/0"] } }), field: "aws.privateApiCidrs.0", value: '"0.0.0.0/0"', allowed: /must not admit every address/ },
  // Names
  { name: "azure: a prefix too long for Key Vault names", config: azure({ namePrefix: "contoso-platform" }), field: "namePrefix", value: '"contoso-platform"', allowed: /at most 14/ },
  { name: "aws: a prefix with capitals", config: aws({ namePrefix: "Acme" }), field: "namePrefix", value: '"Acme"', allowed: /2-20 lowercase letters, digits or '-'/ },
  { name: "gcp: a prefix ending with '-'", config: gcp({ namePrefix: "acme-" }), field: "namePrefix", value: '"acme-"', allowed: /not ending with '-'/ },
  // Splits
  { name: "aws: workspace shares above the tier", config: aws({ regions: { primary: { workspaceNodes: 100 }, secondary: { workspaceNodes: 100 } } }), field: "regions.secondary.workspaceNodes", value: '"primary":100,"secondary":100', allowed: /must add up to 128/ },
  { name: "gcp: provisioner shares not adding up", config: gcp({ regions: { primary: { provisionerNodes: 1 }, secondary: { provisionerNodes: 1 } } }), field: "regions.secondary.provisionerNodes", value: '"primary":1,"secondary":1', allowed: /must add up to 4/ },
  { name: "azure: a region with workspaces and no provisioner", config: azure({ regions: { primary: { provisionerNodes: 0 } } }), field: "regions.primary.provisionerNodes", value: "0", allowed: /needs at least 1 provisioner node/ },
  { name: "aws: more idle workspace nodes than the share", config: aws({ regions: { primary: { workspaceNodes: 8, workspaceMinNodes: 9 } } }), field: "regions.primary.workspaceMinNodes", value: "9", allowed: /must not exceed the region's workspace share of 8/ },
  { name: "gcp: a negative share", config: gcp({ regions: { primary: { workspaceNodes: -4 } } }), field: "regions.primary.workspaceNodes", value: "-4", allowed: /greater than or equal to 0/ },
  // Versions
  { name: "aws: a Kubernetes version EKS no longer offers", config: aws({ kubernetes: { version: "1.29" } }), field: "kubernetes.version", value: '"1.29"', allowed: /1\.33 to 1\.35/ },
  // The range said is the range accepted: 1.36 has no pinned Cluster Autoscaler, so it is outside it.
  { name: "aws: a Kubernetes version without a pinned Cluster Autoscaler", config: aws({ kubernetes: { version: "1.36" } }), field: "kubernetes.version", value: '"1.36"', allowed: /1\.33 to 1\.35/ },
  { name: "gcp: a Kubernetes version past end of life", config: gcp({ kubernetes: { version: "1.34" } }), field: "kubernetes.version", value: '"1.34"', allowed: /1\.35 to 1\.36/ },
  { name: "azure: a Kubernetes version AKS does not offer yet", config: azure({ kubernetes: { version: "1.38" } }), field: "kubernetes.version", value: '"1.38"', allowed: /1\.35 to 1\.37/ },
  { name: "gcp: an unquoted Kubernetes version in YAML", config: "cloud: gcp\nkubernetes:\n  version: 1.40\n", yaml: true, field: "kubernetes.version", value: "1.4", allowed: /must be text in quotes, such as "1\.35"/ },
  { name: "azure: a patch version for Kubernetes", config: azure({ kubernetes: { version: "1.36.2" } }), field: "kubernetes.version", value: '"1.36.2"', allowed: /minor version such as 1\.35/ },
  { name: "aws: PostgreSQL older than Coder supports", config: aws({ database: { postgresVersion: 12 } }), field: "database.postgresVersion", value: "12", allowed: /13 or newer/ },
  { name: "gcp: a PostgreSQL minor version", config: gcp({ database: { postgresVersion: 16.4 } }), field: "database.postgresVersion", value: "16.4", allowed: /major version such as 17/ },
  { name: "azure: backups kept too short", config: azure({ database: { backupRetentionDays: 3 } }), field: "database.backupRetentionDays", value: "3", allowed: /greater than or equal to 7/ },
  { name: "aws: backups kept too long", config: aws({ database: { backupRetentionDays: 40 } }), field: "database.backupRetentionDays", value: "40", allowed: /less than or equal to 35/ },
  // Unknown keys and wrong types
  { name: "aws: a misspelled top-level key", config: aws({ regoins: {} }), field: "regoins", value: "(got {})", allowed: /did you mean "regions"\?.*allowed: .*regions/ },
  { name: "gcp: a misspelled database key", config: gcp({ database: { deletionProtecton: false } }), field: "database.deletionProtecton", value: "(got false)", allowed: /did you mean "deletionProtection"\?/ },
  { name: "azure: a string for a boolean", config: azure({ database: { crossRegionReplica: "yes" } }), field: "database.crossRegionReplica", value: '"yes"', allowed: /must be a boolean/ },
  { name: "aws: a string for a number, in YAML", config: "regions:\n  primary:\n    workspaceNodes: \"64\"\n", yaml: true, field: "regions.primary.workspaceNodes", value: '"64"', allowed: /must be a number/ },
  { name: "a cloud that is not supported", config: { cloud: "oracle" }, field: "cloud", value: '"oracle"', allowed: /one of "aws", "gcp", "azure"/ },
  { name: "aws: a tier that does not exist", config: aws({ tier: "5k" }), field: "tier", value: '"5k"', allowed: /one of "2k"/ },
  { name: "gcp: a negative builds-a-day figure", config: gcp({ workload: { workspaceBuildsPerDay: -5 } }), field: "workload.workspaceBuildsPerDay", value: "-5", allowed: /greater than or equal to 0/ },
  { name: "aws: a tag key with capitals", config: aws({ tags: { Team: "platform" } }), field: "tags.Team", value: '"Team"', allowed: /lowercase letters, digits/ },
  { name: "gcp: a tag value GCP labels cannot carry", config: gcp({ tags: { team: "Platform Team" } }), field: "tags.team", value: '"Platform Team"', allowed: /gcp label values take/ },
  // Cloud blocks
  { name: "aws: a gcp block", config: aws({ gcp: { project: "acme-prod" } }), field: "gcp", value: '(got {"project":"acme-prod"})', allowed: /applies only when cloud is "gcp"/ },
  { name: "gcp: an azure block", config: gcp({ azure: {} }), field: "azure", value: "(got {})", allowed: /remove the block or set cloud: azure/ },
  { name: "azure: an aws block", config: azure({ aws: { bastion: true } }), field: "aws", value: '(got {"bastion":true})', allowed: /applies only when cloud is "aws"/ },
  { name: "gcp: a project ID with capitals", config: gcp({ gcp: { project: "My-Project" } }), field: "gcp.project", value: '"My-Project"', allowed: /6-30 lowercase letters/ },
  { name: "azure: a subscription that is not a GUID", config: azure({ azure: { subscriptionId: "my-subscription" } }), field: "azure.subscriptionId", value: '"my-subscription"', allowed: /must be a GUID/ },
  { name: "aws: a cluster admin that is not an IAM ARN", config: aws({ aws: { clusterAdminPrincipalArns: ["arn:aws:iam::123:role/admin"] } }), field: "aws.clusterAdminPrincipalArns.0", value: '"arn:aws:iam::123:role/admin"', allowed: /IAM role or user ARN/ },
  // Backends
  { name: "aws: a backend type that does not exist", config: aws({ backend: { type: "s4" } }), field: "backend.type", value: '"s4"', allowed: /one of "local", "s3", "gcs", "azurerm"/ },
  { name: "aws: an S3 bucket name too short", config: aws({ backend: { type: "s3", bucket: "tf", region: "us-east-1" } }), field: "backend.bucket", value: '"tf"', allowed: /at least 3 character/ },
  { name: "gcp: an S3 field in a gcs backend", config: gcp({ backend: { type: "gcs", bucket: "acme-tf-state", region: "us-east1" } }), field: "backend.region", value: '(got "us-east1")', allowed: /allowed: type, bucket, prefix / },
  { name: "azure: a storage account name with capitals", config: azure({ backend: { type: "azurerm", resourceGroupName: "tf", storageAccountName: "AcmeState", containerName: "tfstate" } }), field: "backend.storageAccountName", value: '"AcmeState"', allowed: /3-24 lowercase letters or digits/ },
  { name: "aws: an S3 backend without its bucket", config: aws({ backend: { type: "s3", region: "us-east-1" } }), field: "backend.bucket", value: "nothing", allowed: /is required \(a string\)/ },
  // Suppressions
  { name: "aws: a suppression without a reason", config: aws({ policy: { suppressions: [{ rule: "AWS-EKS-002", reason: "no" }] } }), field: "policy.suppressions.0.reason", value: '"no"', allowed: /at least 10 characters/ },
  { name: "aws: a rule ID in lower case", config: aws({ policy: { suppressions: [{ rule: "aws-eks-002", reason: "the API stays public for this demo" }] } }), field: "policy.suppressions.0.rule", value: '"aws-eks-002"', allowed: /rule ID such as AWS-EKS-002/ },
  { name: "aws: a suppression of a GCP rule", config: aws({ policy: { suppressions: [{ rule: "GCP-SQL-004", reason: "a throw-away test environment" }] } }), field: "policy.suppressions.0.rule", value: '"GCP-SQL-004"', allowed: /not one of the aws rules; known: AWS-/ },
  { name: "azure: a suppression of a rule that does not exist", config: azure({ policy: { suppressions: [{ rule: "AZ-AKS-999", reason: "a throw-away test environment" }] } }), field: "policy.suppressions.0.rule", value: '"AZ-AKS-999"', allowed: /not one of the azure rules; known: / },
  { name: "gcp: a suppression with an unknown key", config: gcp({ policy: { suppressions: [{ rule: "GCP-SQL-004", reason: "a throw-away test environment", resources: "x" }] } }), field: "policy.suppressions.0.resources", value: '(got "x")', allowed: /did you mean "resource"\?/ },
  // Coder URLs
  { name: "aws: a plain-HTTP access URL", config: aws({ coder: { accessUrl: "http://coder.acme.com" } }), field: "coder.accessUrl", value: '"http://coder.acme.com"', allowed: /https:\/\/ URL .* such as https:\/\/coder\.example\.com/ },
  { name: "gcp: an access URL with a path", config: gcp({ coder: { accessUrl: "https://acme.com/coder" } }), field: "coder.accessUrl", value: '"https://acme.com/coder"', allowed: /no path/ },
  { name: "azure: a wildcard URL with a scheme", config: azure({ coder: { wildcardAccessUrl: "https://*.coder.acme.com" } }), field: "coder.wildcardAccessUrl", value: '"https://*.coder.acme.com"', allowed: /without https:\/\// },
  { name: "aws: the proxy at coderd's host", config: aws({ coder: { domain: "acme.com", accessUrl: "https://coder.acme.com", proxyAccessUrl: "https://coder.acme.com" } }), field: "coder.proxyAccessUrl", value: '"https://coder.acme.com"', allowed: /must differ from coder\.accessUrl/ },
  { name: "gcp: an access URL with a port", config: gcp({ coder: { domain: "acme.com", accessUrl: "https://coder.acme.com:8443" } }), field: "coder.accessUrl", value: '"https://coder.acme.com:8443"', allowed: /no port \(the load balancers listen on 443\)/ },
  { name: "azure: coderd outside the domain", config: azure({ coder: { domain: "acme.com", accessUrl: "https://coder.acme.dev" } }), field: "coder.accessUrl", value: '"https://coder.acme.dev"', allowed: /is outside coder\.domain \(acme\.com\)/ },
  // Coder's version and the pools' machine types
  { name: "aws: a Coder version inside a security advisory", config: aws({ coder: { version: "2.34.6" } }), field: "coder.version", value: '"2.34.6"', allowed: /affected by GHSA-h58h-qvv5-xvwg .*use 2\.34\.8 or later/ },
  { name: "gcp: a Coder version fixed for one advisory only", config: gcp({ coder: { version: "2.34.8" } }), field: "coder.version", value: '"2.34.8"', allowed: /affected by GHSA-vx42-ghc9-gw65 .*use 2\.34\.9 or later/ },
  { name: "azure: a Coder version with a v", config: azure({ coder: { version: "v2.34.9" } }), field: "coder.version", value: '"v2.34.9"', allowed: /exact Coder release such as 2\.34\.9/ },
  { name: "aws: more untagged provisioners than the primary has", config: aws({ coder: { untaggedProvisioners: 60 } }), field: "coder.untaggedProvisioners", value: "60", allowed: /must be below the 60 provisioners of us-east-1/ },
  { name: "aws: a coderd machine too small for coderd", config: aws({ instanceTypes: { coderd: "t3.medium" } }), field: "instanceTypes.coderd", value: '"t3.medium"', allowed: /t3\.medium is too small for the coderd pool: a coderd replica needs at least 2000m \/ 4096Mi, and a t3\.medium node leaves 1550m \/ 2614Mi for pods/ },
  { name: "aws: a provisioner machine too small for 30 provisioners", config: aws({ instanceTypes: { provisioner: "t3.large" } }), field: "instanceTypes.provisioner", value: '"t3.large"', allowed: /too small for the provisioner pool: 30 provisioners of at least 100m \/ 256Mi each need 3000m \/ 7680Mi/ },
  { name: "gcp: a machine type this release does not know", config: gcp({ instanceTypes: { workspace: "n2-standard-64" } }), field: "instanceTypes.workspace", value: '"n2-standard-64"', allowed: /not a gcp node type this release can size; known: .*t2d-standard-8/ },
  { name: "azure: a database class as a node type", config: azure({ instanceTypes: { provisioner: "GP_Standard_D4s_v3" } }), field: "instanceTypes.provisioner", value: '"GP_Standard_D4s_v3"', allowed: /known: .*Standard_D8s_v5/ },
  { name: "gcp: the TLS secret name of earlier releases", config: gcp({ coder: { tlsSecretName: "coder-tls" } }), field: "coder.tlsSecretName", value: '"coder-tls"', allowed: /was replaced by coder\.tls: mode acme .* or pem/ },
  // What the clouds refuse at apply time, refused here first (lib/config/cloud-limit-rules.ts).
  { name: "aws: a VPC larger than /16", config: aws({ regions: { primary: { networkCidr: "10.0.0.0/8" }, secondary: { networkCidr: "172.16.0.0/16" } } }), field: "regions.primary.networkCidr", value: '"10.0.0.0/8"', allowed: /AWS allows \/16 to \/28 for a VPC's CIDR/ },
  { name: "aws: a service range outside RFC 1918", config: aws({ kubernetes: { serviceCidr: "100.64.0.0/16" } }), field: "kubernetes.serviceCidr", value: '"100.64.0.0/16"', allowed: /inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16, between \/12 and \/24/ },
  { name: "aws: a /25 service range", config: aws({ kubernetes: { serviceCidr: "172.20.0.0/25" } }), field: "kubernetes.serviceCidr", value: '"172.20.0.0/25"', allowed: /between \/12 and \/24 \(EKS serviceIpv4Cidr\)/ },
  { name: "gcp: a /28 service range", config: gcp({ kubernetes: { serviceCidr: "172.20.0.0/28" } }), field: "kubernetes.serviceCidr", value: '"172.20.0.0/28"', allowed: /\/27 or larger/ },
  { name: "aws: PostgreSQL 99", config: aws({ database: { postgresVersion: "99" } }), field: "database.postgresVersion", value: '"99"', allowed: /offered: 13, 14, 15, 16, 17/ },
  { name: "gcp: PostgreSQL 12", config: gcp({ database: { postgresVersion: "18" } }), field: "database.postgresVersion", value: '"18"', allowed: /gcp's managed service offers; offered: 13/ },
  { name: "azure: PostgreSQL 99", config: azure({ database: { postgresVersion: 99 } }), field: "database.postgresVersion", value: '"99"', allowed: /azure's managed service offers/ },
  { name: "aws: a tag the project writes itself", config: aws({ tags: { "managed-by": "platform" } }), field: "tags.managed-by", value: '"managed-by"', allowed: /a tag the project sets itself on every resource/ },
  { name: "azure: a tag with a reserved prefix", config: azure({ tags: { "azure-team": "platform" } }), field: "tags.azure-team", value: '"azure-team"', allowed: /starts with "azure", which azure keeps for itself/ },
  { name: "gcp: a label with Google's prefix", config: gcp({ tags: { "goog-team": "platform" } }), field: "tags.goog-team", value: '"goog-team"', allowed: /starts with "goog", which gcp keeps for itself/ },
  { name: "gcp: more labels than a resource takes", config: gcp({ tags: Object.fromEntries(Array.from({ length: 63 }, (_, i) => [`team-${i}`, "x"])) }), field: "tags", value: "63", allowed: /over gcp's 64 .*at most 62/ },
  { name: "aws: more tags than a resource takes", config: aws({ tags: Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`team-${i}`, "x"])) }), field: "tags", value: "48", allowed: /over aws's 50 .*at most 47/ },
  { name: "azure: more tags than a resource takes", config: azure({ tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`team-${i}`, "x"])) }), field: "tags", value: "49", allowed: /over azure's 50 .*at most 48/ },
  { name: "aws: an S3 bucket name S3 refuses", config: aws({ backend: { type: "s3", bucket: "state..bucket", region: "us-east-1" } }), field: "backend.bucket", value: '"state..bucket"', allowed: /no two dots in a row/ },
  { name: "aws: the API open through two /1 ranges", config: aws({ kubernetes: { apiAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } }), field: "kubernetes.apiAllowedCidrs", value: '["0.0.0.0/1","128.0.0.0/1"]', allowed: /as open as \/0/ },
  { name: "gcp: the API open through two /1 ranges", config: gcp({ kubernetes: { apiAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } }), field: "kubernetes.apiAllowedCidrs", value: '["0.0.0.0/1","128.0.0.0/1"]', allowed: /as open as \/0/ },
  { name: "azure: the API open through two /1 ranges", config: azure({ kubernetes: { apiAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } }), field: "kubernetes.apiAllowedCidrs", value: '["0.0.0.0/1","128.0.0.0/1"]', allowed: /as open as \/0/ },
  { name: "aws: Kubernetes 1.32, past every pinned autoscaler", config: aws({ kubernetes: { version: "1.32" } }), field: "kubernetes.version", value: '"1.32"', allowed: /1\.33 to 1\.35/ },
  { name: "gcp: duplicate keys", config: '{"cloud": "gcp", "namePrefix": "acme", "namePrefix": "other"}', field: "(config)", value: "nothing", allowed: /Map keys must be unique/ },
  { name: "aws: ACME certificates with DNS kept elsewhere", config: aws({ coder: { domain: "acme.com", dns: { manage: false } } }), field: "coder.tls.mode", value: '"acme"', allowed: /coder\.dns\.manage is false: ACME answers its DNS-01 challenges/ },
];

const run = runMain;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("bad configs, per cloud, as a user runs the app", () => {
  const dir = mkdtempSync(join(tmpdir(), "coder-refarch-bad-"));

  test("cover at least 40 configs, each cloud at least 12 times", () => {
    expect(BAD_CONFIGS.length).toBeGreaterThanOrEqual(40);
    for (const cloud of ["aws", "gcp", "azure"]) {
      expect(BAD_CONFIGS.filter((row) => row.name.startsWith(`${cloud}:`)).length).toBeGreaterThanOrEqual(12);
    }
    expect(new Set(BAD_CONFIGS.map((row) => row.name)).size).toBe(BAD_CONFIGS.length);
  });

  test.each(BAD_CONFIGS.map((row) => [row.name, row] as const))("%s", (_, row) => {
    const file = join(dir, `${row.name.replace(/[^a-z0-9]+/gi, "-")}.${row.yaml ? "yaml" : "json"}`);
    writeFileSync(file, typeof row.config === "string" ? row.config : JSON.stringify(row.config));
    // An earlier synth's output, to prove a failed run leaves it alone.
    const outdir = mkdtempSync(join(dir, "out-"));
    mkdirSync(join(outdir, "stacks"));
    writeFileSync(join(outdir, "stacks", "earlier"), "kept");

    const result = run([], { CODER_REFARCH_CONFIG: file }, outdir);
    // `npm run check`, the first step of synth and deploy, stops with the same message.
    expect(run(["--check"], { CODER_REFARCH_CONFIG: file }, outdir)).toEqual({ code: 1, stderr: result.stderr, stdout: "" });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    // One screen: a heading and a line per problem, no stack trace.
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(lines[0]).toMatch(/^Invalid deployment config .*: \d problems?$/);
    const line = lines.find((l) => l.startsWith(`  - ${row.field}: `));
    expect({ field: row.field, line, stderr: result.stderr }).toEqual({ field: row.field, line: expect.any(String), stderr: result.stderr });
    if (row.value === "nothing") expect(line).not.toMatch(/\(got [^)]/);
    else expect(line).toMatch(new RegExp(escape(row.value)));
    expect(line).toMatch(row.allowed);

    expect(readdirSync(outdir)).toEqual(["stacks"]);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["earlier"]);
    expect(readFileSync(join(outdir, "stacks", "earlier"), "utf8")).toBe("kept");
  });
});
