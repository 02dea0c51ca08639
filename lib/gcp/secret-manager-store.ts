import { BootstrapSecretStore } from "../contracts/secret-store";

/** Secret Manager of the deployment's project as the store of Coder's bootstrap secrets (gcloud). */
export function secretManagerStore(project: string | undefined): BootstrapSecretStore {
  const projectFlag = project ? [`--project=${project}`] : [];
  return {
    kind: "gcp-secret-manager",
    writeCommand: (name) => ["gcloud secrets versions add", name, "--data-file=-", ...projectFlag].join(" "),
    readCommand: (name) => ["gcloud", "secrets", "versions", "access", "latest", `--secret=${name}`, ...projectFlag],
  };
}
