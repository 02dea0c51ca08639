import { Construct } from "constructs";
import { Fn } from "cdktf";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { EncryptionKey } from "./encryption-key";

export interface PostgresMasterSecretProps {
  /** Name of the database instance whose master user this secret holds. */
  readonly identifier: string;
  /** The generated password (a token; it is written write-only, never into this resource's state). */
  readonly password: string;
  /** Bump to write a new password (together with the instance's `password_wo_version`). */
  readonly passwordVersion: number;
  readonly username: string;
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  /** Customer-managed key of the database's region that encrypts the secret. */
  readonly keyArn: string;
  /**
   * A second region the secret is replicated to, encrypted there with a key of that region, so
   * that a promoted replica can still be reached when the primary region is lost.
   * @default not replicated
   */
  readonly replicaRegion?: string;
}

/**
 * The master credentials of a PostgreSQL instance as a Secrets Manager secret in the JSON shape
 * RDS uses for its own secrets (`username`, `password`, `host`, `port`, `dbname`, `engine`),
 * encrypted with a customer-managed key and optionally replicated to a second region.
 */
export class PostgresMasterSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  /** ARN of the secret in the database's region. */
  readonly secretArn: string;
  /** The key that encrypts the replicated copy, in the replica's region. */
  readonly replicaKey?: EncryptionKey;

  constructor(scope: Construct, id: string, props: PostgresMasterSecretProps) {
    super(scope, id);
    if (!Number.isInteger(props.passwordVersion) || props.passwordVersion < 1) {
      throw new Error(`PostgresMasterSecret ${id}: passwordVersion must be a whole number of at least 1, got ${props.passwordVersion}`);
    }
    if (props.replicaRegion) {
      // A key in the other region, created through the resource's own `region` argument (aws
      // provider 6.0+): the secondary stack cannot own it, since it already depends on this one.
      this.replicaKey = new EncryptionKey(this, "replica-key", {
        description: `Replica of the master secret of ${props.identifier}`,
        alias: `${props.identifier}-master-secret`,
        region: props.replicaRegion,
      });
    }
    this.secret = new SecretsmanagerSecret(this, "secret", {
      // A prefix, not a name: a deleted secret keeps its name for its recovery window, and a
      // re-created deployment would collide with it.
      namePrefix: `${props.identifier}-master-`,
      description: `Master user of ${props.identifier}`,
      kmsKeyId: props.keyArn,
      replica: this.replicaKey && props.replicaRegion ? [{ region: props.replicaRegion, kmsKeyId: this.replicaKey.arn }] : undefined,
    });
    this.secretArn = this.secret.arn;
    new SecretsmanagerSecretVersion(this, "value", {
      secretId: this.secret.id,
      // Write-only (Terraform 1.11+): the document is sent to AWS and kept out of this resource's state.
      secretStringWo: Fn.jsonencode({
        engine: "postgres",
        username: props.username,
        password: props.password,
        host: props.host,
        port: props.port,
        dbname: props.databaseName,
      }),
      secretStringWoVersion: props.passwordVersion,
    });
  }
}
