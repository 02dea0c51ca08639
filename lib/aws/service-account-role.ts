import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { policyDocument } from "./iam-policy";

export interface ServiceAccountRoleProps {
  readonly roleName: string;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The OIDC issuer without `https://`, as IAM condition keys spell it. */
  readonly oidcIssuer: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** ARNs of the managed policies the service account needs. */
  readonly managedPolicyArns: readonly string[];
}

/**
 * An IAM role that exactly one Kubernetes service account can assume (IRSA), so an add-on gets its
 * AWS permissions without putting them on every node.
 */
export class ServiceAccountRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  /** The policy attachments: whatever runs as this role must wait for them, or its first calls are denied. */
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ServiceAccountRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      assumeRolePolicy: policyDocument({
        Effect: "Allow",
        Principal: { Federated: props.oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${props.oidcIssuer}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccount}`,
            [`${props.oidcIssuer}:aud`]: "sts.amazonaws.com",
          },
        },
      }),
    });
    this.attachments = props.managedPolicyArns.map(
      (arn, i) => new IamRolePolicyAttachment(this, `policy-${i}`, { role: this.role.name, policyArn: arn }),
    );
    this.arn = this.role.arn;
  }
}
