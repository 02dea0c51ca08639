import { createHash } from "node:crypto";
import { ConfigIssue } from "../config/errors";
import { AKS_DNS_PREFIX, KEY_VAULT_NAME, POSTGRES_SERVER_NAME } from "../reference/azure-limits";
import { AzureRegionNames } from "./types";

/** Hex characters of the hash that makes globally unique names unique. */
export const AZURE_NAME_SUFFIX_LENGTH = 6;

/** The Key Vault name's shape: `<prefix>-kv-<suffix>`. */
const KEY_VAULT_INFIX = "-kv-";

/** The longest `namePrefix` whose Key Vault name stays within Azure's 24 characters. */
export const AZURE_MAX_NAME_PREFIX = KEY_VAULT_NAME.max - KEY_VAULT_INFIX.length - AZURE_NAME_SUFFIX_LENGTH;

/**
 * A short, deterministic suffix for names Azure wants globally unique (Key Vault, PostgreSQL
 * server). Deterministic so every synth and every plan renders the same names (a random suffix
 * would need state before the plan could print a name); it hashes the subscription when the config
 * names one, so two subscriptions using the same prefix do not collide, and the region, so the two
 * regions' vaults differ. A re-deploy into the same subscription plans the same vault name, which
 * the provider then recovers from soft delete instead of failing on the name.
 */
export function azureNameSuffix(namePrefix: string, region: string, subscriptionId?: string): string {
  return createHash("sha256")
    .update(`${subscriptionId ?? ""}/${namePrefix}/${region}`)
    .digest("hex")
    .slice(0, AZURE_NAME_SUFFIX_LENGTH);
}

/** The names of one region's Azure resources. Check `azureNameIssues` first. */
export function azureRegionNames(namePrefix: string, region: string, role: "primary" | "secondary", subscriptionId?: string): AzureRegionNames {
  const suffix = azureNameSuffix(namePrefix, region, subscriptionId);
  const base = `${namePrefix}-${region}`;
  return {
    resourceGroup: base,
    nodeResourceGroup: `${base}-aks-nodes`,
    keyVault: `${namePrefix}${KEY_VAULT_INFIX}${suffix}`,
    dnsPrefix: base,
    postgresServer: `${base}-${role === "primary" ? "pg" : "pg-replica"}-${suffix}`,
    postgresDnsZone: `${namePrefix}.private.postgres.database.azure.com`,
    logAnalyticsWorkspace: base,
  };
}

/**
 * What Azure's name limits refuse in a config, as issues naming the field the user can change.
 * The prefix is the only free part of every name (region names are fixed), so it is what is named.
 */
export function azureNameIssues(namePrefix: string, regions: readonly string[], subscriptionId?: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (namePrefix.length > AZURE_MAX_NAME_PREFIX) {
    issues.push({
      path: "namePrefix",
      message:
        `is ${namePrefix.length} characters; on Azure it may have at most ${AZURE_MAX_NAME_PREFIX}, because Key Vault names ` +
        `("<prefix>${KEY_VAULT_INFIX}<${AZURE_NAME_SUFFIX_LENGTH} hex>") hold ${KEY_VAULT_NAME.max}`,
      value: namePrefix,
    });
    return issues;
  }
  for (const region of regions) {
    const names = azureRegionNames(namePrefix, region, "secondary", subscriptionId);
    const checks: ReadonlyArray<[string, string, RegExp, string]> = [
      ["Key Vault name", names.keyVault, KEY_VAULT_NAME.pattern, `${KEY_VAULT_NAME.min}-${KEY_VAULT_NAME.max} letters, digits or single '-'`],
      ["AKS DNS prefix", names.dnsPrefix, AKS_DNS_PREFIX.pattern, `at most ${AKS_DNS_PREFIX.max} letters, digits or '-'`],
      ["PostgreSQL server name", names.postgresServer, POSTGRES_SERVER_NAME.pattern, `at most ${POSTGRES_SERVER_NAME.max} letters, digits or '-'`],
    ];
    for (const [what, name, pattern, allowed] of checks) {
      // One issue per kind of name: the prefix is the cause, whichever region shows it.
      if (!pattern.test(name) && !issues.some((i) => i.message.includes(`the ${what} `))) {
        issues.push({ path: "namePrefix", message: `gives the ${what} "${name}", which Azure refuses (${allowed}); choose a shorter prefix without "--"`, value: namePrefix });
      }
    }
  }
  return issues;
}
