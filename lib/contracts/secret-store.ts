/**
 * Where a region keeps the secrets only a running coderd can make (provisioner keys, a proxy
 * token): the cloud's secret store, written once by a person or CI with the cloud's CLI and read by
 * every later deploy, so no deploy needs them as input. Commands read and write standard output and
 * input, so a value never appears on a command line.
 */
export interface BootstrapSecretStore {
  readonly kind: "aws-secrets-manager" | "gcp-secret-manager" | "azure-key-vault";
  /** A shell command that stores its standard input as the entry's value. */
  writeCommand(storeName: string): string;
  /** The command and arguments that print the entry's value (run without a shell by `npm run deploy`). */
  readCommand(storeName: string): readonly string[];
}
