import { CLOUD_DEFAULTS } from "../reference/cloud-defaults";
import { PLACEHOLDER_DOMAIN } from "./schema";
import { Cloud } from "../reference/types";
import { CoderConfig, DeploymentConfig, ParsedConfig } from "./schema";

/**
 * Fills what the schema left to the cloud: region names, network ranges, the service range and the
 * Kubernetes version, from `CLOUD_DEFAULTS`. What the user wrote always wins.
 */
export function withCloudDefaults(parsed: ParsedConfig): DeploymentConfig {
  const defaults = CLOUD_DEFAULTS[parsed.cloud];
  const region = (role: "primary" | "secondary") => ({
    ...parsed.regions[role],
    name: parsed.regions[role].name ?? defaults.regions[role],
    networkCidr: parsed.regions[role].networkCidr ?? defaults.networkCidrs[role],
  });
  return {
    ...parsed,
    regions: { primary: region("primary"), secondary: region("secondary") },
    kubernetes: {
      ...parsed.kubernetes,
      version: parsed.kubernetes.version ?? defaults.kubernetes.default,
      serviceCidr: parsed.kubernetes.serviceCidr ?? defaults.serviceCidr,
    },
    coder: withCoderUrls(parsed.coder),
    // The bastion is the path npm run deploy takes to a private API when nothing else reaches it.
    aws: { ...parsed.aws, bastion: parsed.aws.bastion ?? (parsed.kubernetes.apiAllowedCidrs.length === 0 && parsed.aws.privateApiCidrs.length === 0) },
  };
}

/** Coder's four URLs, each given or made from coder.domain. */
export function coderUrls(coder: Partial<Pick<CoderConfig, "domain" | "accessUrl" | "wildcardAccessUrl" | "proxyAccessUrl" | "proxyWildcardAccessUrl">>) {
  const domain = coder.domain ?? PLACEHOLDER_DOMAIN;
  return {
    accessUrl: coder.accessUrl ?? `https://coder.${domain}`,
    wildcardAccessUrl: coder.wildcardAccessUrl ?? `*.coder.${domain}`,
    proxyAccessUrl: coder.proxyAccessUrl ?? `https://coder-proxy.${domain}`,
    proxyWildcardAccessUrl: coder.proxyWildcardAccessUrl ?? `*.coder-proxy.${domain}`,
  };
}

function withCoderUrls(coder: ParsedConfig["coder"]): CoderConfig {
  const { tlsSecretName: _replaced, ...rest } = coder;
  void _replaced;
  return { ...rest, ...coderUrls(coder) };
}

/** The cloud blocks of the config, each of which applies to its own cloud only. */
export const CLOUD_BLOCKS: readonly Cloud[] = ["aws", "gcp", "azure"];
