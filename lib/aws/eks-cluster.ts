import { Construct } from "constructs";
import { DataResource, Fn, ITerraformDependable, Op, TerraformLocal } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { DataAwsEksAddonVersion } from "@cdktf/provider-aws/lib/data-aws-eks-addon-version";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { AWS_WARM_PREFIX_TARGET } from "../reference/kubernetes-profiles";
import { EKS_ADDON_VERSIONS } from "../reference/aws-eks";
import { IKubernetesCluster, WorkloadIdentity } from "../contracts/cluster";
import { ClusterPlan } from "../plan/types";
import { AwsAccount } from "./aws-account";
import { EncryptionKey } from "./encryption-key";
import { managedPolicyArn, policyDocument, serviceTrustPolicy } from "./iam-policy";
import { ServiceAccountRole } from "./service-account-role";

/** Every control-plane log type EKS offers. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export interface ServiceAccountRoleOptions {
  /** Short name; the role is named `<cluster>-<name>`. */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Names of AWS managed policies, e.g. `AmazonEKS_CNI_Policy`. */
  readonly managedPolicies: readonly string[];
}

export interface EksClusterProps {
  /** Name, version, service range, API access and admins from the deployment plan. */
  readonly plan: ClusterPlan;
  /** Private subnets for the control plane's network interfaces. */
  readonly subnetIds: string[];
  /**
   * IAM roles or users given cluster-admin through access entries, besides the identity that creates
   * the cluster.
   * @default none
   */
  readonly adminPrincipalArns?: readonly string[];
  /**
   * Days control-plane logs are kept.
   * @default 90
   */
  readonly logRetentionDays?: number;
}

/**
 * An EKS cluster set up as the reference architecture expects: secrets encrypted with a rotating
 * KMS key, every control-plane log, a private API endpoint (public only for the CIDRs the plan
 * allows), IAM roles for service accounts, access entries for admins, and the networking add-ons
 * that nodes need when they join (the VPC CNI with prefix delegation, kube-proxy).
 *
 * Add-ons that need running nodes (CoreDNS, the EBS CSI driver) are `EksWorkloadAddons`, created
 * after the node pools.
 */
export class EksCluster extends Construct implements IKubernetesCluster {
  readonly cloud = "aws";
  readonly region: string;
  readonly cluster: EksClusterResource;
  /** Cluster name as a reference, so whatever uses it waits for the cluster. */
  readonly clusterName: string;
  /** The plain cluster name, for naming the cluster's other resources. */
  readonly resourceNamePrefix: string;
  readonly clusterEndpoint: string;
  readonly clusterCaCertificate: string;
  /** Kubernetes minor version of the control plane, as a reference. */
  readonly kubernetesVersion: string;
  /** The Kubernetes minor of the plan, as a literal (kubernetesVersion is the cluster's attribute). */
  private readonly plannedMinor: string;
  /** IAM roles for service accounts: trust names the cluster's IAM OIDC provider. */
  readonly workloadIdentity: WorkloadIdentity;
  /** Security group EKS attaches to the control plane and to managed nodes. */
  readonly securityGroupId: string;
  readonly oidcProviderArn: string;
  /** OIDC issuer without `https://`, for IRSA trust policies. */
  readonly oidcIssuer: string;
  /** What node pools must wait for: the networking add-ons must be in place before nodes join. */
  readonly nodeDependencies: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const { plan } = props;
    if (props.subnetIds.length < 2) {
      throw new Error(`EksCluster ${id}: EKS needs subnets in at least 2 zones, got ${props.subnetIds.length}`);
    }

    const secretsKey = new EncryptionKey(this, "secrets-key", {
      description: `Kubernetes secrets of EKS cluster ${plan.name}`,
      alias: `${plan.name}-eks-secrets`,
    });
    const role = new IamRole(this, "cluster-role", {
      name: `${plan.name}-cluster`,
      // Only for this cluster of this account (EKS user guide, cross-service-confused-deputy-prevention.html).
      assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com", {
        account: AwsAccount.of(this).accountId,
        arn: AwsAccount.of(this).arn("eks", `cluster/${plan.name}`),
      }),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, "cluster-policy", {
      role: role.name,
      policyArn: managedPolicyArn("AmazonEKSClusterPolicy"),
    });
    // Envelope encryption: the control plane may use the secrets key and nothing else.
    const keyPolicy = new IamRolePolicy(this, "secrets-key-policy", {
      role: role.id,
      name: "encrypt-secrets",
      policy: policyDocument({
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        Resource: secretsKey.arn,
      }),
    });
    // Created here, not by EKS, so the retention is ours and `destroy` removes it.
    const logGroup = new CloudwatchLogGroup(this, "control-plane-logs", {
      name: `/aws/eks/${plan.name}/cluster`,
      retentionInDays: props.logRetentionDays ?? 90,
    });

    const publicEndpoint = plan.apiAllowedCidrs.length > 0;
    this.cluster = new EksClusterResource(this, "cluster", {
      name: plan.name,
      version: plan.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicEndpoint,
        publicAccessCidrs: publicEndpoint ? [...plan.apiAllowedCidrs] : undefined,
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: plan.serviceCidr },
      // Every add-on is an EKS managed add-on below, versioned and configured in this code.
      bootstrapSelfManagedAddons: false,
      // Extended support bills extra per cluster-hour; upgrade instead.
      upgradePolicy: { supportType: "STANDARD" },
      dependsOn: [clusterPolicy, keyPolicy, logGroup],
    });
    this.region = plan.region;
    this.clusterName = this.cluster.name;
    this.resourceNamePrefix = plan.name;
    this.clusterEndpoint = this.cluster.endpoint;
    this.clusterCaCertificate = this.cluster.certificateAuthority.get(0).data;
    this.kubernetesVersion = this.cluster.version;
    this.plannedMinor = plan.kubernetesVersion;
    this.securityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    const issuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    const oidc = new IamOpenidConnectProvider(this, "oidc-provider", {
      url: issuerUrl,
      clientIdList: ["sts.amazonaws.com"],
    });
    this.oidcProviderArn = oidc.arn;
    this.workloadIdentity = { kind: "aws-irsa", issuer: oidc.arn };
    // A local, so trust policies read `${local...}:sub` instead of embedding a quoted function call.
    this.oidcIssuer = new TerraformLocal(this, "oidc-issuer", Fn.replace(issuerUrl, "https://", "")).asString;

    // Who created the cluster, kept from the first apply on (ignore_changes): EKS made that identity
    // admin, and a later deploy by another identity must not be mistaken for it.
    const creator = (props.adminPrincipalArns ?? []).length > 0
      ? new DataResource(this, "creator", { input: { arn: AwsAccount.of(this).deployerArn }, lifecycle: { ignoreChanges: ["input"] }, dependsOn: [this.cluster] })
      : undefined;
    (props.adminPrincipalArns ?? []).forEach((principalArn, i) => {
      const entry = new EksAccessEntry(this, `admin-access-${i}`, {
        clusterName: this.clusterName,
        principalArn,
        lifecycle: {
          // The deployer is admin already (bootstrapClusterCreatorAdminPermissions); an entry of its
          // own fails with 409 ResourceInUseException (terraform-aws-eks issues 2968, 3293).
          precondition: [
            {
              condition: Op.neq(Fn.lookupNested(creator!.output, ["arn"]), principalArn),
              errorMessage: `aws.clusterAdminPrincipalArns lists ${principalArn}, the identity that created the cluster: EKS made it cluster admin then, and a second access entry fails with 409 ResourceInUseException. Remove it from the list.`,
            },
          ],
        },
      });
      new EksAccessPolicyAssociation(this, `admin-access-policy-${i}`, {
        clusterName: this.clusterName,
        principalArn: entry.principalArn,
        policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        accessScope: { type: "cluster" },
      });
    });

    const cniRole = this.addServiceAccountRole(this, "vpc-cni-role", {
      name: "vpc-cni",
      namespace: "kube-system",
      serviceAccount: "aws-node",
      managedPolicies: ["AmazonEKS_CNI_Policy"],
    });
    // Prefix delegation gives each node /28 blocks instead of single addresses, so a t3.2xlarge
    // holds 110 pods instead of 58; managed node groups read this setting when they compute maxPods.
    const vpcCni = new EksAddon(this, "vpc-cni", {
      clusterName: this.clusterName,
      addonName: "vpc-cni",
      addonVersion: this.addonVersion(this, "vpc-cni"),
      serviceAccountRoleArn: cniRole.arn,
      // The add-on's pods call EC2 with this role at once; without its policy they fail to start.
      dependsOn: cniRole.attachments,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      configurationValues: JSON.stringify({
        env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: String(AWS_WARM_PREFIX_TARGET) },
        // Without it the VPC CNI accepts NetworkPolicy objects and enforces none (off by default:
        // docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html); the workspace
        // namespace's default-deny policy depends on it.
        enableNetworkPolicy: "true",
      }),
    });
    const kubeProxy = new EksAddon(this, "kube-proxy", {
      clusterName: this.clusterName,
      addonName: "kube-proxy",
      addonVersion: this.addonVersion(this, "kube-proxy"),
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
    });
    this.nodeDependencies = [vpcCni, kubeProxy];
  }

  /**
   * Admits a client to the private API endpoint on 443, through the cluster security group (which
   * the endpoint's network interfaces carry): a bastion's security group or a CIDR connected to
   * the VPC. Nothing else outside the cluster's own nodes reaches the API privately.
   */
  allowApiAccessFrom(scope: Construct, id: string, source: { readonly securityGroupId: string } | { readonly cidr: string }): VpcSecurityGroupIngressRule {
    return new VpcSecurityGroupIngressRule(scope, id, {
      securityGroupId: this.securityGroupId,
      description: `Kubernetes API of ${this.resourceNamePrefix}`,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      ...("securityGroupId" in source ? { referencedSecurityGroupId: source.securityGroupId } : { cidrIpv4: source.cidr }),
    });
  }

  /**
   * The version of an EKS managed add-on for this cluster's Kubernetes minor: the pinned one
   * (EKS_ADDON_VERSIONS), or, for an add-on or minor with no pin, EKS's default version for the
   * minor, read at plan time. Never "most recent": an apply must not upgrade the network plugin.
   */
  addonVersion(scope: Construct, addonName: string): string {
    const pinned = (EKS_ADDON_VERSIONS[this.plannedMinor] as Record<string, string> | undefined)?.[addonName];
    if (pinned) return pinned;
    return new DataAwsEksAddonVersion(scope, `${addonName}-version`, {
      addonName,
      kubernetesVersion: this.kubernetesVersion,
      mostRecent: false,
    }).version;
  }

  /**
   * An IAM role that only the given service account of this cluster can assume, named
   * `<cluster>-<name>`, with AWS managed policies attached.
   */
  addServiceAccountRole(scope: Construct, id: string, options: ServiceAccountRoleOptions): ServiceAccountRole {
    return new ServiceAccountRole(scope, id, {
      roleName: `${this.resourceNamePrefix}-${options.name}`,
      oidcProviderArn: this.oidcProviderArn,
      oidcIssuer: this.oidcIssuer,
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
      managedPolicyArns: options.managedPolicies.map(managedPolicyArn),
    });
  }
}
