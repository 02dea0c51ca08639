import { Fn } from "cdktf";
import { IPostgresDatabase } from "../contracts/database";

/**
 * TLS mode of the connection URL. Every cloud's database refuses clients without TLS (RDS with
 * `rds.force_ssl`, Cloud SQL `ENCRYPTED_ONLY`, Flexible Server `require_secure_transport`), and
 * `require` works without shipping each cloud's CA bundle into the pod.
 */
export const DATABASE_SSL_MODE = "require";

/**
 * coderd's `CODER_PG_CONNECTION_URL` built from the database contract: user and password
 * URL-encoded (generated passwords hold `@`, `/`, `:`), TLS required. `password` is a Terraform
 * reference, so the URL in the configuration is an expression, never the secret.
 */
export function databaseUrl(database: IPostgresDatabase, password: string): string {
  const user = Fn.urlencode(database.credentials.username);
  return `postgres://${user}:${Fn.urlencode(password)}@${database.host}:${database.port}/${database.databaseName}?sslmode=${DATABASE_SSL_MODE}`;
}
