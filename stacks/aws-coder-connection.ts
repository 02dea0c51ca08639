import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EksKubernetesAccess } from "../lib/aws/eks-kubernetes-access";
import { SecretsManagerPassword } from "../lib/aws/secrets-manager-password";
import { IKubernetesCluster } from "../lib/contracts/cluster";
import { IPostgresDatabase } from "../lib/contracts/database";
import { DeploymentPlan } from "../lib/plan/types";
import { CoderConnection } from "./coder-region-stack";
import { kubernetesApiRelay } from "./kubernetes-api-relay";

/** AWS's part of a coder stack: the AWS provider (for Secrets Manager), EKS access and the RDS password. */
export function awsCoderConnection(plan: DeploymentPlan) {
  return (stack: TerraformStack, cluster: IKubernetesCluster, database?: IPostgresDatabase): CoderConnection => {
    new AwsProvider(stack, "aws", { region: cluster.region, defaultTags: [{ tags: { ...plan.tags } }] });
    const access = new EksKubernetesAccess(stack, "kubernetes-access", { cluster, tags: plan.tags, apiRelay: kubernetesApiRelay(stack, plan, cluster.region) });
    const databasePassword = database && new SecretsManagerPassword(stack, "database-password", { credentials: database.credentials }).password;
    return { access, databasePassword };
  };
}
