import { Construct } from "constructs";
import { Password } from "@cdktf/provider-random/lib/password";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretVersion } from "@cdktf/provider-google/lib/secret-manager-secret-version";

/** Letters and digits only, so the password goes into a connection URL without escaping; 32 of them are about 190 bits. */
export const PASSWORD_LENGTH = 32;

/**
 * Version of the write-only password in the secret and the database user: both write it only when
 * the version changes (google provider 6.50, password_wo_version and secret_data_wo_version).
 */
export const DATABASE_PASSWORD_WRITE_VERSION = 1;

export interface DatabasePasswordProps {
  /** Secret Manager secret ID, e.g. `<database>-password`. */
  readonly secretId: string;
  /** Regions the secret is replicated to: both regions of the deployment, so either can read it when the other is down. */
  readonly replicaLocations: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Refuse deleting the secret.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A generated database password kept in Secret Manager, replicated to the deployment's regions
 * (user-managed replication, so the data stays where the deployment is). The password is never
 * written to source or outputs, and reaches the secret version and the database user through
 * write-only arguments (`secret_data_wo`, `password_wo`; google provider 6.23+), which no plan or
 * state keeps; the generator's own result is still in state (random_password is a resource: the
 * pinned cdktf has no ephemeral bindings), so keep state in an encrypted, access-controlled backend.
 */
export class DatabasePassword extends Construct {
  /** The generated value, for the database user; sensitive. */
  readonly value: string;
  /** `projects/<project>/secrets/<id>`: where the password is kept, a reference and not the secret. */
  readonly secretId: string;

  constructor(scope: Construct, id: string, props: DatabasePasswordProps) {
    super(scope, id);
    if (props.replicaLocations.length === 0) throw new Error(`DatabasePassword ${id}: replicaLocations is empty`);
    const password = new Password(this, "password", { length: PASSWORD_LENGTH, special: false, minLower: 4, minUpper: 4, minNumeric: 4 });
    const secret = new SecretManagerSecret(this, "secret", {
      secretId: props.secretId,
      replication: { userManaged: { replicas: [...new Set(props.replicaLocations)].map((location) => ({ location })) } },
      labels: { ...props.labels },
      deletionProtection: props.deletionProtection ?? true,
    });
    // The version is ForceNew in the provider: bumping it writes a new secret version.
    new SecretManagerSecretVersion(this, "version", { secret: secret.id, secretDataWo: password.result, secretDataWoVersion: DATABASE_PASSWORD_WRITE_VERSION });
    this.value = password.result;
    this.secretId = secret.id;
  }
}
