import { Construct } from "constructs";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { PropagationWait } from "../terraform/propagation-wait";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { Id } from "@cdktf/provider-random/lib/id";
import { boundedName } from "./names";

/** Key rotation: every 90 days. */
export const KEY_ROTATION_PERIOD = `${90 * 24 * 3600}s`;

export interface GkeSecretsKeyProps {
  /** The cluster the key serves; names the key ring. */
  readonly clusterName: string;
  /** The cluster's region: GKE accepts only a key in the cluster's own location. */
  readonly region: string;
  /** Project number, which names the GKE service agent. */
  readonly projectNumber: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The Cloud KMS key that encrypts a GKE cluster's Secrets in etcd (application-layer secrets
 * encryption), in a key ring in the cluster's region, rotating every 90 days, with the GKE service
 * agent allowed to use it. The cluster must wait for `grantReady`: GKE checks the permission when it
 * creates the cluster, and a grant takes effect a while after it exists.
 *
 * Key rings and keys can never be deleted in Cloud KMS, so the key ring's name carries a random
 * suffix: a deployment destroyed and created again does not collide with its old ring.
 */
export class GkeSecretsKey extends Construct {
  readonly key: KmsCryptoKey;
  readonly keyId: string;
  readonly grant: KmsCryptoKeyIamMember;
  /** What the cluster waits for: the grant, and the time it takes to take effect. */
  readonly grantReady: PropagationWait;

  constructor(scope: Construct, id: string, props: GkeSecretsKeyProps) {
    super(scope, id);
    const suffix = new Id(this, "key-ring-suffix", { byteLength: 3 });
    const ring = new KmsKeyRing(this, "key-ring", {
      name: `${boundedName(`${props.clusterName}-gke`, 50)}-${suffix.hex}`,
      location: props.region,
    });
    this.key = new KmsCryptoKey(this, "key", {
      name: "kubernetes-secrets",
      keyRing: ring.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: KEY_ROTATION_PERIOD,
      labels: { ...props.labels },
      // Destroying it leaves the cluster's Secrets unreadable for good: the provider's docs "strongly
      // recommend" this guard (google_kms_crypto_key). Tearing down: docs/day-two-gcp.md.
      lifecycle: { preventDestroy: true },
    });
    this.keyId = this.key.id;
    this.grant = new KmsCryptoKeyIamMember(this, "gke-service-agent", {
      cryptoKeyId: this.key.id,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:service-${props.projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
    });
    this.grantReady = new PropagationWait(this, "grant-propagation", { grants: [this.grant] });
  }
}
