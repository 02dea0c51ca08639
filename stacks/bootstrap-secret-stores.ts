import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from "node:crypto";
import { BootstrapSecretStore } from "../lib/contracts/secret-store";
import { secretsManagerStore } from "../lib/aws/secrets-manager-store";
import { secretManagerStore } from "../lib/gcp/secret-manager-store";
import { keyVaultStore } from "../lib/azure/key-vault-store";
import { BootstrapSecretPlan } from "../lib/plan/coder-plan";
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

/**
 * The shell command that puts a bootstrap secret into its store: a Coder CLI command's last line
 * piped in, or your PEM file redirected in; either way the value never appears on a command line.
 */
export function bootstrapCommand(secret: BootstrapSecretPlan, store: BootstrapSecretStore): string {
  const write = store.writeCommand(secret.storeName);
  return "coderCommand" in secret.source ? `${secret.source.coderCommand} | tail -n 1 | ${write}` : `${write} < ${secret.source.file}`;
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
  /** Needed on the first pass too (a certificate of yours). */
  readonly neededOnFirstPass: boolean;
  /** A PEM certificate chain, checked against the region's hosts before a deploy. */
  readonly certificateFor?: readonly string[];
  /** A PEM private key: the variable of the certificate it must match. */
  readonly privateKeyOf?: string;
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
      bootstrapCommand: bootstrapCommand(secret, store),
      neededOnFirstPass: secret.neededOnFirstPass,
      ...(secret.kind === "tls-certificate" && coder.ingress ? { certificateFor: coder.ingress.certificateNames } : {}),
      ...(secret.kind === "tls-private-key" ? { privateKeyOf: coder.bootstrapSecrets.find((s) => s.kind === "tls-certificate")?.variable } : {}),
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
 * keeps them elsewhere) or else in the region's secret store. On the first pass the keys and tokens
 * coderd makes cannot exist yet, and one that does stops the deploy (a first pass after the
 * bootstrap would remove the provisioners and the proxy); what coderd needs to start (your
 * certificate) must be there on every pass. A certificate is checked against the hosts it serves.
 */
export function resolveBootstrapSecrets(
  inputs: readonly BootstrapSecretInput[],
  env: Readonly<Record<string, string | undefined>>,
  firstPass: boolean,
  run: (command: readonly string[]) => CommandResult,
  now: Date = new Date(),
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
    if (firstPass && !input.neededOnFirstPass) {
      if (value) {
        problems.push(
          `--first-pass, but the ${input.description} already exists (${input.storeName}): the bootstrap is done, and a first pass would remove ` +
            `the provisioners and the proxy. Deploy without --first-pass.`,
        );
      }
      continue;
    }
    if (!value) {
      const when = input.neededOnFirstPass
        ? "Write it before deploying"
        : "Once coderd runs, make it";
      const firstPassHint = input.neededOnFirstPass ? "" : "; on the very first deploy, before coderd exists, run npm run deploy -- --first-pass";
      problems.push(`TF_VAR_${input.variable} (the ${input.description}) was not found in ${input.storeName}: ${why}. ${when} with \`${input.bootstrapCommand}\`${firstPassHint}.`);
      continue;
    }
    if (input.certificateFor) {
      const wrong = certificateProblem(value, input.certificateFor, now);
      if (wrong) {
        problems.push(`TF_VAR_${input.variable} (the ${input.description}, from ${input.storeName}) ${wrong}`);
        continue;
      }
    }
    found[`TF_VAR_${input.variable}`] = value;
  }
  for (const input of inputs) {
    const key = found[`TF_VAR_${input.variable}`];
    const certificate = input.privateKeyOf && found[`TF_VAR_${input.privateKeyOf}`];
    if (!key || !certificate) continue;
    const wrong = keyPairProblem(certificate, key);
    if (wrong) problems.push(`TF_VAR_${input.variable} (the ${input.description}, from ${input.storeName}) ${wrong}`);
  }
  if (problems.length > 0) return { env: {}, problems };
  return { env: firstPass ? { ...found, [FIRST_PASS_ENV]: "true" } : found, problems };
}

/** Whether a DNS name matches a certificate name (`*.a.b` matches one label under `a.b`). */
function nameCovers(certificateName: string, host: string): boolean {
  if (!certificateName.startsWith("*.")) return certificateName === host;
  const parent = certificateName.slice(2);
  return host.endsWith(`.${parent}`) && !host.slice(0, host.length - parent.length - 1).includes(".");
}

/** What is wrong with a PEM certificate chain for these names, or undefined. */
export function certificateProblem(pem: string, names: readonly string[], now: Date): string | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    return `is not a PEM certificate (${(error as Error).message})`;
  }
  const sans = (certificate.subjectAltName ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice(4).toLowerCase());
  // A wildcard URL's names are covered by the certificate's wildcard of the same parent.
  const missing = names.filter((name) => !sans.some((san) => (name.startsWith("*.") ? san === name : nameCovers(san, name))));
  if (missing.length > 0) return `does not cover ${missing.join(", ")}; its names: ${sans.join(", ") || "none"}`;
  if (new Date(certificate.validTo) <= now) return `expired on ${new Date(certificate.validTo).toISOString().slice(0, 10)}`;
  return undefined;
}

/** What keeps a PEM private key from serving a certificate, or undefined (Coder refuses to start with a mismatched pair). */
export function keyPairProblem(certificatePem: string, keyPem: string): string | undefined {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    return `is not a PEM private key (${(error as Error).message})`;
  }
  const publicOf = (k: KeyObject) => createPublicKey(k).export({ type: "spki", format: "der" });
  if (!publicOf(key).equals(new X509Certificate(certificatePem).publicKey.export({ type: "spki", format: "der" }))) {
    return "is not the private key of the certificate beside it";
  }
  return undefined;
}

/** The first non-empty line of a CLI's error output, without its closing full stop (the message adds its own). */
function firstLine(text: string): string {
  return (text.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "").replace(/\.$/, "");
}
