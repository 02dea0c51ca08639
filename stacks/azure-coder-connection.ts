import { TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AksKubernetesAccess } from "../lib/azure/aks-kubernetes-access";
import { KeyVaultPassword } from "../lib/azure/key-vault-password";
import { IKubernetesCluster } from "../lib/contracts/cluster";
import { IPostgresDatabase } from "../lib/contracts/database";
import { DeploymentPlan } from "../lib/plan/types";
import { CoderConnection } from "./coder-region-stack";

/**
 * Azure's part of a coder stack: the azurerm provider (only to read the database password from the
 * primary's Key Vault), AKS access through kubelogin, and the password. The provider registers no
 * resource providers (`none`): this stack creates no Azure resource, and registering needs
 * subscription-wide rights the identity running it should not need.
 */
export function azureCoderConnection(plan: DeploymentPlan) {
  return (stack: TerraformStack, cluster: IKubernetesCluster, database?: IPostgresDatabase): CoderConnection => {
    new AzurermProvider(stack, "azurerm", {
      subscriptionId: plan.azure.subscriptionId,
      tenantId: plan.azure.tenantId,
      resourceProviderRegistrations: "none",
      features: [{}],
    });
    const access = new AksKubernetesAccess(stack, "kubernetes-access", { cluster, tags: plan.tags });
    const vaultResourceGroupName = plan.primary.azure?.resourceGroup;
    if (database && !vaultResourceGroupName) throw new Error(`${stack.node.id}: the plan has no Azure names for ${plan.primary.region} (was it planned for azure?)`);
    const databasePassword =
      database && vaultResourceGroupName && new KeyVaultPassword(stack, "database-password", { credentials: database.credentials, vaultResourceGroupName }).password;
    return { access, databasePassword: databasePassword || undefined };
  };
}
