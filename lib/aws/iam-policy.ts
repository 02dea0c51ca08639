import { jsonDocument } from "../terraform/json-document";

/**
 * IAM policy documents as JSON strings, so the synthesized Terraform shows each grant verbatim, in
 * JSON and in HCL (see jsonDocument: indented, so the HCL output can hold their references).
 */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: Record<string, string | readonly string[]>;
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

export function policyDocument(...statements: PolicyStatement[]): string {
  return jsonDocument({ Version: "2012-10-17", Statement: statements });
}

/** Whose behalf a service may act on: the account, and the resource (ARN, wildcards allowed). */
export interface TrustSource {
  readonly account: string;
  readonly arn: string;
}

/**
 * A trust policy letting one AWS service assume the role only on behalf of the given resource of
 * this account: `aws:SourceAccount` and `aws:SourceArn` stop another account's resource from
 * making the service act with this role (the confused deputy; IAM user guide,
 * confused-deputy.html; EKS user guide, cross-service-confused-deputy-prevention.html; VPC user
 * guide, flow-logs-iam-role.html).
 */
export function serviceTrustPolicy(service: string, source: TrustSource): string {
  return policyDocument({
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sts:AssumeRole",
    Condition: {
      StringEquals: { "aws:SourceAccount": source.account },
      ArnLike: { "aws:SourceArn": source.arn },
    },
  });
}

/**
 * The trust policy of an EC2 instance role. EC2 assumes it for the instance profile it is passed,
 * and does not document the source keys for that; what guards it is `iam:PassRole`, which only
 * principals of this account can hold. So this is the one service trust without source conditions.
 */
export function instanceTrustPolicy(): string {
  return policyDocument({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
}

/** ARN of an AWS managed policy, in the partition of the deployment. */
export function managedPolicyArn(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}
