import { Construct } from "constructs";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";

export interface BootstrapSecretEntriesProps {
  /** The entries: a stable ID (the secret's kind) and the secret ID as the plan gives it (`<prefix>-<region>-coder-...`). */
  readonly entries: readonly { readonly id: string; readonly name: string }[];
  /** The region the values are kept in (user-managed replication, so they stay where the cluster is). */
  readonly region: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Secret Manager secrets, without a version, for the values only a running coderd can make
 * (provisioner keys, a proxy token). A person or CI adds each value once with gcloud (the coder
 * stack's `bootstrap_commands` output); `npm run deploy` reads the latest version. Terraform never
 * holds a value, only the empty secrets.
 */
export class BootstrapSecretEntries extends Construct {
  readonly secrets: SecretManagerSecret[];

  constructor(scope: Construct, id: string, props: BootstrapSecretEntriesProps) {
    super(scope, id);
    const names = props.entries.map((e) => e.name);
    if (new Set(names).size !== names.length) throw new Error(`BootstrapSecretEntries ${id}: secret names repeat: ${names.join(", ")}`);
    this.secrets = props.entries.map(
      ({ id: entryId, name }) =>
        new SecretManagerSecret(this, entryId, {
          secretId: name,
          replication: { userManaged: { replicas: [{ location: props.region }] } },
          labels: { ...props.labels },
        }),
    );
  }
}
