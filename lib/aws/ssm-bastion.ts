import { Construct } from "constructs";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { instanceTrustPolicy, managedPolicyArn } from "./iam-policy";

/** Latest Amazon Linux 2023 AMI, published by AWS as a public SSM parameter. */
const AL2023_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

export interface SsmBastionProps {
  /** Name prefix, e.g. the cluster's name; the instance is `<name>-bastion`. */
  readonly name: string;
  readonly vpcId: string;
  /** A private subnet; the instance reaches Session Manager through the zone's NAT gateway. */
  readonly subnetId: string;
  /**
   * @default "t3.micro": it forwards one TCP port
   */
  readonly instanceType?: string;
  /** Tags for the instance's volume, which provider default tags do not reach. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A relay to the private Kubernetes API that needs no open port: AWS Systems Manager Session
 * Manager port forwarding (`AWS-StartPortForwardingSessionToRemoteHost`) carries a local port to
 * the API endpoint through this instance. No SSH key, no inbound rule, no public address, IMDSv2
 * only. Its role holds only what the SSM agent needs; kubectl still authenticates as the user who
 * opened the session, so the bastion itself has no access to the cluster.
 */
export class SsmBastion extends Construct {
  readonly instance: Instance;
  /** Security group of the bastion: what the API admits on 443. */
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: SsmBastionProps) {
    super(scope, id);
    const name = `${props.name}-bastion`;
    const securityGroup = new SecurityGroup(this, "security-group", {
      name,
      description: `Session Manager relay ${name}: no inbound rules`,
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    this.securityGroupId = securityGroup.id;
    // HTTPS out only: Session Manager endpoints (through NAT) and the Kubernetes API.
    new VpcSecurityGroupEgressRule(this, "https-out", {
      securityGroupId: securityGroup.id,
      description: "HTTPS to Session Manager and the Kubernetes API",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });

    const role = new IamRole(this, "role", { name, assumeRolePolicy: instanceTrustPolicy() });
    const ssmCore = new IamRolePolicyAttachment(this, "ssm-core", { role: role.name, policyArn: managedPolicyArn("AmazonSSMManagedInstanceCore") });
    const profile = new IamInstanceProfile(this, "profile", { name, role: role.name });
    const ami = new DataAwsSsmParameter(this, "ami", { name: AL2023_AMI_PARAMETER });

    this.instance = new Instance(this, "instance", {
      ami: ami.value,
      instanceType: props.instanceType ?? "t3.micro",
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [securityGroup.id],
      iamInstanceProfile: profile.name,
      associatePublicIpAddress: false,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, volumeType: "gp3", tags: { ...props.tags, Name: name } },
      tags: { Name: name },
      // A new AMI each month would replace the instance on every apply; patch it in place instead.
      lifecycle: { ignoreChanges: ["ami"] },
      dependsOn: [ssmCore],
    });
  }
}
