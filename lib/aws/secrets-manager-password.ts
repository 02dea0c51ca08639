import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { DatabaseCredentials } from "../contracts/database";

export interface SecretsManagerPasswordProps {
  /** Where the database keeps its credentials: a Secrets Manager secret holding JSON. */
  readonly credentials: DatabaseCredentials;
}

/**
 * A database password read from AWS Secrets Manager when Terraform runs. The configuration holds
 * only a reference (`password` is an expression); the value lives in the secret and, once read, in
 * this stack's state, which is why state is encrypted (S3 backend `encrypt`). RDS-managed master
 * secrets rotate (every 7 days unless changed): apply the coder stack again after a rotation so the
 * Kubernetes secret follows.
 */
export class SecretsManagerPassword extends Construct {
  /** Terraform expression for the password; never a literal. */
  readonly password: string;

  constructor(scope: Construct, id: string, props: SecretsManagerPasswordProps) {
    super(scope, id);
    const { credentials } = props;
    if (credentials.store !== "aws-secrets-manager") {
      throw new Error(`SecretsManagerPassword ${id}: the credentials are kept in ${credentials.store}, not aws-secrets-manager`);
    }
    const version = new DataAwsSecretsmanagerSecretVersion(this, "version", { secretId: credentials.reference });
    this.password = credentials.passwordField
      ? Fn.lookup(Fn.jsondecode(version.secretString), credentials.passwordField)
      : version.secretString;
  }
}
