import { BootstrapSecretStore } from "../lib/contracts/secret-store";
import { secretsManagerStore } from "../lib/aws/secrets-manager-store";
import { secretManagerStore } from "../lib/gcp/secret-manager-store";
import { keyVaultStore } from "../lib/azure/key-vault-store";
import { DeploymentPlan, RegionPlan } from "../lib/plan/types";

/**
 * The secret store a region's Coder bootstrap secrets are kept in: Secrets Manager of the region
 * (its entries made by the infrastructure stack), Secret Manager of the project (likewise), the
 * region's Key Vault (entries made by the first `az keyvault secret set`). Plain data: `npm run
 * deploy` reads the entries through it before any Terraform runs.
 */
export function bootstrapSecretStore(plan: DeploymentPlan, region: RegionPlan): BootstrapSecretStore {
  switch (plan.cloud) {
    case "aws":
      return secretsManagerStore(region.region);
    case "gcp":
      return secretManagerStore(plan.gcp.project);
    case "azure": {
      const vault = region.azure?.keyVault;
      if (!vault) throw new Error(`The plan names no Key Vault for ${region.region}`);
      return keyVaultStore(vault);
    }
  }
}

/** One bootstrap secret as `npm run deploy` handles it: where it is kept and how to read and write it. */
export interface BootstrapSecretInput {
  readonly region: string;
  readonly variable: string;
  readonly storeName: string;
  readonly description: string;
  readonly readCommand: readonly string[];
  /** The whole command that makes the value and keeps it in the store. */
  readonly bootstrapCommand: string;
}

/** Every bootstrap secret of the deployment, primary region first; none when the Coder layer is left out. */
export function bootstrapSecretInputs(plan: DeploymentPlan): BootstrapSecretInput[] {
  if (!plan.coder.enabled) return [];
  return [plan.primary, plan.secondary].flatMap((region) => {
    const store = bootstrapSecretStore(plan, region);
    const coder = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
    return coder.bootstrapSecrets.map((secret) => ({
      region: region.region,
      variable: secret.variable,
      storeName: secret.storeName,
      description: secret.description,
      readCommand: store.readCommand(secret.storeName),
      bootstrapCommand: `${secret.createCommand} | tail -n 1 | ${store.writeCommand(secret.storeName)}`,
    }));
  });
}

/** What running a command gave: its exit status and output, or the error that kept it from running. */
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

export interface ResolvedBootstrapSecrets {
  /** `TF_VAR_*` values to give Terraform (never printed). */
  readonly env: Readonly<Record<string, string>>;
  /** Why the deploy must not start, one line each; empty when it may. */
  readonly problems: readonly string[];
}

/** Environment variable of the explicit first pass. */
export const FIRST_PASS_ENV = "TF_VAR_coder_first_pass";

/**
 * Finds each bootstrap secret before a deploy: in the environment (`TF_VAR_<variable>`, for CI that
 * keeps them elsewhere) or else in the region's secret store. On the first pass none may exist yet,
 * and one that does stops the deploy (a first pass after the bootstrap would remove the
 * provisioners and the proxy). Otherwise every one must be found.
 */
export function resolveBootstrapSecrets(
  inputs: readonly BootstrapSecretInput[],
  env: Readonly<Record<string, string | undefined>>,
  firstPass: boolean,
  run: (command: readonly string[]) => CommandResult,
): ResolvedBootstrapSecrets {
  const found: Record<string, string> = {};
  const problems: string[] = [];
  for (const input of inputs) {
    const given = env[`TF_VAR_${input.variable}`]?.trim();
    let value = given;
    let why = "";
    if (!value) {
      const result = run(input.readCommand);
      if (result.error) {
        why = `${input.readCommand[0]} could not be run (${result.error.message}); install it, or set TF_VAR_${input.variable}`;
      } else if (result.status !== 0) {
        why = firstLine(result.stderr) || `${input.readCommand[0]} exited with ${result.status}`;
      } else {
        value = result.stdout.trim();
        if (!value) why = "the entry is empty";
      }
    }
    if (firstPass) {
      if (value) {
        problems.push(
          `--first-pass, but the ${input.description} already exists (${input.storeName}): the bootstrap is done, and a first pass would remove ` +
            `the provisioners and the proxy. Deploy without --first-pass.`,
        );
      }
      continue;
    }
    if (value) {
      found[`TF_VAR_${input.variable}`] = value;
      continue;
    }
    problems.push(
      `TF_VAR_${input.variable} (the ${input.description}) was not found in ${input.storeName}: ${why}. Once coderd runs, make it with ` +
        `\`${input.bootstrapCommand}\`; on the very first deploy, before coderd exists, run npm run deploy -- --first-pass.`,
    );
  }
  return { env: firstPass && problems.length === 0 ? { [FIRST_PASS_ENV]: "true" } : found, problems };
}

/** The first non-empty line of a CLI's error output, without its closing full stop (the message adds its own). */
function firstLine(text: string): string {
  return (text.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "").replace(/\.$/, "");
}
