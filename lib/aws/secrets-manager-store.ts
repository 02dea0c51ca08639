import { BootstrapSecretStore } from "../contracts/secret-store";

/** Secrets Manager of one region as the store of Coder's bootstrap secrets (AWS CLI v2). */
export function secretsManagerStore(region: string): BootstrapSecretStore {
  return {
    kind: "aws-secrets-manager",
    writeCommand: (name) => `aws secretsmanager put-secret-value --region ${region} --secret-id ${name} --secret-string file:///dev/stdin`,
    readCommand: (name) => ["aws", "secretsmanager", "get-secret-value", "--region", region, "--secret-id", name, "--query", "SecretString", "--output", "text"],
  };
}
