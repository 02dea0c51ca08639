import { LABEL_RULES } from "../reference/label-rules";

/**
 * The deployment's tags as GCP resource labels. GCP label keys and values take only lowercase
 * letters, digits, `_` and `-` (keys: no `/`, starting with a letter), at most 63 characters, and
 * the Google provider does not check them: a bad label fails only at apply. The config refuses such
 * tags on GCP; this guards constructs used as a library.
 *
 * Kubernetes node labels (`coder-refarch/pool`) are a different thing and go in `node_config.labels`.
 */
export function gcpLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  const rule = LABEL_RULES.gcp;
  for (const [key, value] of Object.entries(tags)) {
    if (rule && (!rule.key.test(key) || !rule.value.test(value))) {
      throw new Error(`Label ${JSON.stringify(key)}=${JSON.stringify(value)} is not in the form GCP allows: keys ${rule.keyForm}; values ${rule.valueForm} (${rule.source})`);
    }
  }
  return { ...tags };
}
