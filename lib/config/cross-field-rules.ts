import { z } from "zod";
import { overlaps, parseCidr } from "../common/cidr";
import { resolveSplit } from "../common/split";
import { CLUSTER_AUTOSCALER_RELEASES } from "../reference/aws-eks";
import { CLOUD_DEFAULTS, compareMinorVersions } from "../reference/cloud-defaults";
import { KNOWN_REGIONS, MAX_ZONES, REGIONS_WITH_ZONES, UNSUPPORTED_PARTITIONS } from "../reference/regions";
import { labelIssues, machineSeriesIssues, zoneCountIssues } from "./cloud-offer-rules";
import { cloudLimitIssues } from "./cloud-limit-rules";
import { REFERENCE_TIERS } from "../reference/tier-2k";
import { Cloud } from "../reference/types";
import { CLOUD_BLOCKS } from "./cloud-defaults";
import { nodeTypeNames } from "../reference/instance-catalog";
import { ConfigIssue } from "./errors";
import { CoderSchema, InstanceTypesSchema, KubernetesSchema, RegionsSchema } from "./schema";
import { coderUrls } from "./cloud-defaults";

type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
type Regions = DeepPartial<z.output<typeof RegionsSchema>>;
type Kubernetes = DeepPartial<z.output<typeof KubernetesSchema>>;

/** The fields the rules read; a field is absent when it failed its own schema. */
export interface RuleInput {
  readonly cloud?: Cloud;
  readonly tier?: string;
  readonly regions?: Regions;
  readonly kubernetes?: Kubernetes;
  readonly tags?: Readonly<Record<string, string>>;
  readonly instanceTypes?: Partial<z.output<typeof InstanceTypesSchema>>;
  readonly coder?: DeepPartial<z.output<typeof CoderSchema>>;
  readonly database?: { readonly postgresVersion?: string };
  readonly backend?: { readonly type?: string; readonly bucket?: string };
  /** The top-level keys the user wrote, to tell a cloud block given from one defaulted. */
  readonly givenKeys?: readonly string[];
  /** The top-level values the user wrote, so a message can show the block it is about. */
  readonly given?: Readonly<Record<string, unknown>>;
}

const ROLES = ["primary", "secondary"] as const;

/** Rules that relate fields to each other. Each rule runs when the fields it reads are valid. */
export function crossFieldIssues(input: RuleInput): ConfigIssue[] {
  const resolved = withRuleDefaults(input);
  return [
    ...cloudBlockIssues(resolved),
    ...regionNameIssues(resolved),
    ...kubernetesVersionIssues(resolved),
    ...splitIssues(resolved),
    ...overlapIssues(resolved),
    ...machineSeriesIssues(resolved, regionNameIssues(resolved).length === 0),
    ...zoneCountIssues(resolved),
    ...labelIssues(input.cloud, input.tags),
    ...instanceTypeIssues(input),
    ...coderHostIssues(input),
    ...cloudLimitIssues({
      cloud: input.cloud,
      tags: input.tags,
      networkCidrs: ROLES.map((role) => ({ path: `regions.${role}.networkCidr`, cidr: resolved.regions?.[role]?.networkCidr })),
      serviceCidr: resolved.kubernetes?.serviceCidr,
      postgresVersion: input.database?.postgresVersion,
      s3Bucket: input.backend?.type === "s3" ? input.backend.bucket : undefined,
    }),
  ];
}

/** The cloud's defaults under what the user wrote, so the rules see the values that will be deployed. */
function withRuleDefaults(input: RuleInput): RuleInput {
  if (!input.cloud) return input;
  const defaults = CLOUD_DEFAULTS[input.cloud];
  const region = (role: "primary" | "secondary") => {
    const given = input.regions?.[role];
    return {
      ...given,
      name: given?.name ?? defaults.regions[role],
      networkCidr: given?.networkCidr ?? defaults.networkCidrs[role],
    };
  };
  return {
    ...input,
    regions: input.regions && { primary: region("primary"), secondary: region("secondary") },
    kubernetes: input.kubernetes && {
      ...input.kubernetes,
      version: input.kubernetes.version ?? defaults.kubernetes.default,
      serviceCidr: input.kubernetes.serviceCidr ?? defaults.serviceCidr,
    },
  };
}

function cloudBlockIssues({ cloud, givenKeys, given }: RuleInput): ConfigIssue[] {
  if (!cloud) return [];
  return CLOUD_BLOCKS.filter((block) => block !== cloud && givenKeys?.includes(block)).map((block) => ({
    path: block,
    message: `applies only when cloud is "${block}"; this config deploys to "${cloud}" (remove the block or set cloud: ${block})`,
    value: given?.[block],
  }));
}

function regionNameIssues({ cloud, regions }: RuleInput): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const naming = cloud ? CLOUD_DEFAULTS[cloud].regionNaming : undefined;
  for (const role of ROLES) {
    const name = regions?.[role]?.name;
    if (!cloud || !naming || name === undefined) continue;
    const partition = UNSUPPORTED_PARTITIONS[cloud].find((p) => name.startsWith(p.prefix));
    const known = KNOWN_REGIONS[cloud];
    if (partition) {
      issues.push({ path: `regions.${role}.name`, message: `${partition.name} is not supported: this project builds for the commercial ${cloud} partition`, value: name });
    } else if (!naming.pattern.test(name)) {
      issues.push({ path: `regions.${role}.name`, message: `must be ${article(cloud)} ${cloud} region name such as ${naming.example}`, value: name });
    } else if (known.length > 0 && !known.includes(name)) {
      issues.push({ path: `regions.${role}.name`, message: `is not ${article(cloud)} ${cloud} region; known: ${known.join(", ")}`, value: name });
    } else if (REGIONS_WITH_ZONES[cloud] && !REGIONS_WITH_ZONES[cloud].includes(name)) {
      issues.push({
        path: `regions.${role}.name`,
        message: `has no availability zones, and node pools and the database's standby are spread over zones; regions with zones: ${REGIONS_WITH_ZONES[cloud].join(", ")}`,
        value: name,
      });
    }
    const zones = regions?.[role]?.availabilityZones;
    const maxZones = MAX_ZONES[cloud];
    if (maxZones !== undefined && zones !== undefined && zones > maxZones) {
      issues.push({ path: `regions.${role}.availabilityZones`, message: `${cloud} regions have at most ${maxZones} zones`, value: zones });
    }
  }
  const primary = regions?.primary?.name;
  if (primary !== undefined && primary === regions?.secondary?.name) {
    issues.push({ path: "regions.secondary.name", message: "must differ from regions.primary.name: the deployment spans two regions", value: primary });
  }
  return issues;
}

function kubernetesVersionIssues({ cloud, kubernetes }: RuleInput): ConfigIssue[] {
  const version = kubernetes?.version;
  if (!cloud || version === undefined) return [];
  const range = CLOUD_DEFAULTS[cloud].kubernetes;
  if (compareMinorVersions(version, range.min) >= 0 && compareMinorVersions(version, range.max) <= 0) {
    // On AWS, the workspace pools scale with a Cluster Autoscaler whose minor must match the cluster's.
    if (cloud === "aws" && !CLUSTER_AUTOSCALER_RELEASES[version]) {
      return [
        {
          path: "kubernetes.version",
          message:
            `has no Cluster Autoscaler release pinned for it; pinned: ${Object.keys(CLUSTER_AUTOSCALER_RELEASES).join(", ")} ` +
            `(lib/reference/aws-eks.ts)`,
          value: version,
        },
      ];
    }
    return [];
  }
  return [
    {
      path: "kubernetes.version",
      message: `must be a Kubernetes minor version ${cloud} offers, ${range.min} to ${range.max} (source: ${range.source})`,
      value: version,
    },
  ];
}

function splitIssues({ tier, regions }: RuleInput): ConfigIssue[] {
  const reference = REFERENCE_TIERS[tier ?? ""];
  if (!reference || !regions) return [];
  const issues: ConfigIssue[] = [];
  const share = (field: "workspaceNodes" | "provisionerNodes", total: number, what: string) => {
    const primary = regions.primary?.[field];
    const secondary = regions.secondary?.[field];
    // A share above the whole tier is the user's typo, not the other region's negative rest.
    const tooLarge = ROLES.filter((role) => (regions[role]?.[field] ?? 0) > total);
    if (tooLarge.length > 0) {
      for (const role of tooLarge) {
        issues.push({
          path: `regions.${role}.${field}`,
          message: `is more than the tier's ${total} ${what} nodes for both regions together; give a share from 0 to ${total}`,
          value: regions[role]?.[field],
        });
      }
      return undefined;
    }
    const split = resolveSplit(total, primary, secondary);
    if (typeof split === "string") {
      issues.push({ path: `regions.secondary.${field}`, message: `${what} nodes: ${split} (the tier has ${total} in all)`, value: { primary, secondary } });
      return undefined;
    }
    return split;
  };
  const workspace = share("workspaceNodes", reference.workspace.nodes, "workspace");
  const provisioner = share("provisionerNodes", reference.provisioner.nodes, "provisioner");
  for (const role of ROLES) {
    if (workspace && provisioner && workspace[role] > 0 && provisioner[role] === 0) {
      issues.push({ path: `regions.${role}.provisionerNodes`, message: "a region with workspace nodes needs at least 1 provisioner node: its builds run on its own provisioners", value: 0 });
    }
    const min = regions[role]?.workspaceMinNodes;
    if (workspace && min !== undefined && min > workspace[role]) {
      issues.push({ path: `regions.${role}.workspaceMinNodes`, message: `must not exceed the region's workspace share of ${workspace[role]}`, value: min });
    }
  }
  return issues;
}

function overlapIssues({ regions, kubernetes }: RuleInput): ConfigIssue[] {
  const ranges = [
    { path: "regions.primary.networkCidr", cidr: regions?.primary?.networkCidr },
    { path: "regions.secondary.networkCidr", cidr: regions?.secondary?.networkCidr },
    { path: "kubernetes.serviceCidr", cidr: kubernetes?.serviceCidr },
  ];
  const issues: ConfigIssue[] = [];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = parseCidr(ranges[i].cidr ?? "");
      const b = parseCidr(ranges[j].cidr ?? "");
      if (a && b && overlaps(a, b)) {
        issues.push({ path: ranges[j].path, message: `overlaps ${ranges[i].path} (${ranges[i].cidr}); the ranges must be disjoint`, value: ranges[j].cidr });
      }
    }
  }
  return issues;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

/** A machine type chosen for a pool must be one of the cloud's node types this release can size. */
function instanceTypeIssues({ cloud, instanceTypes }: RuleInput): ConfigIssue[] {
  if (!cloud || !instanceTypes) return [];
  const known = nodeTypeNames(cloud);
  return Object.entries(instanceTypes).flatMap(([pool, type]) =>
    type === undefined || known.includes(type)
      ? []
      : [{ path: `instanceTypes.${pool}`, message: `is not a ${cloud} node type this release can size; known: ${known.join(", ")}`, value: type }],
  );
}

/** The host of an https origin or of a wildcard pattern's parent (`*.a.b` and `*-x.a.b` -> `a.b`). */
function hostOf(field: string, value: string): string {
  if (field.toLowerCase().includes("wildcard")) return value.slice(value.indexOf(".") + 1);
  return value.replace(/^https:\/\//, "").replace(/:\d+$/, "");
}

/**
 * Coder's hosts live in coder.domain, whose DNS zone gets their records and their certificates'
 * ACME challenges; the proxy has hosts of its own; ACME needs the zone. Runs on the URLs as they
 * will be deployed (given, or made from the domain).
 */
function coderHostIssues({ coder }: RuleInput): ConfigIssue[] {
  if (!coder || coder.enabled === false || coder.domain === undefined) return [];
  const domain = coder.domain;
  const urls = coderUrls(coder as Parameters<typeof coderUrls>[0]);
  const issues: ConfigIssue[] = [];
  for (const field of ["accessUrl", "wildcardAccessUrl", "proxyAccessUrl", "proxyWildcardAccessUrl"] as const) {
    const host = hostOf(field, urls[field]);
    if (host !== domain && !host.endsWith(`.${domain}`)) {
      issues.push({
        path: `coder.${field}`,
        message: `is outside coder.domain (${domain}): its DNS records and certificate are made in that domain's zone; use a host under ${domain} or set coder.domain`,
        value: urls[field],
      });
    }
  }
  if (hostOf("accessUrl", urls.proxyAccessUrl) === hostOf("accessUrl", urls.accessUrl)) {
    issues.push({ path: "coder.proxyAccessUrl", message: `must differ from coder.accessUrl (${urls.accessUrl}): the proxy is reached at its own host`, value: urls.proxyAccessUrl });
  }
  if (urls.proxyWildcardAccessUrl === urls.wildcardAccessUrl) {
    issues.push({ path: "coder.proxyWildcardAccessUrl", message: `must differ from coder.wildcardAccessUrl (${urls.wildcardAccessUrl})`, value: urls.proxyWildcardAccessUrl });
  }
  if (coder.dns?.manage === false && (coder.tls?.mode ?? "acme") === "acme") {
    issues.push({
      path: "coder.tls.mode",
      message:
        "is acme, but coder.dns.manage is false: ACME answers its DNS-01 challenges in the zone of coder.domain, and without it Coder's https URLs have no certificate; set coder.tls.mode: pem (your own certificate) or manage the zone here",
      value: "acme",
    });
  }
  return issues;
}
