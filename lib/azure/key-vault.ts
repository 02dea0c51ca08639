import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { PropagationWait } from "../terraform/propagation-wait";
import { KeyVault as KeyVaultResource } from "@cdktf/provider-azurerm/lib/key-vault";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { KEY_VAULT_NAME } from "../reference/azure-limits";

/** Built-in roles on an RBAC Key Vault's data plane (learn.microsoft.com/azure/key-vault/general/rbac-guide). */
export const KEY_VAULT_ROLES = {
  cryptoOfficer: "Key Vault Crypto Officer",
  cryptoUser: "Key Vault Crypto User",
  secretsOfficer: "Key Vault Secrets Officer",
  secretsUser: "Key Vault Secrets User",
} as const;

/** Days a deleted vault stays recoverable (the maximum); with purge protection nobody can shorten it. */
export const KEY_VAULT_SOFT_DELETE_DAYS = 90;

export interface KeyVaultProps {
  /** From the plan (`AzureRegionNames.keyVault`): 3-24 characters, globally unique. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tenantId: string;
  /**
   * The identity running Terraform. Subscription Owner is not enough on an RBAC vault: creating keys
   * and secrets needs data-plane roles, so this construct grants them and everything it holds waits.
   */
  readonly deployerObjectId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A region's Key Vault for the cluster's KMS key and the database password: Azure RBAC only (no
 * access policies), purge protection on (AKS KMS requires it, and a deleted key must not take the
 * cluster's secrets with it), soft delete for the maximum 90 days.
 */
export class KeyVault extends Construct {
  readonly vault: KeyVaultResource;
  readonly vaultId: string;
  /** What creating keys and secrets must wait for: the deployer's data-plane roles. */
  readonly deployerAccess: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    super(scope, id);
    if (!KEY_VAULT_NAME.pattern.test(props.name)) {
      throw new Error(`KeyVault ${id}: "${props.name}" is not a Key Vault name (3-24 letters, digits, single '-', starting with a letter)`);
    }
    this.vault = new KeyVaultResource(this, "vault", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tenantId: props.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: KEY_VAULT_SOFT_DELETE_DAYS,
      // Terraform and AKS's KMS plugin (keyVaultNetworkAccess "Public") reach the vault over its
      // public endpoint, authorized by Entra ID; a private-only vault needs a private endpoint and a
      // deployer inside the VNet.
      publicNetworkAccessEnabled: true,
      networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
      tags: { ...props.tags },
    });
    this.vaultId = this.vault.id;
    const grants = [KEY_VAULT_ROLES.cryptoOfficer, KEY_VAULT_ROLES.secretsOfficer].map(
      (role) =>
        new RoleAssignment(this, `deployer-${role.toLowerCase().replace(/ /g, "-")}`, {
          scope: this.vault.id,
          roleDefinitionName: role,
          principalId: props.deployerObjectId,
        }),
    );
    // The key and the secrets are written right after: once the roles take effect, not once they exist.
    this.deployerAccess = [new PropagationWait(this, "deployer-access-propagation", { grants }).sleep];
  }
}
