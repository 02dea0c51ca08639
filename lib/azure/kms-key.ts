import { Construct } from "constructs";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { KEY_VAULT_ROLES, KeyVault } from "./key-vault";

export interface KmsKeyProps {
  readonly vault: KeyVault;
  /** Name of the key and of the cluster's identity, e.g. the cluster name. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * What AKS KMS etcd encryption needs before the cluster exists: an RSA key in the vault, and a
 * USER-assigned identity (AKS KMS does not support a system-assigned one) that already holds Key
 * Vault Crypto User on the key, so the cluster waits for `cryptoUserAssignment`
 * (learn.microsoft.com/azure/aks/use-kms-etcd-encryption). The key has no expiry: an expired key
 * makes the API server unable to read its secrets.
 */
export class KmsKey extends Construct {
  readonly key: KeyVaultKey;
  /** Versioned key ID, which AKS KMS requires. */
  readonly keyId: string;
  readonly identity: UserAssignedIdentity;
  readonly cryptoUserAssignment: RoleAssignment;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    this.key = new KeyVaultKey(this, "key", {
      name: `${props.name}-etcd`,
      keyVaultId: props.vault.vaultId,
      keyType: "RSA",
      keySize: 2048,
      keyOpts: ["decrypt", "encrypt", "unwrapKey", "wrapKey"],
      tags: { ...props.tags },
      dependsOn: [...props.vault.deployerAccess],
    });
    this.keyId = this.key.id;
    this.identity = new UserAssignedIdentity(this, "cluster-identity", {
      name: `${props.name}-cluster`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: { ...props.tags },
    });
    // Scoped to this key only, not the vault: the cluster reads no other key or secret.
    this.cryptoUserAssignment = new RoleAssignment(this, "crypto-user", {
      scope: this.key.resourceVersionlessId,
      roleDefinitionName: KEY_VAULT_ROLES.cryptoUser,
      principalId: this.identity.principalId,
      // A managed identity: no directory lookup of the principal's type, which a new one may fail.
      principalType: "ServicePrincipal",
    });
  }
}
