import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataGoogleSecretManagerSecretVersion } from "@cdktf/provider-google/lib/data-google-secret-manager-secret-version";
import { DatabaseCredentials } from "../contracts/database";

export interface SecretManagerPasswordProps {
  /** Where the database keeps its credentials: a Secret Manager secret (`projects/<project>/secrets/<id>`). */
  readonly credentials: DatabaseCredentials;
}

/**
 * A database password read from Secret Manager (its latest version) when Terraform runs. The
 * configuration holds only a reference (`password` is an expression); the value lives in the secret
 * and, once read, in this stack's state, so keep state in an encrypted, access-controlled backend.
 * The data source gets no `project`: it takes the project from the secret's full name, and refuses
 * a `project` that differs from it (provider code, data_source_secret_manager_secret_version.go).
 * Reading needs `secretmanager.versions.access` (Secret Manager Secret Accessor) on the secret.
 */
export class SecretManagerPassword extends Construct {
  /** Terraform expression for the password; never a literal. */
  readonly password: string;

  constructor(scope: Construct, id: string, props: SecretManagerPasswordProps) {
    super(scope, id);
    const { credentials } = props;
    if (credentials.store !== "gcp-secret-manager") {
      throw new Error(`SecretManagerPassword ${id}: the credentials are kept in ${credentials.store}, not gcp-secret-manager`);
    }
    const version = new DataGoogleSecretManagerSecretVersion(this, "version", { secret: credentials.reference });
    this.password = credentials.passwordField ? Fn.lookup(Fn.jsondecode(version.secretData), credentials.passwordField) : version.secretData;
  }
}
