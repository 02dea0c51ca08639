/**
 * Where a database's credentials live: a reference into the cloud's secret store, never the
 * password. `reference` is a Secrets Manager ARN, a Secret Manager secret ID or a Key Vault secret
 * ID; `passwordField` names the JSON key holding the password where the secret is a JSON document.
 */
export interface DatabaseCredentials {
  readonly store: "aws-secrets-manager" | "gcp-secret-manager" | "azure-key-vault";
  readonly reference: string;
  readonly username: string;
  readonly passwordField?: string;
}

/**
 * What Coder's PostgreSQL offers the layers above it, the same on every cloud: where to connect and
 * where the credentials are kept. Every cloud's database refuses connections without TLS, so a
 * connection URL built from this must ask for `sslmode=require` or stricter.
 */
export interface IPostgresDatabase {
  /** Private host name or address. */
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  readonly credentials: DatabaseCredentials;
}

/** PostgreSQL's port, the same on RDS, Cloud SQL and Flexible Server. */
export const POSTGRES_PORT = 5432;

/** Output names every cloud's primary stack gives its database (references, never secrets). */
export const DATABASE_OUTPUTS = {
  host: "database_host",
  port: "database_port",
  databaseName: "database_name",
  username: "database_username",
  credentialsSecret: "database_credentials_secret",
  replicaHost: "database_replica_host",
} as const;
