import { TerraformOutput, TerraformStack } from "cdktf";
import { CLUSTER_OUTPUTS, IKubernetesCluster } from "../contracts/cluster";
import { DATABASE_OUTPUTS, IPostgresDatabase } from "../contracts/database";

/** Writes a cluster's contract as the stack outputs every cloud shares. */
export function addClusterOutputs(stack: TerraformStack, cluster: IKubernetesCluster): void {
  new TerraformOutput(stack, CLUSTER_OUTPUTS.clusterName, { value: cluster.clusterName, description: "Kubernetes cluster name" });
  new TerraformOutput(stack, CLUSTER_OUTPUTS.clusterEndpoint, { value: cluster.clusterEndpoint, description: "Kubernetes API endpoint" });
  new TerraformOutput(stack, CLUSTER_OUTPUTS.clusterCaCertificate, {
    value: cluster.clusterCaCertificate,
    description: "Base64 PEM of the cluster's certificate authority (public)",
  });
  new TerraformOutput(stack, CLUSTER_OUTPUTS.workloadIdentityIssuer, {
    value: cluster.workloadIdentity.issuer,
    description: `What workload identity trusts (${cluster.workloadIdentity.kind})`,
  });
}

/** Writes a database's contract as the stack outputs every cloud shares: where to connect, and where the credentials are. */
export function addDatabaseOutputs(stack: TerraformStack, database: IPostgresDatabase): void {
  new TerraformOutput(stack, DATABASE_OUTPUTS.host, { value: database.host, description: "PostgreSQL private host" });
  new TerraformOutput(stack, DATABASE_OUTPUTS.port, { value: database.port, description: "PostgreSQL port" });
  new TerraformOutput(stack, DATABASE_OUTPUTS.databaseName, { value: database.databaseName, description: "Coder's database" });
  new TerraformOutput(stack, DATABASE_OUTPUTS.username, { value: database.credentials.username, description: "Database user" });
  new TerraformOutput(stack, DATABASE_OUTPUTS.credentialsSecret, {
    value: database.credentials.reference,
    description: `Where the credentials are kept (${database.credentials.store}): a reference, not the secret`,
  });
}
