import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";

export interface EncryptionKeyProps {
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
  /**
   * Key policy JSON.
   * @default the KMS default policy: the account's IAM policies decide who may use the key
   */
  readonly policy?: string;
  /**
   * Days a scheduled deletion waits, during which it can be cancelled.
   * @default 30 (the maximum)
   */
  readonly deletionWindowDays?: number;
  /**
   * Region of the key, when it is not the provider's (the resource-level `region` of aws provider 6.0+).
   * @default the provider's region
   */
  readonly region?: string;
}

/** A customer-managed KMS key with yearly rotation and a readable alias. */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    if (deletionWindowDays < 7 || deletionWindowDays > 30) {
      throw new Error(`EncryptionKey ${id}: deletionWindowDays must be 7-30, got ${deletionWindowDays}`);
    }
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      policy: props.policy,
      region: props.region,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId, region: props.region });
    this.arn = this.key.arn;
  }
}
