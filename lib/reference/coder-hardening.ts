/**
 * coderd's security settings as this deployment sets them, with their sources. Option names,
 * types and Coder's own defaults: Coder's server reference (docs/reference/cli/server.md in
 * coder/coder): `--max-token-lifetime` (CODER_MAX_TOKEN_LIFETIME, a duration, default 876600h),
 * `--strict-transport-security` (CODER_STRICT_TRANSPORT_SECURITY, max-age in seconds, default 0, sent
 * only where Coder ends TLS itself, as it does here), `--disable-path-apps`, `--secure-auth-cookie`,
 * `--telemetry` (CODER_TELEMETRY_ENABLE, default true).
 */

/** The deployment's defaults: bounded tokens, a year of HSTS. */
export const CODER_HARDENING_DEFAULTS = {
  /** 90 days: a token made for CI expires within a quarter instead of in a century. */
  maxTokenLifetimeHours: 2_160,
  /** One year: the smallest max-age hstspreload.org accepts. */
  strictTransportSecuritySeconds: 31_536_000,
} as const;

/** Upper bounds of the config: a year of token lifetime, two years of HSTS (hstspreload.org's recommendation). */
export const CODER_HARDENING_LIMITS = {
  maxTokenLifetimeHours: 8_760,
  strictTransportSecuritySeconds: 63_072_000,
} as const;
