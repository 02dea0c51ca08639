import { TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GkeKubernetesAccess } from "../lib/gcp/gke-kubernetes-access";
import { SecretManagerPassword } from "../lib/gcp/secret-manager-password";
import { IKubernetesCluster } from "../lib/contracts/cluster";
import { IPostgresDatabase } from "../lib/contracts/database";
import { DeploymentPlan } from "../lib/plan/types";
import { CoderConnection } from "./coder-region-stack";

/**
 * Google Cloud's part of a coder stack: the google provider (for the caller's access token and
 * Secret Manager), GKE access and the Cloud SQL password. Without `gcp.project` the provider reads
 * the project from the environment, as the infrastructure stacks do.
 */
export function gcpCoderConnection(plan: DeploymentPlan) {
  return (stack: TerraformStack, cluster: IKubernetesCluster, database?: IPostgresDatabase): CoderConnection => {
    new GoogleProvider(stack, "google", { project: plan.gcp.project, region: cluster.region });
    const access = new GkeKubernetesAccess(stack, "kubernetes-access", { cluster });
    const databasePassword = database && new SecretManagerPassword(stack, "database-password", { credentials: database.credentials }).password;
    return { access, databasePassword };
  };
}
