import { BootstrapSecretStore } from "../contracts/secret-store";

/**
 * A region's Key Vault as the store of Coder's bootstrap secrets (Azure CLI). The vault's RBAC gives
 * its deployer Key Vault Secrets Officer, which writing and reading need.
 */
export function keyVaultStore(vaultName: string): BootstrapSecretStore {
  return {
    kind: "azure-key-vault",
    writeCommand: (name) => `az keyvault secret set --vault-name ${vaultName} --name ${name} --file /dev/stdin --output none`,
    readCommand: (name) => ["az", "keyvault", "secret", "show", "--vault-name", vaultName, "--name", name, "--query", "value", "--output", "tsv"],
  };
}
