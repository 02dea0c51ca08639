import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsAccount } from "./aws-account";
import { EksCluster } from "./eks-cluster";
import { policyDocument } from "./iam-policy";
import { ServiceAccountRole } from "./service-account-role";

/** Where the Cluster Autoscaler runs; its role trusts exactly this service account. */
export const CLUSTER_AUTOSCALER_NAMESPACE = "kube-system";
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";

export interface ClusterAutoscalerRoleProps {
  /** The cluster whose node groups the autoscaler may resize, and no other's. */
  readonly cluster: EksCluster;
}

/**
 * The IAM role of one cluster's Cluster Autoscaler (IRSA). It may change the size of, and remove
 * instances from, only Auto Scaling groups tagged `k8s.io/cluster-autoscaler/<cluster>` (EKS tags
 * every managed node group's group so), and read only this cluster's node groups; the rest is
 * read-only EC2/Auto Scaling describe calls, which IAM cannot scope to resources.
 * Source: kubernetes/autoscaler, cluster-autoscaler/cloudprovider/aws/README.md ("IAM Policy",
 * the recommended policy with a resource-tag condition).
 */
export class ClusterAutoscalerRole extends Construct {
  readonly role: ServiceAccountRole;
  readonly arn: string;
  /** What the autoscaler must wait for: the role's policy. */
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerRoleProps) {
    super(scope, id);
    const { cluster } = props;
    const account = AwsAccount.of(this);
    this.role = cluster.addServiceAccountRole(this, "role", {
      name: "cluster-autoscaler",
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
      managedPolicies: [],
    });
    this.arn = this.role.arn;
    this.policy = new IamRolePolicy(this, "policy", {
      role: this.role.role.id,
      name: "scale-own-node-groups",
      policy: policyDocument(
        {
          Sid: "ScaleThisClustersNodeGroups",
          Effect: "Allow",
          Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
          Resource: "*",
          Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster.resourceNamePrefix}`]: "owned" } },
        },
        {
          // Labels and taints of a managed node group scaled to zero come from here.
          Sid: "ReadThisClustersNodeGroups",
          Effect: "Allow",
          Action: ["eks:DescribeNodegroup"],
          Resource: account.arn("eks", `nodegroup/${cluster.resourceNamePrefix}/*/*`),
        },
        {
          Sid: "DiscoverGroupsAndInstanceTypes",
          Effect: "Allow",
          Action: [
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations",
            "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags",
            "ec2:DescribeImages",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements",
          ],
          Resource: "*",
        },
      ),
    });
  }
}
