import { PLACEHOLDER_DOMAIN } from "../config/schema";
import { EKS_STANDARD_SUPPORT_END } from "../reference/aws-eks";
import { DeploymentPlan } from "./types";

/**
 * What a synth accepts and a deploy must not: `npm run deploy` stops on each of these before
 * Terraform runs. The placeholder domain synthesizes (reviewers read the output before anyone owns
 * a zone) but would ask ACME for certificates of example.com and write records into a zone nobody
 * here owns; the apply would wait on the Certificate until it times out.
 */
export function deployBlockers(plan: DeploymentPlan, now: Date = new Date()): string[] {
  const blockers: string[] = [...runnerBlockers(plan), ...supportBlockers(plan, now)];
  if (plan.coder.enabled && plan.coder.domain === PLACEHOLDER_DOMAIN) {
    blockers.push(
      `coder.domain is the placeholder ${PLACEHOLDER_DOMAIN}: set it to the domain of your DNS zone (coder.dns.manage true) or of the certificate you bring (coder.tls.mode pem), or set coder.enabled false to deploy the infrastructure alone`,
    );
  }
  return blockers;
}

/**
 * Whether the runner can reach the private Kubernetes APIs at all: without a path every add-ons and
 * coder stack would fail half-way through the deploy, after the infrastructure was made.
 */
export function runnerBlockers(plan: DeploymentPlan): string[] {
  if (plan.primary.cluster.apiAllowedCidrs.length > 0) return [];
  if (plan.cloud === "aws" && !plan.aws.bastion && plan.aws.privateApiCidrs.length === 0) {
    return [
      "nothing reaches the private Kubernetes APIs: aws.bastion is false and aws.privateApiCidrs is empty. Leave aws.bastion unset (npm run deploy relays through it), list your runner's network in aws.privateApiCidrs, or its public CIDR in kubernetes.apiAllowedCidrs",
    ];
  }
  if (plan.cloud === "azure" && !plan.azure.runnerConnected) {
    return [
      "the AKS API servers are private and this runner is not known to reach them: set azure.runnerConnected true when it runs in a network peered or connected to both VNets, or list its public CIDR in kubernetes.apiAllowedCidrs",
    ];
  }
  return [];
}

/**
 * A minor past EKS standard support: with the upgrade policy STANDARD, EKS upgrades the control plane
 * on its own, and a deploy pinned to the old minor would ask to go back, which EKS refuses.
 */
export function supportBlockers(plan: DeploymentPlan, now: Date): string[] {
  if (plan.cloud !== "aws") return [];
  const minor = plan.primary.cluster.kubernetesVersion;
  const end = EKS_STANDARD_SUPPORT_END[minor];
  if (!end || now.toISOString().slice(0, 10) < end) return [];
  return [
    `kubernetes.version ${minor} left EKS standard support on ${end}, and EKS upgrades such a cluster's control plane itself (upgrade policy STANDARD): set kubernetes.version to the next minor (docs/day-two-aws.md, upgrading Kubernetes)`,
  ];
}
