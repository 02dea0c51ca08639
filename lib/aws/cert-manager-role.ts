import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_SERVICE_ACCOUNT } from "../contracts/coder-ingress";
import { AwsAccount } from "./aws-account";
import { EksCluster } from "./eks-cluster";
import { policyDocument } from "./iam-policy";
import { ServiceAccountRole } from "./service-account-role";

export interface CertManagerRoleProps {
  /** The cluster whose cert-manager service account may take the role, and no other's. */
  readonly cluster: EksCluster;
  /** ARN of the public hosted zone the challenges are answered in. */
  readonly hostedZoneArn: string;
  /** The certificate's DNS names (`coder.acme.com`, `*.coder.acme.com`): the only challenge records it may write. */
  readonly certificateNames: readonly string[];
}

/**
 * cert-manager's IAM role for its Route 53 DNS-01 solver (IRSA): TXT records named
 * `_acme-challenge.<name>` in one hosted zone, created, updated and deleted, and the status of its
 * own changes; nothing else. cert-manager's Route 53 solver calls only ChangeResourceRecordSets
 * (UPSERT, DELETE) and GetChange when the issuer names the zone (cert-manager.io/docs, DNS01 Route53;
 * cert-manager pkg/issuer/acme/dns/route53). Route 53's record-set condition keys spell names in
 * lower case without the final dot (Route 53 developer guide, "specifying conditions").
 */
export class CertManagerRole extends Construct {
  readonly role: ServiceAccountRole;
  readonly arn: string;
  /** What cert-manager must wait for: the role's policy. */
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: CertManagerRoleProps) {
    super(scope, id);
    if (props.certificateNames.length === 0) throw new Error(`CertManagerRole ${id}: no certificate names`);
    const challenges = [...new Set(props.certificateNames.map((name) => `_acme-challenge.${name.replace(/^\*\./, "")}`))];
    const account = AwsAccount.of(this);
    this.role = props.cluster.addServiceAccountRole(this, "role", {
      name: "cert-manager",
      namespace: CERT_MANAGER_NAMESPACE,
      serviceAccount: CERT_MANAGER_SERVICE_ACCOUNT,
      managedPolicies: [],
    });
    this.arn = this.role.arn;
    this.policy = new IamRolePolicy(this, "policy", {
      role: this.role.role.id,
      name: "acme-dns01-challenges",
      policy: policyDocument(
        {
          Sid: "AnswerChallengesInTheZone",
          Effect: "Allow",
          Action: ["route53:ChangeResourceRecordSets"],
          Resource: props.hostedZoneArn,
          Condition: {
            "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"], "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"] },
            "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": challenges },
          },
        },
        {
          // A change's ID is known only once it is made, so its status cannot be scoped further.
          Sid: "FollowTheChanges",
          Effect: "Allow",
          Action: ["route53:GetChange"],
          Resource: `arn:${account.partition}:route53:::change/*`,
        },
      ),
    });
  }
}
