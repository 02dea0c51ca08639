import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { instanceTrustPolicy, managedPolicyArn } from "./iam-policy";

/**
 * What a node itself may do: join the cluster and pull images. The VPC CNI's permissions sit on its
 * own service-account role instead, so pods that reach the node's credentials gain little.
 */
export const NODE_MANAGED_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"];

export interface EksNodeRoleProps {
  readonly roleName: string;
}

/** The IAM role every managed node group of a cluster runs as. */
export class EksNodeRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  /** The policy attachments: node groups must wait for them, or nodes cannot join. */
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: EksNodeRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      assumeRolePolicy: instanceTrustPolicy(),
    });
    this.attachments = NODE_MANAGED_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, policy, { role: this.role.name, policyArn: managedPolicyArn(policy) }),
    );
    this.arn = this.role.arn;
  }
}
