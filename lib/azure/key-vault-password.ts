import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataAzurermKeyVault } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault";
import { DataAzurermKeyVaultSecret } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret";
import { DatabaseCredentials } from "../contracts/database";

/**
 * The parts of a versionless Key Vault secret ID (`https://<vault>.vault.azure.net/secrets/<name>`,
 * what `PostgresFlexibleServer` puts in the contract): vault name, secret name. `[.]` rather than
 * an escaped dot keeps the pattern free of backslashes through JSON and HCL.
 */
export const KEY_VAULT_SECRET_ID_PATTERN = "^https://([^.]+)[.][^/]+/secrets/([^/]+)/?$";

export interface KeyVaultPasswordProps {
  /** Where the database keeps its credentials: a Key Vault secret holding the password itself. */
  readonly credentials: DatabaseCredentials;
  /** Resource group of the vault (the primary region's, from the plan). */
  readonly vaultResourceGroupName: string;
}

/**
 * A database password read from Azure Key Vault when Terraform runs: the vault and secret names are
 * taken apart from the contract's secret ID at plan time (a malformed ID fails the plan, naming the
 * pattern), then read through the `azurerm_key_vault_secret` data source. The configuration holds
 * only references; once read, the value is in this stack's state (keep it in the azurerm backend:
 * storage accounts encrypt at rest).
 *
 * Reading needs a data-plane role on the RBAC vault: the infrastructure stack grants its deployer
 * `Key Vault Secrets Officer`, so the same identity reads it; another identity running the coder
 * stacks needs `Key Vault Secrets User` on the vault (subscription Owner alone is refused).
 */
export class KeyVaultPassword extends Construct {
  /** Terraform expression for the password; never a literal. */
  readonly password: string;
  readonly secret: DataAzurermKeyVaultSecret;

  constructor(scope: Construct, id: string, props: KeyVaultPasswordProps) {
    super(scope, id);
    const { credentials } = props;
    if (credentials.store !== "azure-key-vault") {
      throw new Error(`KeyVaultPassword ${id}: the credentials are kept in ${credentials.store}, not azure-key-vault`);
    }
    if (credentials.passwordField) {
      throw new Error(`KeyVaultPassword ${id}: a Key Vault secret holds the password itself; passwordField "${credentials.passwordField}" has no meaning here`);
    }
    const parts = Fn.regex(KEY_VAULT_SECRET_ID_PATTERN, credentials.reference);
    const vault = new DataAzurermKeyVault(this, "vault", { name: Fn.element(parts, 0), resourceGroupName: props.vaultResourceGroupName });
    this.secret = new DataAzurermKeyVaultSecret(this, "secret", { name: Fn.element(parts, 1), keyVaultId: vault.id });
    this.password = this.secret.value;
  }
}
