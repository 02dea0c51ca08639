import { PLACEHOLDER_DOMAIN } from "../config/schema";
import { DeploymentPlan } from "./types";

/**
 * What a synth accepts and a deploy must not: `npm run deploy` stops on each of these before
 * Terraform runs. The placeholder domain synthesizes (reviewers read the output before anyone owns
 * a zone) but would ask ACME for certificates of example.com and write records into a zone nobody
 * here owns; the apply would wait on the Certificate until it times out.
 */
export function deployBlockers(plan: DeploymentPlan): string[] {
  const blockers: string[] = [];
  if (plan.coder.enabled && plan.coder.domain === PLACEHOLDER_DOMAIN) {
    blockers.push(
      `coder.domain is the placeholder ${PLACEHOLDER_DOMAIN}: set it to the domain of your DNS zone (coder.dns.manage true) or of the certificate you bring (coder.tls.mode pem), or set coder.enabled false to deploy the infrastructure alone`,
    );
  }
  return blockers;
}
