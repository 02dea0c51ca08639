import { GCP_LABEL_KEY, GCP_LABEL_VALUE } from "../config/gcp-rules";

/**
 * The deployment's tags as GCP resource labels. GCP label keys and values take only lowercase
 * letters, digits, `_` and `-` (keys: no `/`, starting with a letter), at most 63 characters, and
 * the Google provider does not check them: a bad label fails only at apply. The config refuses such
 * tags on GCP; this guards constructs used as a library.
 *
 * Kubernetes node labels (`coder-refarch/pool`) are a different thing and go in `node_config.labels`.
 */
export function gcpLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  for (const [key, value] of Object.entries(tags)) {
    if (!GCP_LABEL_KEY.test(key) || !GCP_LABEL_VALUE.test(value)) {
      throw new Error(`Label ${JSON.stringify(key)}=${JSON.stringify(value)} is not in the form GCP allows: lowercase letters, digits, '_' or '-', up to 63 characters, keys starting with a letter`);
    }
  }
  return { ...tags };
}
