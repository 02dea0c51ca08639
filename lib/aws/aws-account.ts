import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";

const ID = "aws-account";

/**
 * The account, partition and region a stack deploys into, read once per stack (data sources), so
 * ARNs in trust policies and IAM conditions name this account instead of a wildcard.
 */
export class AwsAccount extends Construct {
  /** 12-digit account ID of the deploying identity. */
  readonly accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /** Region of the stack's AWS provider (the data source's ID is the region name in provider 5 and 6). */
  readonly region: string;

  /** The stack's single instance, created on first use. */
  static of(scope: Construct): AwsAccount {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as AwsAccount | undefined) ?? new AwsAccount(stack, ID);
  }

  private readonly caller: DataAwsCallerIdentity;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.caller = new DataAwsCallerIdentity(this, "caller");
    this.accountId = this.caller.accountId;
    this.partition = new DataAwsPartition(this, "partition").partition;
    this.region = new DataAwsRegion(this, "region").id;
  }

  /**
   * The IAM role or user that deploys (the role behind an assumed-role session, which is what EKS
   * makes cluster admin at creation), read on first use.
   */
  get deployerArn(): string {
    const existing = this.node.tryFindChild("session") as DataAwsIamSessionContext | undefined;
    return (existing ?? new DataAwsIamSessionContext(this, "session", { arn: this.caller.arn })).issuerArn;
  }

  /** ARN of a resource of this account and region, e.g. `arn("eks", "cluster/name")`. */
  arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resource}`;
  }
}
