/**
 * Names within GCP's limits. Many GCP names are short (service account IDs 6-30 characters, GKE
 * clusters 40, KMS key rings 63); a name that would be longer keeps its start and ends with a short
 * hash of the whole, so it stays unique and the same on every synth.
 */
export function boundedName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const hash = fnv1a(name).toString(36).slice(0, 6);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** FNV-1a, 32 bits: a stable short hash, not a security measure. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Service account IDs: 6-30 characters, lowercase letters, digits and '-' (cloud.google.com/iam/docs/service-accounts-create). */
export const SERVICE_ACCOUNT_ID_MAX = 30;
/** GKE cluster names: at most 40 characters (cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters). */
export const GKE_CLUSTER_NAME_MAX = 40;
/** Compute Engine resource names (networks, subnets, routers, firewall rules): at most 63 characters (RFC 1035). */
export const COMPUTE_NAME_MAX = 63;
