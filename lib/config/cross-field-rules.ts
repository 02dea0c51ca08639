import { z } from "zod";
import { overlaps, parseCidr } from "../plan/cidr";
import { resolveSplit } from "../plan/split";
import { REFERENCE_TIERS } from "../reference/tier-2k";
import { ConfigIssue } from "./errors";
import { KubernetesSchema, RegionsSchema } from "./schema";

type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
type Regions = DeepPartial<z.output<typeof RegionsSchema>>;
type Kubernetes = DeepPartial<z.output<typeof KubernetesSchema>>;

/** The fields the rules read; a field is absent when it failed its own schema. */
export interface RuleInput {
  readonly cloud?: string;
  readonly tier?: string;
  readonly regions?: Regions;
  readonly kubernetes?: Kubernetes;
}

const REGION_NAME: Readonly<Record<string, { pattern: RegExp; example: string }>> = {
  aws: { pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, example: "us-east-1" },
};

const ROLES = ["primary", "secondary"] as const;

/** Rules that relate fields to each other. Each rule runs when the fields it reads are valid. */
export function crossFieldIssues(input: RuleInput): ConfigIssue[] {
  return [...regionNameIssues(input), ...splitIssues(input), ...overlapIssues(input)];
}

function regionNameIssues({ cloud, regions }: RuleInput): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const naming = cloud ? REGION_NAME[cloud] : undefined;
  for (const role of ROLES) {
    const name = regions?.[role]?.name;
    if (naming && name !== undefined && !naming.pattern.test(name)) {
      issues.push({ path: `regions.${role}.name`, message: `must be an ${cloud} region name such as ${naming.example}`, value: name });
    }
  }
  const primary = regions?.primary?.name;
  if (primary !== undefined && primary === regions?.secondary?.name) {
    issues.push({ path: "regions.secondary.name", message: "must differ from regions.primary.name: the deployment spans two regions", value: primary });
  }
  return issues;
}

function splitIssues({ tier, regions }: RuleInput): ConfigIssue[] {
  const reference = REFERENCE_TIERS[tier ?? ""];
  if (!reference || !regions) return [];
  const issues: ConfigIssue[] = [];
  const share = (field: "workspaceNodes" | "provisionerNodes", total: number, what: string) => {
    const primary = regions.primary?.[field];
    const secondary = regions.secondary?.[field];
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
    { path: "regions.primary.vpcCidr", cidr: regions?.primary?.vpcCidr },
    { path: "regions.secondary.vpcCidr", cidr: regions?.secondary?.vpcCidr },
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
