import { Construct } from "constructs";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { EncryptionKey } from "./encryption-key";

export interface BootstrapSecretEntriesProps {
  /** The entries: a stable ID (the secret's kind) and the secret's name as the plan gives it (`<prefix>-<region>-coder-...`). */
  readonly entries: readonly { readonly id: string; readonly name: string }[];
  /** Names the key's alias and the secrets' description, e.g. the cluster name. */
  readonly owner: string;
}

/**
 * Empty Secrets Manager secrets for the values only a running coderd can make (provisioner keys, a
 * proxy token), encrypted with a key of their own. A person or CI writes each value once with the
 * AWS CLI (the coder stack's `bootstrap_commands` output); `npm run deploy` reads them from here.
 * Terraform never holds a value, only the empty secrets.
 */
export class BootstrapSecretEntries extends Construct {
  readonly key: EncryptionKey;
  readonly secrets: SecretsmanagerSecret[];

  constructor(scope: Construct, id: string, props: BootstrapSecretEntriesProps) {
    super(scope, id);
    const names = props.entries.map((e) => e.name);
    if (new Set(names).size !== names.length) throw new Error(`BootstrapSecretEntries ${id}: secret names repeat: ${names.join(", ")}`);
    this.key = new EncryptionKey(this, "key", { description: `Coder bootstrap secrets of ${props.owner}`, alias: `${props.owner}-coder-bootstrap` });
    this.secrets = props.entries.map(
      ({ id: entryId, name }) =>
        new SecretsmanagerSecret(this, entryId, {
          // A fixed name, so the CLI and the deploy find it; deleted at once on teardown (no recovery
          // window), so a re-created deployment can take the name again: Coder makes a new value anyway.
          name,
          description: `Written once after coderd runs: ${name}`,
          kmsKeyId: this.key.arn,
          recoveryWindowInDays: 0,
        }),
    );
  }
}
